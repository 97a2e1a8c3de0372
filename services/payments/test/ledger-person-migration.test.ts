import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '@jiuzhu/db';
import { createTestSchema } from '@jiuzhu/db/testing';

const MIGRATIONS = fileURLToPath(new URL('../prisma/migrations/', import.meta.url));
const LEDGER_PERSON = '20261124110000_ledger_payee';
const schema = createTestSchema('payments_ledger_person');
let sql: pg.Client;
const copies: string[] = [];

/** Applies the migrations up to `last` (those after it might change what this test reads). */
async function migrateUpTo(last: string, inclusive: boolean) {
  const dir = await mkdtemp(join(tmpdir(), 'payments-migrations-'));
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
  // The database as it was before the ledger named persons.
  await migrateUpTo(LEDGER_PERSON, false);
  sql = new pg.Client({ connectionString: schema.connectionString });
  await sql.connect();
  await sql.query(`SET search_path TO ${sql.escapeIdentifier(schema.schema)}`);
});
afterAll(async () => {
  await sql?.end();
  await schema.drop();
  for (const dir of copies) await rm(dir, { recursive: true, force: true });
});

describe('migration: the ledger names persons', () => {
  it('gives earlier movements the payee of their decision, and donation receipts no one', async () => {
    const caseId = crypto.randomUUID();
    const decisionId = crypto.randomUUID();
    const pledgeId = crypto.randomUUID();
    // A decision paid in two instalments to one payee.
    for (const n of [1, 2])
      await sql.query(
        `INSERT INTO payment_instruction (id, decision_id, instalment_no, instalment_count, case_id, handling_org_id, amount_fen, decision_amount_fen, status, payee_name, bank_account, bank_account_masked, bank_account_hash, approved_at, due_at, paid_at)
         VALUES (gen_random_uuid(), $1, $2, 2, $3, 'court-440983', 500, 1000, 'paid', '李某某', 'enc:v2:abc:xyz', '***0123', 'hash-of-account', now(), now(), now())`,
        [decisionId, n, caseId],
      );
    const entry = (decision: string, ofCase: string, account: string, memo: string) =>
      sql.query(
        `INSERT INTO ledger_entry (id, transaction_id, org_id, account, debit_fen, credit_fen, fund_source, case_id, decision_id, actor_user_id, memo)
         VALUES (gen_random_uuid(), gen_random_uuid(), 'court-440983', $1, 500, 0, 'central_transfer', $2, $3, 'u', $4)`,
        [account, ofCase, decision, memo],
      );
    await entry(decisionId, caseId, 'assistance_paid', '发放救助金第1/2期');
    await entry(decisionId, caseId, 'assistance_paid', '发放救助金第2/2期');
    await entry(decisionId, caseId, 'recovery_receivable', '确认应追回救助金');
    await entry(pledgeId, crypto.randomUUID(), 'fund:donation', '社会捐助到账');

    expect((await migrateUpTo(LEDGER_PERSON, true)).applied).toEqual([LEDGER_PERSON]);
    const { rows } = await sql.query<{ memo: string; payee_name: string | null; payee_ref: string | null }>(
      `SELECT memo, payee_name, payee_ref FROM ledger_entry`,
    );
    expect(rows.sort((a, b) => (a.memo < b.memo ? -1 : 1))).toEqual([
      { memo: '发放救助金第1/2期', payee_name: '李某某', payee_ref: 'hash-of-account' },
      { memo: '发放救助金第2/2期', payee_name: '李某某', payee_ref: 'hash-of-account' },
      { memo: '确认应追回救助金', payee_name: '李某某', payee_ref: 'hash-of-account' },
      { memo: '社会捐助到账', payee_name: null, payee_ref: null },
    ]);
  });
});
