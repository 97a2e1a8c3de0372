import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beforeMigration } from './migrations.ts';

const PARTNER_NAME = '20261206140000_referral_partner_org_name';
let db: Awaited<ReturnType<typeof beforeMigration>>;

// The database as it was before the ledger kept the partner's name of a referral.
beforeAll(async () => {
  db = await beforeMigration(PARTNER_NAME);
});
afterAll(async () => db?.drop());

describe('migration: referrals in the ledger name the partner', () => {
  it('gives earlier referrals the name the SSO put in that partner’s tokens, and the others none', async () => {
    await db.sql.query(
      `INSERT INTO organisation (id, name, region) VALUES ('civil-affairs-440983', '信宜市民政局', '440983')`,
    );
    for (const [summary, partner] of [
      ['移送civil-affairs-440983，申请低保', 'civil-affairs-440983'],
      ['移送disabled-persons-federation-440983，申请残疾人补贴', 'disabled-persons-federation-440983'],
    ])
      await db.sql.query(
        `INSERT INTO observation_entry
           (id, case_id, handling_org_id, occurred_at, source, org_id, kind, summary, partner_org_id, referral_id)
         VALUES (gen_random_uuid(), gen_random_uuid(), 'court-440983', '2026-09-01T02:00:00Z', 'referral',
                 'court-440983', 'referral_created', $1, $2, gen_random_uuid())`,
        [summary, partner],
      );

    expect(await db.migrate()).toEqual([PARTNER_NAME]);
    const { rows } = await db.sql.query<{ partner_org_id: string; partner_org_name: string | null }>(
      `SELECT partner_org_id, partner_org_name FROM observation_entry ORDER BY partner_org_id`,
    );
    expect(rows).toEqual([
      { partner_org_id: 'civil-affairs-440983', partner_org_name: '信宜市民政局' },
      { partner_org_id: 'disabled-persons-federation-440983', partner_org_name: null },
    ]);
  });
});
