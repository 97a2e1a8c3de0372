import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionIssued } from '@jiuzhu/contracts';
import { eventually, failureOf } from '@jiuzhu/service-kit/testing';
import {
  anApprovedDecision,
  clientsFor,
  moneyFacts,
  PAYEE,
  QUIET_BANK,
  type Harness,
  startPayments,
} from './helpers.ts';
import { beijingYear } from '@jiuzhu/calendar';

const year = beijingYear();

/** A payments service whose simulated bank misbehaves as told, with a funded budget. */
async function withBank(env: Record<string, string>) {
  const harness = await startPayments({ ...QUIET_BANK, ...env });
  const as = clientsFor(harness);
  const finance = await as('xinyi.finance');
  await finance.setBudget.mutate({
    orgId: 'court-440983',
    year,
    fundSource: 'central_transfer',
    allocatedFen: 5_000_000,
  });
  async function pay(amountFen: number) {
    const decision = anApprovedDecision(amountFen);
    await harness.deliver(decisionIssued, decision);
    await eventually(() => finance.getPayment.query({ caseId: decision.caseId }), 'payment instruction');
    await finance.preparePayment.mutate({ caseId: decision.caseId, ...PAYEE });
    return decision.caseId;
  }
  const statusOf = async (caseId: string, status: string) =>
    eventually(async () => {
      const payment = await finance.getPayment.query({ caseId });
      return payment.status === status ? payment : undefined;
    }, `payment ${status}`);
  return { harness, finance, pay, statusOf };
}

const needsAttentionEvents = (harness: Harness, caseId: string) =>
  harness.query<{ payload: { reason: string; attempts: number; amountFen: number } }>(
    `SELECT envelope->'payload' AS payload FROM outbox WHERE key = $1 AND envelope->>'type' = 'payments.payment-needs-attention' ORDER BY seq`,
    [caseId],
  );

const started: Harness[] = [];
afterAll(async () => {
  for (const harness of started) await harness.stop();
});

describe('when the bank misbehaves', () => {
  let duplicating: Awaited<ReturnType<typeof withBank>>;
  let failing: Awaited<ReturnType<typeof withBank>>;
  let silent: Awaited<ReturnType<typeof withBank>>;
  beforeAll(async () => {
    [duplicating, failing, silent] = await Promise.all([
      withBank({ SIM_BANK_DUPLICATE_NOTIFICATION_RATE: '1' }),
      withBank({ SIM_BANK_FAILURE_RATE: '1', PAYMENTS_MAX_ATTEMPTS: '2', PAYMENTS_RETRY_DELAY_MS: '0' }),
      withBank({ SIM_BANK_LOST_NOTIFICATION_RATE: '1', PAYMENTS_CONFIRM_TIMEOUT_MS: '300' }),
    ]);
    started.push(duplicating.harness, failing.harness, silent.harness);
  });

  it('a confirmation arriving twice pays once and keeps the ledger balanced', async () => {
    const caseId = await duplicating.pay(800_000);
    await duplicating.statusOf(caseId, 'paid');
    const { funds } = await duplicating.finance.reconcile.query({ orgId: 'court-440983', year });
    expect(funds).toEqual([
      expect.objectContaining({ bankConfirmedFen: 800_000, budgetSpentFen: 800_000, reconciled: true }),
    ]);
    expect(await moneyFacts(duplicating.harness, caseId)).toEqual({
      disbursements: 1,
      unbalancedTransactions: 0,
      ledgerPaidFen: 800_000,
      disbursementEvents: 1,
    });
  });

  it('a failed transfer is retried under a new key, then handed to the finance officer, who may cancel it', async () => {
    const caseId = await failing.pay(700_000);
    const stuck = await failing.statusOf(caseId, 'needs_attention');
    expect(stuck).toMatchObject({ attempts: 2, lastError: expect.stringContaining('银行退回') });
    expect(await failing.finance.listPayments.query({ status: 'needs_attention' })).toEqual([
      expect.objectContaining({ caseId }),
    ]);
    expect(await failing.harness.query(`SELECT 1 FROM sim_bank_transfer`)).toHaveLength(2);
    expect(await moneyFacts(failing.harness, caseId)).toMatchObject({ disbursements: 0, ledgerPaidFen: 0 });
    expect(await needsAttentionEvents(failing.harness, caseId)).toEqual([
      {
        payload: expect.objectContaining({
          amountFen: 700_000,
          attempts: 2,
          reason: expect.stringContaining('银行退回'),
        }),
      },
    ]);
    expect(await failing.finance.listPaymentAlerts.query({})).toEqual([
      { kind: 'needs_attention', payment: expect.objectContaining({ caseId, status: 'needs_attention' }) },
    ]);

    await failing.finance.retryPayment.mutate({ caseId });
    await failing.statusOf(caseId, 'needs_attention');
    expect(await failing.harness.query(`SELECT 1 FROM sim_bank_transfer`)).toHaveLength(3);
    expect(await needsAttentionEvents(failing.harness, caseId)).toHaveLength(2);
    const cancelled = await failing.finance.cancelPayment.mutate({
      caseId,
      reason: '收款账户已注销，待申请人提供新账户',
    });
    expect(cancelled.status).toBe('cancelled');
    const [budget] = await failing.finance.listBudgets.query({ orgId: 'court-440983', year });
    expect(budget).toMatchObject({ availableFen: 5_000_000, reservedFen: 0, spentFen: 0 });
    expect((await failureOf(failing.finance.retryPayment.mutate({ caseId }))).status).toBe(409);
  });

  it('a transfer the bank never answers is chased after the timeout and paid once', async () => {
    const caseId = await silent.pay(900_000);
    await silent.statusOf(caseId, 'paid');
    expect(await moneyFacts(silent.harness, caseId)).toEqual({
      disbursements: 1,
      unbalancedTransactions: 0,
      ledgerPaidFen: 900_000,
      disbursementEvents: 1,
    });
  });
});
