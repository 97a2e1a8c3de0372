import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { applyMigrations, MigrationError, PRISMA_MIGRATE_LOCK_KEY } from '../src/index.ts';
import { createTestSchema } from '../src/testing.ts';
import { query, workspaces } from './helpers.ts';

const cli = fileURLToPath(new URL('../src/migrate-cli.ts', import.meta.url));
const spaces = workspaces();
afterAll(() => spaces.cleanupAll());

function runCli(args: string[], databaseUrl: string) {
  return promisify(execFile)(process.execPath, ['--conditions=jiuzhu-source', cli, ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe('migrate-cli', () => {
  it('applies a service directory and reports refusals with a non-zero exit', async () => {
    const ws = await spaces.create('db_cli');
    const args = ['--schema', ws.db.schema, '--dir', ws.dir];

    const first = await runCli(args, ws.db.connectionString);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('20250101000000_init');
    expect(first.stdout).toContain(`2 migration(s) applied to schema ${ws.db.schema}`);

    await writeFile(
      join(ws.dir, '20250101000000_init', 'migration.sql'),
      'CREATE TABLE "Changed" ("id" TEXT);\n',
    );
    const refused = await runCli(args, ws.db.connectionString);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('20250101000000_init');
    expect(refused.stderr).toMatch(/modified after they were applied/);
  });

  it('prints usage when the schema or directory is missing', async () => {
    const result = await runCli(['--schema', 'intake'], 'postgresql://unused');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: migrate-cli');
  });
});

describe('migration lock', () => {
  it("waits for Prisma's advisory lock and gives up with a clear error after the timeout", async () => {
    const ws = await spaces.create('db_lock');
    const holder = new pg.Client({ connectionString: ws.db.connectionString });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
      const error = await applyMigrations({
        connectionString: ws.db.connectionString,
        schema: ws.db.schema,
        migrationsDir: ws.dir,
        lockTimeoutMs: 200,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as MigrationError).code).toBe('LOCK_TIMEOUT');
    } finally {
      await holder.end();
    }
    const exists = await query(ws.db.connectionString, 'SELECT 1 FROM pg_namespace WHERE nspname = $1', [
      ws.db.schema,
    ]);
    expect(exists).toHaveLength(0);
  });
});

describe('createTestSchema', () => {
  it('hands out distinct schema names that can be created and dropped', async () => {
    const a = createTestSchema('Bus Tests');
    const b = createTestSchema('Bus Tests');
    expect(a.schema).not.toBe(b.schema);
    expect(a.schema).toMatch(/^bus_tests_[0-9a-f]{12}$/);
    await a.create();
    const present = () =>
      query(a.connectionString, 'SELECT 1 FROM pg_namespace WHERE nspname = $1', [a.schema]);
    expect(await present()).toHaveLength(1);
    await a.drop();
    expect(await present()).toHaveLength(0);
  });
});
