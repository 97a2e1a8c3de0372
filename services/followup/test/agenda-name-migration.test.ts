import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '@jiuzhu/db';
import { createTestSchema } from '@jiuzhu/db/testing';

const MIGRATIONS = fileURLToPath(new URL('../prisma/migrations/', import.meta.url));
const AGENDA_NAME = '20261206120000_agenda_responsible_org_name';
const schema = createTestSchema('followup_agenda_name');
let sql: pg.Client;
const copies: string[] = [];

/** Applies the migrations up to `last` (those after it might change what this test reads). */
async function migrateUpTo(last: string, inclusive: boolean) {
  const dir = await mkdtemp(join(tmpdir(), 'followup-migrations-'));
  copies.push(dir);
  for (const entry of await readdir(MIGRATIONS))
    if (entry < last || (inclusive && entry === last) || entry === 'migration_lock.toml')
      await cp(join(MIGRATIONS, entry), join(dir, entry), { recursive: true });
  return applyMigrations({
    connectionString: schema.connectionString,
    schema: schema.schema,
    migrationsDir: dir,
  });
}

beforeAll(async () => {
  // The database as it was before agenda items kept the responsible organisation's name.
  await migrateUpTo(AGENDA_NAME, false);
  sql = new pg.Client({ connectionString: schema.connectionString });
  await sql.connect();
  await sql.query(`SET search_path TO ${sql.escapeIdentifier(schema.schema)}`);
});
afterAll(async () => {
  await sql?.end();
  await schema.drop();
  for (const dir of copies) await rm(dir, { recursive: true, force: true });
});

describe('migration: agenda items name the responsible organisation', () => {
  it('gives earlier items the name the SSO put in that organisation’s tokens, and the others none', async () => {
    await sql.query(
      `INSERT INTO organisation (id, name, region) VALUES ('civil-affairs-440983', '信宜市民政局', '440983')`,
    );
    for (const [topic, org] of [
      ['低保衔接', 'civil-affairs-440983'],
      ['残疾人补贴', 'disabled-persons-federation-440983'],
    ])
      await sql.query(
        `INSERT INTO agenda_item (id, region, meeting_on, topic, decision, responsible_org_id, due_on, recorded_by)
         VALUES (gen_random_uuid(), '440983', '2026-09-28', $1, '按期反馈', $2, '2026-10-31', 'u')`,
        [topic, org],
      );

    expect((await migrateUpTo(AGENDA_NAME, true)).applied).toEqual([AGENDA_NAME]);
    const { rows } = await sql.query<{ topic: string; responsible_org_name: string | null }>(
      `SELECT topic, responsible_org_name FROM agenda_item ORDER BY responsible_org_id`,
    );
    expect(rows).toEqual([
      { topic: '低保衔接', responsible_org_name: '信宜市民政局' },
      { topic: '残疾人补贴', responsible_org_name: null },
    ]);
  });
});
