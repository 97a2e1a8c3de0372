import { createCipheriv, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionIssued } from '@jiuzhu/contracts';
import { ConfigError, createLogger, startService } from '@jiuzhu/service-kit';
import { eventually, failureOf } from '@jiuzhu/service-kit/testing';
import { bankAccountCipher, dataKeyFrom } from '../src/bank-account-crypto.ts';
import { paymentsService } from '../src/service.ts';
import { anApprovedDecision, clientsFor, PAYEE, QUIET_BANK, type Harness, startPayments } from './helpers.ts';
import { beijingYear } from '@jiuzhu/calendar';

const ORG = 'court-440983';
const year = beijingYear();
let harness: Harness;
let as: ReturnType<typeof clientsFor>;

const storedAccountOf = async (caseId: string) =>
  (
    await harness.query<{ bank_account: string }>(
      `SELECT bank_account FROM payment_instruction WHERE case_id = $1`,
      [caseId],
    )
  )[0]!.bank_account;

beforeAll(async () => {
  harness = await startPayments({
    ...QUIET_BANK,
    PAYMENTS_DATA_KEY: randomBytes(32).toString('base64'),
    PAYMENTS_HOUSEKEEPING_INTERVAL_MS: '100',
  });
  as = clientsFor(harness);
  await (
    await as('xinyi.finance')
  ).setBudget.mutate({ orgId: ORG, year, fundSource: 'central_transfer', allocatedFen: 5_000_000 });
});
afterAll(async () => harness?.stop());

describe('bank accounts at rest', () => {
  it('stores accounts encrypted, shows them masked, and reveals them only to the agency’s finance officers, audited', async () => {
    const finance = await as('xinyi.finance');
    const decision = anApprovedDecision(120_000);
    await harness.deliver(decisionIssued, decision);
    await eventually(() => finance.getPayment.query({ caseId: decision.caseId }), 'instruction');
    const prepared = await finance.preparePayment.mutate({ caseId: decision.caseId, ...PAYEE });
    expect(prepared.bankAccountMasked).toBe('***************0123');
    const stored = await storedAccountOf(decision.caseId);
    expect(stored).toMatch(/^enc:v2:[0-9a-f]{12}:/);
    expect(stored).not.toContain('7890123');
    // The bank still gets the real account: the payment goes through.
    await eventually(async () => {
      const p = await finance.getPayment.query({ caseId: decision.caseId });
      return p.status === 'paid' ? p : undefined;
    }, 'paid');

    for (const user of ['xinyi.caseworker', 'xinyi.chief', 'gaozhou-jcy.finance', 'xinyi-civil.officer'])
      expect(
        (
          await failureOf(
            (await as(user)).revealBankAccount.mutate({ paymentId: prepared.paymentId, purpose: '核对账户' }),
          )
        ).status,
        user,
      ).toBe(403);
    expect(await harness.query(`SELECT 1 FROM bank_account_access`)).toHaveLength(0);

    const revealed = await finance.revealBankAccount.mutate({
      paymentId: prepared.paymentId,
      purpose: '银行退票核对账户',
    });
    expect(revealed).toEqual({
      paymentId: prepared.paymentId,
      payeeName: PAYEE.payeeName,
      bankName: PAYEE.bankName,
      bankAccount: PAYEE.bankAccount,
    });
    const audit = await harness.query<{ instruction_id: string; accessed_by_org: string; purpose: string }>(
      `SELECT instruction_id, accessed_by_org, purpose FROM bank_account_access`,
    );
    expect(audit).toEqual([
      { instruction_id: prepared.paymentId, accessed_by_org: ORG, purpose: '银行退票核对账户' },
    ]);
  });

  it('encrypts accounts stored in plain text before encryption was introduced', async () => {
    const finance = await as('xinyi.finance');
    const { caseId } = await harness.openCase();
    const [{ id } = { id: '' }] = await harness.query<{ id: string }>(
      `INSERT INTO payment_instruction (id, decision_id, case_id, handling_org_id, amount_fen, decision_amount_fen, status, payee_name, bank_account, bank_name, approved_at, due_at)
       VALUES (gen_random_uuid(), gen_random_uuid(), $1, $2, 1000, 1000, 'cancelled', '张某', '6217000011112222333', '中国建设银行', now(), now()) RETURNING id`,
      [caseId, ORG],
    );
    await eventually(
      async () => ((await storedAccountOf(caseId)).startsWith('enc:v2:') ? true : undefined),
      'encrypted',
    );
    expect((await finance.getPayment.query({ caseId })).bankAccountMasked).toBe('***************2333');
    expect(
      (await finance.revealBankAccount.mutate({ paymentId: id, purpose: '核对历史账户' })).bankAccount,
    ).toBe('6217000011112222333');
  });

  it('refuses to start in production without a data key, and detects tampering', () => {
    const logger = createLogger('payments-test');
    expect(() => dataKeyFrom(undefined, { NODE_ENV: 'production' }, logger)).toThrow(ConfigError);
    expect(dataKeyFrom(undefined, { NODE_ENV: 'development' }, logger)).toHaveLength(32);
    const cipher = bankAccountCipher(randomBytes(32));
    const sealed = cipher.encrypt('6222021234567890123');
    expect(cipher.encrypt('6222021234567890123')).not.toBe(sealed);
    expect(cipher.decrypt(sealed)).toBe('6222021234567890123');
    expect(cipher.fingerprint('6222021234567890123')).toBe(cipher.fingerprint('6222021234567890123'));
    const [, , keyId, body] = sealed.split(':');
    const raw = Buffer.from(body!, 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => cipher.decrypt(`enc:v2:${keyId}:${raw.toString('base64')}`)).toThrow();
    expect(() => bankAccountCipher(randomBytes(32)).decrypt(sealed)).toThrow(/unknown key/);
  });
});

