// Preloaded with `node --import @jiuzhu/telemetry/register …` so tracing is running before application code.
import { register } from 'node:module';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import { shutdownTelemetry } from './sdk-state.ts';
import { startTelemetry } from './start.ts';

// ESM imports (express, pg, node:http named exports) are only patchable through the loader hook; it wraps
// exactly the modules the instrumentations ask for.
const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);

if (startTelemetry()) {
  process.once('beforeExit', () => void shutdownTelemetry());
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const onSignal = () => {
      // A service with its own handler stops gracefully and calls shutdownTelemetry() itself.
      if (process.listenerCount(signal) > 1) return;
      process.removeListener(signal, onSignal);
      void shutdownTelemetry().then(() => process.kill(process.pid, signal));
    };
    process.on(signal, onSignal);
  }
}

await waitForAllMessagesAcknowledged();
