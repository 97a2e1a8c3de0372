import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { scriptMatchesChecksum } from './checksum.ts';
import { MigrationError } from './migration-error.ts';
import { readMigrationsDirectory, type MigrationFile } from './migrations-directory.ts';
import {
  createMigrationsTableSql,
  MIGRATIONS_TABLE,
  readMigrationRecords,
  recordMigrationFailed,
  recordMigrationFinished,
  recordMigrationStarted,
  type MigrationRecord,
} from './migrations-table.ts';

/** The advisory lock key Prisma Migrate takes, so our runs and `prisma migrate deploy` exclude each other. */
export const PRISMA_MIGRATE_LOCK_KEY = 72707369;

export interface ApplyMigrationsOptions {
  connectionString: string;
  /** PostgreSQL schema the migrations run in; created when missing. */
  schema: string;
  /** Prisma Migrate layout: `<dir>/<timestamp_name>/migration.sql` and `<dir>/migration_lock.toml`. */
  migrationsDir: string;
  log?: (message: string) => void;
  /** How long to wait for another migrator to release the lock. Default 5 minutes. */
  lockTimeoutMs?: number;
}

export interface ApplyMigrationsResult {
  /** Names of the migrations applied by this run, in order. */
  applied: string[];
}

/**
 * Applies pending migrations the way `prisma migrate deploy` does, recording them in
 * `"<schema>"._prisma_migrations`. Refuses, without applying anything, when the history has a failed migration,
 * an applied migration whose file changed, or an applied migration missing from the directory.
 */
export async function applyMigrations(options: ApplyMigrationsOptions): Promise<ApplyMigrationsResult> {
  const log = options.log ?? (() => {});
  const directory = await readMigrationsDirectory(options.migrationsDir);
  if (directory.lockedProvider !== undefined && directory.lockedProvider !== 'postgresql') {
    throw new MigrationError(
      'PROVIDER_MISMATCH',
      [],
      `migration_lock.toml in ${options.migrationsDir} names provider "${directory.lockedProvider}", ` +
        'but these migrations are applied to PostgreSQL (Prisma P3019). Start a new migration history for postgresql.',
    );
  }

  const client = new pg.Client({ connectionString: options.connectionString });
  // A dropped connection surfaces as a rejected query; without a listener it would crash the process instead.
  client.on('error', () => {});
  await client.connect();
  try {
    await acquireMigrateLock(client, options.lockTimeoutMs ?? 300_000);
    const schemaIdent = client.escapeIdentifier(options.schema);
    await ensureSchema(client, options.schema, schemaIdent);
    await initializeHistory(client, options.schema, schemaIdent);

    const records = await readMigrationRecords(client, schemaIdent);
    assertHistoryDeployable(records, directory.migrations, options);

    const appliedNames = new Set(records.filter((r) => r.rolledBackAt === null).map((r) => r.migrationName));
    const pending = directory.migrations.filter((m) => !appliedNames.has(m.name));
    const applied: string[] = [];
    for (const migration of pending) {
      await applyOne(client, schemaIdent, options.schema, migration);
      applied.push(migration.name);
      log(`applied migration ${migration.name} to schema ${options.schema}`);
    }
    if (applied.length === 0)
      log(`schema ${options.schema} is up to date (${directory.migrations.length} migrations)`);
    return { applied };
  } finally {
    // Ending the session releases the advisory lock as well.
    await client.end().catch(() => {});
  }
}

async function acquireMigrateLock(client: pg.Client, timeoutMs: number): Promise<void> {
  await client.query(`SET lock_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') {
      throw new MigrationError(
        'LOCK_TIMEOUT',
        [],
        `Waited ${timeoutMs} ms for the migration lock (pg_advisory_lock(${PRISMA_MIGRATE_LOCK_KEY})); ` +
          'another migrator is still running or a session left holding it.',
        { cause: error },
      );
    }
    throw error;
  } finally {
    await client.query('RESET lock_timeout');
  }
}

async function ensureSchema(client: pg.Client, schema: string, schemaIdent: string): Promise<void> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (rowCount === 0) await client.query(`CREATE SCHEMA ${schemaIdent}`);
}

/** Tables PostGIS creates by itself; Prisma does not count them when deciding whether a schema is empty. */
const IGNORED_TABLES = new Set([
  'spatial_ref_sys',
  'geometry_columns',
  'geography_columns',
  'raster_columns',
  'raster_overviews',
]);

async function initializeHistory(client: pg.Client, schema: string, schemaIdent: string): Promise<void> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'r'`,
    [schema],
  );
  const tables = rows.map((r) => r.name);
  if (tables.includes(MIGRATIONS_TABLE)) return;
  const existing = tables.filter((name) => !IGNORED_TABLES.has(name.toLowerCase()));
  if (existing.length > 0) {
    throw new MigrationError(
      'SCHEMA_NOT_EMPTY',
      [],
      `Schema "${schema}" already has tables (${existing.slice(0, 5).join(', ')}${existing.length > 5 ? ', …' : ''}) ` +
        `but no ${MIGRATIONS_TABLE} history, so migrations cannot be applied (as prisma migrate deploy, P3005). ` +
        'Baseline it by recording the migrations it already reflects as applied ' +
        '(`prisma migrate resolve --applied <name>`), or use an empty schema.',
    );
  }
  await client.query(createMigrationsTableSql(schemaIdent));
}