/** A value as stored before key ids were introduced (enc:v1: iv, tag and ciphertext, base64). */
function sealedWithoutKeyId(key: Buffer, account: string) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(account, 'utf8'), cipher.final()]);
  return `enc:v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

describe('data key rotation (PAYMENTS_DATA_KEY_PREVIOUS)', () => {
  it('reads accounts sealed with the previous key, and re-encrypts them with the current key at start', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const rotated = {
      ...QUIET_BANK,
      PAYMENTS_DATA_KEY: newKey.toString('base64'),
      PAYMENTS_DATA_KEY_PREVIOUS: oldKey.toString('base64'),
      // Only the start-up run re-encrypts during this test.
      PAYMENTS_HOUSEKEEPING_INTERVAL_MS: '3600000',
    };
    const first = await startPayments(rotated);
    const later = { stop: async () => {} };
    try {
      const finance = await clientsFor(first)('xinyi.finance');
      const accounts = ['6217000011112222333', '6228480402564890018'];
      const sealed = [
        bankAccountCipher(oldKey).encrypt(accounts[0]!),
        sealedWithoutKeyId(oldKey, accounts[1]!),
      ];
      const rows: { caseId: string; id: string }[] = [];
      for (const [n, stored] of sealed.entries()) {
        const { caseId } = await first.openCase();
        const [{ id, decision_id } = { id: '', decision_id: '' }] = await first.query<{
          id: string;
          decision_id: string;
        }>(
          `INSERT INTO payment_instruction (id, decision_id, case_id, handling_org_id, amount_fen, decision_amount_fen, status, payee_name, bank_account, bank_account_masked, bank_account_hash, bank_name, approved_at, due_at)
           VALUES (gen_random_uuid(), gen_random_uuid(), $1, $2, 1000, 1000, 'cancelled', '张某', $3, $4, 'old-hash', '中国建设银行', now(), now()) RETURNING id, decision_id`,
          [caseId, ORG, stored, `***************${accounts[n]!.slice(-4)}`],
        );
        // A ledger movement of that decision, naming the payee by the old key's hash.
        await first.query(
          `INSERT INTO ledger_entry (id, transaction_id, org_id, account, debit_fen, credit_fen, fund_source, case_id, decision_id, actor_user_id, memo, payee_name, payee_ref)
           VALUES (gen_random_uuid(), gen_random_uuid(), $1, 'assistance_paid', 1000, 0, 'central_transfer', $2, $3, 'seed', '发放救助金', '张某', 'old-hash')`,
          [ORG, caseId, decision_id],
        );
        rows.push({ caseId, id });
      }
      // Sealed with the old key, they open only with it listed as previous.
      expect(sealed.map((v) => bankAccountCipher(newKey, [oldKey]).decrypt(v))).toEqual(accounts);
      for (const v of sealed) expect(() => bankAccountCipher(newKey).decrypt(v)).toThrow();
      for (const [n, { id }] of rows.entries())
        expect(
          (await finance.revealBankAccount.mutate({ paymentId: id, purpose: '核对账户' })).bankAccount,
        ).toBe(accounts[n]);
      const storedNow = async () =>
        first.query<{ bank_account: string; bank_account_hash: string }>(
          `SELECT bank_account, bank_account_hash FROM payment_instruction WHERE id = ANY($1) ORDER BY case_id = $2 DESC`,
          [rows.map((r) => r.id), rows[0]!.caseId],
        );

      // The service starts again (same database, same keys): its start-up job moves both to the new key. (The first
      // instance runs the job again only in an hour.)
      const restarted = await startService(paymentsService, {
        ...rotated,
        HOST: '127.0.0.1',
        PORT: '0',
        DATABASE_URL: process.env['TEST_DATABASE_URL'] || 'postgresql://postgres@127.0.0.1:5432/test',
        DB_SCHEMA: first.schema,
        BUS_SCHEMA: `${first.schema}_bus`,
        KEYCLOAK_URL: 'http://127.0.0.1:9',
      });
      later.stop = () => restarted.stop();
      const current = bankAccountCipher(newKey);
      const reencrypted = await eventually(async () => {
        const now = await storedNow();
        return now.every((r) => r.bank_account.startsWith(current.currentPrefix)) ? now : undefined;
      }, 're-encrypted with the new key');
      expect(reencrypted.map((r) => current.decrypt(r.bank_account))).toEqual(accounts);
      expect(reencrypted.map((r) => r.bank_account_hash)).toEqual(
        accounts.map((a) => current.fingerprint(a)),
      );
      // The ledger still tells the same persons apart: each decision's movements follow its payee's new hash.
      const ledgerRefs = await first.query<{ payee_ref: string }>(
        `SELECT payee_ref FROM ledger_entry WHERE case_id = ANY($1) ORDER BY case_id = $2 DESC`,
        [rows.map((r) => r.caseId), rows[0]!.caseId],
      );
      expect(ledgerRefs.map((r) => r.payee_ref)).toEqual(accounts.map((a) => current.fingerprint(a)));
      // The old key is no longer needed for them.
      for (const r of reencrypted) expect(() => bankAccountCipher(oldKey).decrypt(r.bank_account)).toThrow();
      for (const [n, { id }] of rows.entries())
        expect(
          (await finance.revealBankAccount.mutate({ paymentId: id, purpose: '核对账户' })).bankAccount,
        ).toBe(accounts[n]);
    } finally {
      await later.stop();
      await first.stop();
    }
  });
});

describe('the parent agency’s supervisors', () => {
  it('read a child agency’s payments and statistics but cannot act on them', async () => {
    const finance = await as('xinyi.finance');
    const decision = anApprovedDecision(80_000);
    await harness.deliver(decisionIssued, decision);
    await eventually(() => finance.getPayment.query({ caseId: decision.caseId }), 'instruction');
    const supervisor = await as('maoming.supervisor');
    expect(await supervisor.getPayment.query({ caseId: decision.caseId })).toMatchObject({
      amountFen: 80_000,
      bankAccountMasked: null,
    });
    expect(
      await supervisor.statistics.query({ orgId: ORG, from: `${year}-01-01`, to: `${year}-12-31` }),
    ).toMatchObject({ orgId: ORG });
    expect(await supervisor.listBudgets.query({ orgId: ORG, year })).toHaveLength(1);
    expect(await supervisor.listLedger.query({ orgId: ORG })).not.toHaveLength(0);
    expect(await supervisor.listPaymentAlerts.query({ orgId: ORG })).toEqual([]);

    const { paymentId } = await finance.getPayment.query({ caseId: decision.caseId });
    const actions = [
      () => supervisor.preparePayment.mutate({ caseId: decision.caseId, ...PAYEE }),
      () => supervisor.setBudget.mutate({ orgId: ORG, year, fundSource: 'county_finance', allocatedFen: 1 }),
      () => supervisor.cancelPayment.mutate({ caseId: decision.caseId, reason: '上级撤销' }),
      () => supervisor.revealBankAccount.mutate({ paymentId, purpose: '上级检查' }),
    ];
    for (const act of actions) expect((await failureOf(act())).status).toBe(403);
    // Supervision reaches one level up only, and not across to another agency's line.
    for (const user of ['guangdong.supervisor', 'maoming-jcy.supervisor', 'maoming.caseworker'])
      expect(
        (await failureOf((await as(user)).getPayment.query({ caseId: decision.caseId }))).status,
        user,
      ).toBe(403);
  });

  it('read a child agency’s payment when the case’s opening names the parent, none of its staff having signed in', async () => {
    // 高州市人民法院: no one of it ever calls payments in this test file, so only the events can tell its parent.
    const child = 'court-440981';
    const supervisor = await as('maoming.supervisor');
    // A case opened before openings carried the parent stays with its agency.
    const older = anApprovedDecision(30_000, child);
    await harness.openCase({ caseId: older.caseId, handlingOrgId: child, handlingOrgParentId: undefined });
    await harness.deliver(decisionIssued, older);
    await eventually(
      async () =>
        (await harness.query(`SELECT 1 FROM payment_instruction WHERE case_id = $1`, [older.caseId]))[0],
      'instruction of the older event',
    );
    expect((await failureOf(supervisor.getPayment.query({ caseId: older.caseId }))).status).toBe(403);

    const decision = anApprovedDecision(40_000, child);
    await harness.openCase({
      caseId: decision.caseId,
      handlingOrgId: child,
      handlingOrgParentId: 'court-440900',
    });
    await harness.deliver(decisionIssued, decision);
    const payment = await eventually(
      () => supervisor.getPayment.query({ caseId: decision.caseId }),
      'the supervisor’s read',
    );
    expect(payment).toMatchObject({ handlingOrgId: child, amountFen: 40_000, status: 'awaiting_payee' });
    // The agency's money as a whole: the opening told payments the agency's parent.
    expect(await supervisor.listLedger.query({ orgId: child })).toEqual([]);
    // Only one level up, and only on that line.
    for (const user of ['guangdong.supervisor', 'maoming-jcy.supervisor'])
      expect(
        (await failureOf((await as(user)).getPayment.query({ caseId: decision.caseId }))).status,
        user,
      ).toBe(403);
  });
});
