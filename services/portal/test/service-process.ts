import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createTestSchema } from '@jiuzhu/db/testing';
import { freePort } from './free-port.ts';

export interface ServiceProcess {
  url: string;
  stop(): Promise<void>;
}

/**
 * One service as its own process (as the start command runs it), on a fresh schema of the test database,
 * publishing and consuming on `busSchema`. A process rather than an import: one service never imports another.
 * `env` adds settings of that service (e.g. how often it runs a periodic job).
 */
export async function startServiceProcess(
  name: string,
  keycloakUrl: string,
  busSchema: string,
  env: Record<string, string> = {},
): Promise<ServiceProcess> {
  const schema = createTestSchema(`portal_${name}`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--conditions=jiuzhu-source', 'src/main.ts'], {
    cwd: fileURLToPath(new URL(`../../${name}/`, import.meta.url)),
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: schema.connectionString,
      DB_SCHEMA: schema.schema,
      BUS_SCHEMA: busSchema,
      KEYCLOAK_URL: keycloakUrl,
      KEYCLOAK_REALM: 'jiuzhu',
      // A hung bank call costs a payment ~40 s before it is chased; the payments tests cover it.
      SIM_BANK_SEND_TIMEOUT_RATE: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    await schema.drop();
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`${name} exited with code ${child.exitCode}:\n${output}`);
    }
    const ready = await fetch(`${url}/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} was not ready within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, stop };
}

/** Drops the shared bus schema once every service using it has stopped. */
export async function dropSchema(connectionString: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${admin.escapeIdentifier(name)} CASCADE`);
  await admin.end();
}
