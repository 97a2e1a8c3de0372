// Applies one service's committed Prisma migrations to its schema:
//   DATABASE_URL=... node --conditions=jiuzhu-source packages/db/src/migrate-cli.ts --schema intake \
//     --dir services/intake/prisma/migrations
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { applyMigrations } from './apply-migrations.ts';

const usage =
  'usage: migrate-cli --schema <schema> --dir <migrations dir> [--lock-timeout-ms <ms>]  (DATABASE_URL in env)';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      schema: { type: 'string' },
      dir: { type: 'string' },
      'lock-timeout-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const connectionString = process.env['DATABASE_URL'];
  if (!values.schema || !values.dir || !connectionString) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const lockTimeoutMs =
    values['lock-timeout-ms'] === undefined ? undefined : Number(values['lock-timeout-ms']);
  const { applied } = await applyMigrations({
    connectionString,
    schema: values.schema,
    migrationsDir: resolve(values.dir),
    log: (message) => process.stdout.write(`${message}\n`),
    ...(lockTimeoutMs !== undefined && Number.isFinite(lockTimeoutMs) ? { lockTimeoutMs } : {}),
  });
  process.stdout.write(`${applied.length} migration(s) applied to schema ${values.schema}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
