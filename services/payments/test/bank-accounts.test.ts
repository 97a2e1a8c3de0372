import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionIssued } from '@jiuzhu/contracts';
import { ConfigError, createLogger } from '@jiuzhu/service-kit';
import { eventually, failureOf, startServiceUnderTest } from '@jiuzhu/service-kit/testing';
import { bankAccountCipher, dataKeyFrom } from '../src/bank-account-crypto.ts';
import { paymentsService } from '../src/service.ts';
import { anApprovedDecision, clientsFor, PAYEE, QUIET_BANK, type Harness } from './helpers.ts';

const ORG = 'court-440983';
const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
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
  harness = await startServiceUnderTest(paymentsService, {
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
    expect(stored).toMatch(/^enc:v1:/);
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
    const caseId = crypto.randomUUID();
    const [{ id } = { id: '' }] = await harness.query<{ id: string }>(
      `INSERT INTO payment_instruction (id, decision_id, case_id, handling_org_id, amount_fen, decision_amount_fen, status, payee_name, bank_account, bank_name, approved_at, due_at)
       VALUES (gen_random_uuid(), gen_random_uuid(), $1, $2, 1000, 1000, 'cancelled', '张某', '6217000011112222333', '中国建设银行', now(), now()) RETURNING id`,
      [caseId, ORG],
    );
    await eventually(
      async () => ((await storedAccountOf(caseId)).startsWith('enc:v1:') ? true : undefined),
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
    const raw = Buffer.from(sealed.slice('enc:v1:'.length), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => cipher.decrypt(`enc:v1:${raw.toString('base64')}`)).toThrow();
    expect(() => bankAccountCipher(randomBytes(32)).decrypt(sealed)).toThrow();
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
});
