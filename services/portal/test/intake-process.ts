import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createTestSchema } from '@jiuzhu/db/testing';
import { freePort } from './free-port.ts';

const INTAKE_DIR = fileURLToPath(new URL('../../intake/', import.meta.url));

/**
 * The intake service as its own process (as the start command runs it), on a fresh schema of the test
 * database. A process rather than an import: one service never imports another (module boundaries).
 */
export async function startIntakeProcess(keycloakUrl: string) {
  const schema = createTestSchema('portal_intake');
  const busSchema = `${schema.schema}_bus`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--conditions=jiuzhu-source', 'src/main.ts'], {
    cwd: INTAKE_DIR,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: schema.connectionString,
      DB_SCHEMA: schema.schema,
      BUS_SCHEMA: busSchema,
      KEYCLOAK_URL: keycloakUrl,
      KEYCLOAK_REALM: 'jiuzhu',
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
    const admin = new pg.Client({ connectionString: schema.connectionString });
    await admin.connect();
    for (const name of [schema.schema, busSchema])
      await admin.query(`DROP SCHEMA IF EXISTS ${admin.escapeIdentifier(name)} CASCADE`);
    await admin.end();
  };

  const deadline = Date.now() + 45_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`intake exited with code ${child.exitCode}:\n${output}`);
    }
    const ready = await fetch(`${url}/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`intake was not ready within 45 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, stop };
}
