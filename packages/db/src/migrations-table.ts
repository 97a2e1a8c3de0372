import type { ClientBase } from 'pg';

export const MIGRATIONS_TABLE = '_prisma_migrations';

/** Column for column what Prisma Migrate creates on PostgreSQL, so `prisma migrate deploy` can take over. */
export function createMigrationsTableSql(schemaIdent: string): string {
  return `CREATE TABLE IF NOT EXISTS ${schemaIdent}.${MIGRATIONS_TABLE} (
    id                  VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum            VARCHAR(64) NOT NULL,
    finished_at         TIMESTAMPTZ,
    migration_name      VARCHAR(255) NOT NULL,
    logs                TEXT,
    rolled_back_at      TIMESTAMPTZ,
    started_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count INTEGER NOT NULL DEFAULT 0
  )`;
}

export interface MigrationRecord {
  id: string;
  checksum: string;
  migrationName: string;
  startedAt: Date;
  finishedAt: Date | null;
  rolledBackAt: Date | null;
  logs: string | null;
}

export async function readMigrationRecords(
  client: ClientBase,
  schemaIdent: string,
): Promise<MigrationRecord[]> {
  const { rows } = await client.query<{
    id: string;
    checksum: string;
    migration_name: string;
    started_at: Date;
    finished_at: Date | null;
    rolled_back_at: Date | null;
    logs: string | null;
  }>(
    `SELECT id, checksum, migration_name, started_at, finished_at, rolled_back_at, logs
       FROM ${schemaIdent}.${MIGRATIONS_TABLE} ORDER BY started_at, migration_name`,
  );
  return rows.map((row) => ({
    id: row.id,
    checksum: row.checksum,
    migrationName: row.migration_name,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    rolledBackAt: row.rolled_back_at,
    logs: row.logs,
  }));
}

export async function recordMigrationStarted(
  client: ClientBase,
  schemaIdent: string,
  record: { id: string; migrationName: string; checksum: string },
): Promise<void> {
  await client.query(
    `INSERT INTO ${schemaIdent}.${MIGRATIONS_TABLE} (id, checksum, migration_name, started_at, applied_steps_count)
     VALUES ($1, $2, $3, clock_timestamp(), 0)`,
    [record.id, record.checksum, record.migrationName],
  );
}

export async function recordMigrationFinished(
  client: ClientBase,
  schemaIdent: string,
  id: string,
): Promise<void> {
  await client.query(
    `UPDATE ${schemaIdent}.${MIGRATIONS_TABLE}
        SET finished_at = clock_timestamp(), applied_steps_count = applied_steps_count + 1
      WHERE id = $1`,
    [id],
  );
}

export async function recordMigrationFailed(
  client: ClientBase,
  schemaIdent: string,
  id: string,
  logs: string,
): Promise<void> {
  await client.query(`UPDATE ${schemaIdent}.${MIGRATIONS_TABLE} SET logs = $2 WHERE id = $1`, [id, logs]);
}