function assertHistoryDeployable(
  records: MigrationRecord[],
  files: MigrationFile[],
  options: ApplyMigrationsOptions,
): void {
  const table = `"${options.schema}".${MIGRATIONS_TABLE}`;
  const failed = records.filter((r) => r.finishedAt === null && r.rolledBackAt === null);
  if (failed.length > 0) {
    const details = failed
      .map((r) => {
        const logs = r.logs?.trim() ? ` with the following logs:\n${r.logs.trim()}` : '';
        return `- ${r.migrationName}, started at ${r.startedAt.toISOString()}, failed${logs}`;
      })
      .join('\n');
    throw new MigrationError(
      'FAILED_MIGRATION_RECORDED',
      failed.map((r) => r.migrationName),
      `Found failed migrations in ${table}; no new migrations will be applied (as prisma migrate deploy, P3009).\n` +
        `${details}\n` +
        'Undo or complete the failed migration by hand, then mark it with ' +
        '`prisma migrate resolve --rolled-back <name>` (or `--applied <name>`), ' +
        `or set rolled_back_at = now() on its row in ${table}, and deploy again.`,
    );
  }

  const applied = records.filter((r) => r.rolledBackAt === null);
  const byName = new Map(files.map((f) => [f.name, f]));

  const missing = [
    ...new Set(applied.filter((r) => !byName.has(r.migrationName)).map((r) => r.migrationName)),
  ];
  if (missing.length > 0) {
    throw new MigrationError(
      'MIGRATION_MISSING',
      missing,
      `Migrations recorded as applied in ${table} are missing from ${options.migrationsDir}: ${missing.join(', ')}. ` +
        'Check that the directory belongs to this schema and that no applied migration was deleted or renamed.',
    );
  }

  const modified = [
    ...new Set(
      applied
        .filter((r) => !scriptMatchesChecksum(byName.get(r.migrationName)?.script ?? '', r.checksum))
        .map((r) => r.migrationName),
    ),
  ];
  if (modified.length > 0) {
    throw new MigrationError(
      'MIGRATION_MODIFIED',
      modified,
      `Migrations were modified after they were applied to ${table}: ${modified.join(', ')} ` +
        '(migration.sql no longer matches the recorded checksum). Restore the applied file and put the change ' +
        'in a new migration.',
    );
  }
}

async function applyOne(client: pg.Client, schemaIdent: string, schema: string, migration: MigrationFile) {
  const id = randomUUID();
  // Recorded before the script runs, as Prisma does: a crash mid-way leaves a visible failed row.
  await recordMigrationStarted(client, schemaIdent, {
    id,
    migrationName: migration.name,
    checksum: migration.checksum,
  });
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL search_path TO ${schemaIdent}`);
    await client.query(migration.script);
    await recordMigrationFinished(client, schemaIdent, id);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    const logs = failureLogs(migration.name, error);
    await recordMigrationFailed(client, schemaIdent, id, logs);
    throw new MigrationError(
      'MIGRATION_FAILED',
      [migration.name],
      `Migration ${migration.name} failed in schema ${schema}; its changes were rolled back and it is recorded as ` +
        `failed, so later runs refuse until it is resolved.\n${logs}`,
      { cause: error },
    );
  }
}

function failureLogs(name: string, error: unknown): string {
  const e = error as { message?: string; code?: string; position?: string; detail?: string };
  const lines = [`Migration \`${name}\` failed to apply.`];
  if (e.code) lines.push(`Database error code: ${e.code}`);
  lines.push(`Database error: ${e.message ?? String(error)}`);
  if (e.detail) lines.push(`Detail: ${e.detail}`);
  if (e.position) lines.push(`Position: character ${e.position} of migration.sql`);
  return lines.join('\n');
}
