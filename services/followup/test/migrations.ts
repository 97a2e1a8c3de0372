import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { applyMigrations } from '@jiuzhu/db';
import { createTestSchema } from '@jiuzhu/db/testing';

const MIGRATIONS = fileURLToPath(new URL('../prisma/migrations/', import.meta.url));

/**
 * A test schema migrated step by step: the database as it was before `migration`, filled by the test with SQL,
 * and then that migration alone, to see what it does to earlier rows.
 */
export async function beforeMigration(migration: string) {
  const schema = createTestSchema('followup_migration');
  const copies: string[] = [];
  /** Applies the migrations up to `migration` (those after it might change what the test reads). */
  const migrateUpTo = async (inclusive: boolean) => {
    const dir = await mkdtemp(join(tmpdir(), 'followup-migrations-'));
    copies.push(dir);
    for (const entry of await readdir(MIGRATIONS))
      if (entry < migration || (inclusive && entry === migration) || entry === 'migration_lock.toml')
        await cp(join(MIGRATIONS, entry), join(dir, entry), { recursive: true });
    return applyMigrations({
      connectionString: schema.connectionString,
      schema: schema.schema,
      migrationsDir: dir,
    });
  };
  await migrateUpTo(false);
  const sql = new pg.Client({ connectionString: schema.connectionString });
  await sql.connect();
  await sql.query(`SET search_path TO ${sql.escapeIdentifier(schema.schema)}`);
  return {
    sql,
    /** Applies `migration`; answers the migrations applied. */
    migrate: async () => (await migrateUpTo(true)).applied,
    async drop() {
      await sql.end();
      await schema.drop();
      for (const dir of copies) await rm(dir, { recursive: true, force: true });
    },
  };
}
