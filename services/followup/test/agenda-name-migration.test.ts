import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beforeMigration } from './migrations.ts';

const AGENDA_NAME = '20261206120000_agenda_responsible_org_name';
let db: Awaited<ReturnType<typeof beforeMigration>>;

// The database as it was before agenda items kept the responsible organisation's name.
beforeAll(async () => {
  db = await beforeMigration(AGENDA_NAME);
});
afterAll(async () => db?.drop());

describe('migration: agenda items name the responsible organisation', () => {
  it('gives earlier items the name the SSO put in that organisation’s tokens, and the others none', async () => {
    await db.sql.query(
      `INSERT INTO organisation (id, name, region) VALUES ('civil-affairs-440983', '信宜市民政局', '440983')`,
    );
    for (const [topic, org] of [
      ['低保衔接', 'civil-affairs-440983'],
      ['残疾人补贴', 'disabled-persons-federation-440983'],
    ])
      await db.sql.query(
        `INSERT INTO agenda_item (id, region, meeting_on, topic, decision, responsible_org_id, due_on, recorded_by)
         VALUES (gen_random_uuid(), '440983', '2026-09-28', $1, '按期反馈', $2, '2026-10-31', 'u')`,
        [topic, org],
      );

    expect(await db.migrate()).toEqual([AGENDA_NAME]);
    const { rows } = await db.sql.query<{ topic: string; responsible_org_name: string | null }>(
      `SELECT topic, responsible_org_name FROM agenda_item ORDER BY responsible_org_id`,
    );
    expect(rows).toEqual([
      { topic: '低保衔接', responsible_org_name: '信宜市民政局' },
      { topic: '残疾人补贴', responsible_org_name: null },
    ]);
  });
});
