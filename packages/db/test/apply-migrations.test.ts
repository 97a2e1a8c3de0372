import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyMigrations, MigrationError } from '../src/index.ts';
import { addMigration, query, workspaces, type Workspace } from './helpers.ts';

const INIT = '20250101000000_init';
const ADD_NOTE = '20250102000000_add_note';
const spaces = workspaces();
afterAll(() => spaces.cleanupAll());

const run = (ws: Workspace) =>
  applyMigrations({ connectionString: ws.db.connectionString, schema: ws.db.schema, migrationsDir: ws.dir });

async function rejection(promise: Promise<unknown>): Promise<MigrationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MigrationError);
  return error as MigrationError;
}

interface Row {
  id: string;
  checksum: string;
  migration_name: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
}
const rows = (ws: Workspace) =>
  query<Row>(
    ws.db.connectionString,
    `SELECT * FROM "${ws.db.schema}"._prisma_migrations ORDER BY started_at`,
  );

describe('applyMigrations', () => {
  it('creates the schema, applies the directory in order and records each migration as Prisma does', async () => {
    const ws = await spaces.create();
    const logged: string[] = [];
    const result = await applyMigrations({
      connectionString: ws.db.connectionString,
      schema: ws.db.schema,
      migrationsDir: ws.dir,
      log: (m) => logged.push(m),
    });

    expect(result.applied).toEqual([INIT, ADD_NOTE]);
    expect(logged.join('\n')).toContain(ADD_NOTE);
    const tables = await query<{ table_name: string }>(
      ws.db.connectionString,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
      [ws.db.schema],
    );
    expect(tables.map((t) => t.table_name)).toEqual(['Case', 'Note', '_prisma_migrations']);

    const recorded = await rows(ws);
    expect(recorded.map((r) => r.migration_name)).toEqual([INIT, ADD_NOTE]);
    for (const row of recorded) {
      const bytes = await readFile(join(ws.dir, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.applied_steps_count).toBe(1);
      expect(row.finished_at).not.toBeNull();
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
    }
  });

  it('applies nothing on a second run', async () => {
    const ws = await spaces.create();
    await run(ws);
    expect(await run(ws)).toEqual({ applied: [] });
    expect(await rows(ws)).toHaveLength(2);
  });

  it('applies only a newly added migration', async () => {
    const ws = await spaces.create();
    await run(ws);
    await addMigration(
      ws.dir,
      '20250103000000_note_author',
      'ALTER TABLE "Note" ADD COLUMN "author" TEXT;\n',
    );
    expect(await run(ws)).toEqual({ applied: ['20250103000000_note_author'] });
    const columns = await query<{ column_name: string }>(
      ws.db.connectionString,
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'Note'`,
      [ws.db.schema],
    );
    expect(columns.map((c) => c.column_name)).toContain('author');
  });

  it('refuses when an applied migration file was changed, and applies nothing else', async () => {
    const ws = await spaces.create();
    await run(ws);
    const file = join(ws.dir, INIT, 'migration.sql');
    await writeFile(
      file,
      `${await readFile(file, 'utf8')}\nCREATE INDEX "Case_title_idx" ON "Case"("title");\n`,
    );
    await addMigration(ws.dir, '20250103000000_later', 'CREATE TABLE "Later" ("id" TEXT PRIMARY KEY);\n');

    const error = await rejection(run(ws));
    expect(error.code).toBe('MIGRATION_MODIFIED');
    expect(error.migrations).toEqual([INIT]);
    expect(error.message).toContain(INIT);
    expect(error.message).toMatch(/modified after they were applied/);
    expect((await rows(ws)).map((r) => r.migration_name)).not.toContain('20250103000000_later');
  });

  it('accepts an applied file whose only change is CRLF line endings, as Prisma does', async () => {
    const ws = await spaces.create();
    await run(ws);
    const file = join(ws.dir, INIT, 'migration.sql');
    await writeFile(file, (await readFile(file, 'utf8')).replaceAll('\n', '\r\n'));
    expect(await run(ws)).toEqual({ applied: [] });
  });

  it('refuses when an applied migration is missing from the directory', async () => {
    const ws = await spaces.create();
    await run(ws);
    await rm(join(ws.dir, ADD_NOTE), { recursive: true });

    const error = await rejection(run(ws));
    expect(error.code).toBe('MIGRATION_MISSING');
    expect(error.message).toContain(ADD_NOTE);
  });

  it('leaves a failed row after bad SQL, refuses later runs, and resumes once the row is marked rolled back', async () => {
    const ws = await spaces.create();
    await run(ws);
    const bad = '20250103000000_broken';
    await addMigration(ws.dir, bad, 'CREATE TABLE "Half" ("id" TEXT PRIMARY KEY);\nSELEC oops;\n');

    const failure = await rejection(run(ws));
    expect(failure.code).toBe('MIGRATION_FAILED');
    expect(failure.message).toContain(bad);

    const failedRow = (await rows(ws)).find((r) => r.migration_name === bad);
    expect(failedRow).toMatchObject({ finished_at: null, rolled_back_at: null, applied_steps_count: 0 });
    expect(failedRow?.logs).toMatch(/syntax error/);
    const half = await query(
      ws.db.connectionString,
      `SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'Half'`,
      [ws.db.schema],
    );
    expect(half).toHaveLength(0);

    await addMigration(ws.dir, '20250104000000_next', 'CREATE TABLE "Next" ("id" TEXT PRIMARY KEY);\n');
    const refused = await rejection(run(ws));
    expect(refused.code).toBe('FAILED_MIGRATION_RECORDED');
    expect(refused.message).toContain(`${bad}, started at`);
    expect(refused.message).toMatch(/failed with the following logs:\n.*syntax error/s);
    expect(refused.message).toContain('prisma migrate resolve --rolled-back');

    // What `prisma migrate resolve --rolled-back` records; the fixed migration is then applied again.
    await query(
      ws.db.connectionString,
      `UPDATE "${ws.db.schema}"._prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1`,
      [bad],
    );
    await addMigration(ws.dir, bad, 'CREATE TABLE "Half" ("id" TEXT PRIMARY KEY);\n');
    expect(await run(ws)).toEqual({ applied: [bad, '20250104000000_next'] });
    expect((await rows(ws)).filter((r) => r.migration_name === bad)).toHaveLength(2);
  });

  it("creates _prisma_migrations with exactly Prisma's columns and types", async () => {
    const ws = await spaces.create();
    await run(ws);
    const columns = await query(
      ws.db.connectionString,
      `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
         FROM information_schema.columns WHERE table_schema = $1 AND table_name = '_prisma_migrations'
        ORDER BY ordinal_position`,
      [ws.db.schema],
    );
    expect(columns).toEqual([
      {
        column_name: 'id',
        data_type: 'character varying',
        character_maximum_length: 36,
        is_nullable: 'NO',
        column_default: null,
      },
      {
        column_name: 'checksum',
        data_type: 'character varying',
        character_maximum_length: 64,
        is_nullable: 'NO',
        column_default: null,
      },
      {
        column_name: 'finished_at',
        data_type: 'timestamp with time zone',
        character_maximum_length: null,
        is_nullable: 'YES',
        column_default: null,
      },
      {
        column_name: 'migration_name',
        data_type: 'character varying',
        character_maximum_length: 255,
        is_nullable: 'NO',
        column_default: null,
      },
      {
        column_name: 'logs',
        data_type: 'text',
        character_maximum_length: null,
        is_nullable: 'YES',
        column_default: null,
      },
      {
        column_name: 'rolled_back_at',
        data_type: 'timestamp with time zone',
        character_maximum_length: null,
        is_nullable: 'YES',
        column_default: null,
      },
      {
        column_name: 'started_at',
        data_type: 'timestamp with time zone',
        character_maximum_length: null,
        is_nullable: 'NO',
        column_default: 'now()',
      },
      {
        column_name: 'applied_steps_count',
        data_type: 'integer',
        character_maximum_length: null,
        is_nullable: 'NO',
        column_default: '0',
      },
    ]);
    const primaryKey = await query<{ column_name: string }>(
      ws.db.connectionString,
      `SELECT kcu.column_name FROM information_schema.table_constraints tc
         JOIN information_schema.key_column_usage kcu USING (constraint_schema, constraint_name)
        WHERE tc.table_schema = $1 AND tc.table_name = '_prisma_migrations' AND tc.constraint_type = 'PRIMARY KEY'`,
      [ws.db.schema],
    );
    expect(primaryKey).toEqual([{ column_name: 'id' }]);
  });

  it('applies each migration once when two runs start together', async () => {
    const ws = await spaces.create();
    await addMigration(
      ws.dir,
      '20250103000000_slow',
      'SELECT pg_sleep(0.3);\nCREATE TABLE "Slow" ("id" TEXT PRIMARY KEY);\n',
    );
    const [first, second] = await Promise.all([run(ws), run(ws)]);
    const all = [...first.applied, ...second.applied].sort();
    expect(all).toEqual([INIT, ADD_NOTE, '20250103000000_slow']);
    expect((await rows(ws)).map((r) => r.migration_name).sort()).toEqual(all);
  });

  it('refuses a schema that has tables but no migration history, as it needs a baseline', async () => {
    const ws = await spaces.create();
    await ws.db.create();
    await query(ws.db.connectionString, `CREATE TABLE "${ws.db.schema}"."Legacy" ("id" TEXT PRIMARY KEY)`);

    const error = await rejection(run(ws));
    expect(error.code).toBe('SCHEMA_NOT_EMPTY');
    expect(error.message).toContain('Legacy');
    const history = await query(
      ws.db.connectionString,
      `SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = '_prisma_migrations'`,
      [ws.db.schema],
    );
    expect(history).toHaveLength(0);
  });

  it('refuses a directory locked to another provider', async () => {
    const ws = await spaces.create();
    await writeFile(join(ws.dir, 'migration_lock.toml'), 'provider = "mysql"\n');
    const error = await rejection(run(ws));
    expect(error.code).toBe('PROVIDER_MISMATCH');
  });
});
