import { portalOptionsFromEnv } from './server/options.ts';
import { startPortal } from './server/portal-server.ts';

let portal: Awaited<ReturnType<typeof startPortal>>;
try {
  portal = await startPortal(portalOptionsFromEnv());
} catch (error) {
  process.stderr.write(`portal failed to start: ${(error as Error).message}\n`);
  process.exit(1);
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void portal.close().then(() => process.exit(0));
  });
}
