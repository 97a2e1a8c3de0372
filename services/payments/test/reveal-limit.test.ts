import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionIssued } from '@jiuzhu/contracts';
import { eventually, failureOf } from '@jiuzhu/service-kit/testing';
import { anApprovedDecision, clientsFor, PAYEE, QUIET_BANK, startPayments, type Harness } from './helpers.ts';
import { beijingYear } from '@jiuzhu/calendar';

const ORG = 'court-440983';
const year = beijingYear();
let harness: Harness;
let as: ReturnType<typeof clientsFor>;

beforeAll(async () => {
  harness = await startPayments({
    ...QUIET_BANK,
    PAYMENTS_DATA_KEY: randomBytes(32).toString('base64'),
    REVEALS_PER_MINUTE: '2',
  });
  as = clientsFor(harness);
  await (
    await as('xinyi.finance')
  ).setBudget.mutate({ orgId: ORG, year, fundSource: 'central_transfer', allocatedFen: 5_000_000 });
});
afterAll(async () => harness?.stop());

describe('payments: the per-person limit on reveals of bank accounts', () => {
  it('refuses the reveal beyond the limit with 429 and raises an alert for the agency, once a minute', async () => {
    const finance = await as('xinyi.finance');
    const decision = anApprovedDecision(80_000);
    await harness.deliver(decisionIssued, decision);
    await eventually(() => finance.getPayment.query({ caseId: decision.caseId }), 'instruction');
    const { paymentId } = await finance.preparePayment.mutate({ caseId: decision.caseId, ...PAYEE });

    for (let i = 0; i < 2; i += 1)
      expect((await finance.revealBankAccount.mutate({ paymentId, purpose: '核对账户' })).bankAccount).toBe(
        PAYEE.bankAccount,
      );
    for (let i = 0; i < 2; i += 1)
      expect(await failureOf(finance.revealBankAccount.mutate({ paymentId, purpose: '核对账户' }))).toEqual({
        status: 429,
        message: '一分钟内查看完整个人信息已达2次，请稍后再试。此情况已记录并提示本机构。',
      });

    expect(
      await harness.query('SELECT 1 FROM bank_account_access WHERE instruction_id = $1', [paymentId]),
    ).toHaveLength(2);
    expect(await harness.query('SELECT org_id, procedure, reveals FROM reveal_alert')).toEqual([
      { org_id: ORG, procedure: 'revealBankAccount', reveals: 2 },
    ]);
    const events = await harness.query<{ key: string; type: string }>(
      `SELECT key, envelope->>'type' AS type FROM outbox WHERE envelope->>'type' LIKE '%reveal-limit%'`,
    );
    expect(events).toEqual([{ key: decision.caseId, type: 'payments.reveal-limit-exceeded' }]);
  });
});
