import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceApproved, decisionIssued } from '@jiuzhu/contracts';
import { eventually } from '@jiuzhu/service-kit/testing';
import { clientsFor, moneyFacts, PAYEE, QUIET_BANK, type Harness, startPayments } from './helpers.ts';
import { beijingYear } from '@jiuzhu/calendar';

const year = beijingYear();
const ORG = 'court-440983';
const WITHDRAWN = '先行救助撤销';

/**
 * A payments service whose bank holds every transfer until the test lets it settle (it settles by itself
 * only after an hour), with a funded budget.
 */
async function withSlowBank(env: Record<string, string>) {
  const harness = await startPayments({
    ...QUIET_BANK,
    SIM_BANK_SETTLE_MS: '3600000',
    ...env,
  });
  const as = clientsFor(harness);
  const finance = await as('xinyi.finance');
  await finance.setBudget.mutate({
    orgId: ORG,
    year,
    fundSource: 'county_finance',
    allocatedFen: 10_000_000,
  });

  /** An advance sent to the bank, which has not answered yet. */
  async function advanceAtBank(amountFen: number) {
    const caseId = crypto.randomUUID();
    await harness.deliver(advanceApproved, {
      caseId,
      handlingOrgId: ORG,
      advanceId: crypto.randomUUID(),
      amountFen,
      completeBy: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    await eventually(() => finance.getPayment.query({ caseId }), 'advance instruction');
    await finance.preparePayment.mutate({ caseId, ...PAYEE });
    const transferKey = await eventually(async () => {
      const [row] = await harness.query<{ key: string }>(
        `SELECT t.idempotency_key AS key FROM sim_bank_transfer t
           JOIN payment_instruction i ON i.idempotency_key = t.idempotency_key
          WHERE i.case_id = $1 AND i.status = 'sent'`,
        [caseId],
      );
      return row?.key;
    }, 'advance at the bank');
    return { caseId, transferKey };
  }

  /** The case is decided, and payments has handled the decision. */
  async function decide(caseId: string, outcome: 'approved' | 'refused', approvedAmountFen: number) {
    const envelope = await harness.deliver(decisionIssued, {
      caseId,
      handlingOrgId: ORG,
      decisionId: crypto.randomUUID(),
      outcome,
      approvedAmountFen,
    });
    await eventually(
      async () => (await harness.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [envelope.id]))[0],
      'decision handled',
    );
  }

  /** The bank settles the transfer now and notifies payments; resolves once that notifying pass is over. */
  async function bankSettles(transferKey: string) {
    await harness.query(`UPDATE sim_bank_transfer SET settle_at = now() WHERE idempotency_key = $1`, [
      transferKey,
    ]);
    await eventually(async () => {
      const [row] = await harness.query<{ status: string }>(
        `SELECT status FROM sim_bank_transfer WHERE idempotency_key = $1`,
        [transferKey],
      );
      return row?.status === 'pending' ? undefined : true;
    }, 'the bank settling the transfer');
    // A transfer of no payment's, due now, is settled by a later pass of the bank: once it is, the pass that
    // notified (possibly twice) has finished, since passes never overlap.
    const marker = `marker-${crypto.randomUUID()}`;
    await harness.query(
      `INSERT INTO sim_bank_transfer (idempotency_key, amount_fen, status, bank_ref, settle_at) VALUES ($1, 1, 'pending', 'SIM-marker', now())`,
      [marker],
    );
    await eventually(
      async () =>
        (
          await harness.query(
            `SELECT 1 FROM sim_bank_transfer WHERE idempotency_key = $1 AND status <> 'pending'`,
            [marker],
          )
        )[0],
      'a later pass of the bank',
    );
  }

  const netPaid = async (caseId: string) => {
    const [row] = await harness.query<{ net: string }>(
      `SELECT coalesce(sum(debit_fen - credit_fen), 0)::text AS net FROM ledger_entry WHERE case_id = $1 AND account = 'assistance_paid'`,
      [caseId],
    );
    return Number(row?.net);
  };
  const reconciled = async () => {
    const { funds } = await finance.reconcile.query({ orgId: ORG, year });
    return funds.map((f) => f.reconciled);
  };
  return { harness, finance, advanceAtBank, decide, bankSettles, netPaid, reconciled };
}

const started: Harness[] = [];
afterAll(async () => {
  for (const harness of started) await harness.stop();
});

describe('an advance at the bank when the case is refused or granted less', () => {
  let repeating: Awaited<ReturnType<typeof withSlowBank>>;
  let refusing: Awaited<ReturnType<typeof withSlowBank>>;
  beforeAll(async () => {
    [repeating, refusing] = await Promise.all([
      withSlowBank({ SIM_BANK_DUPLICATE_NOTIFICATION_RATE: '1' }),
      withSlowBank({ SIM_BANK_FAILURE_RATE: '1', PAYMENTS_RETRY_DELAY_MS: '0' }),
    ]);
    started.push(repeating.harness, refusing.harness);
  });

  it('becomes one receivable for what the bank paid, though the bank confirms it twice', async () => {
    const { harness, finance, advanceAtBank, decide, bankSettles, netPaid, reconciled } = repeating;
    const { caseId, transferKey } = await advanceAtBank(1_500_000);
    await decide(caseId, 'refused', 0);
    expect(await finance.getPayment.query({ caseId })).toMatchObject({ kind: 'advance', status: 'sent' });
    expect(await finance.listRecoveries.query({ caseId })).toEqual([]);

    await bankSettles(transferKey);
    expect(await finance.getPayment.query({ caseId })).toMatchObject({ status: 'paid' });
    expect(await finance.listRecoveries.query({ caseId })).toEqual([
      expect.objectContaining({
        amountFen: 1_500_000,
        collectedFen: 0,
        status: 'open',
        fundSource: 'county_finance',
        reason: expect.stringContaining('先行救助'),
      }),
    ]);
    expect(await moneyFacts(harness, caseId)).toMatchObject({
      disbursements: 1,
      unbalancedTransactions: 0,
      ledgerPaidFen: 1_500_000,
    });
    expect(await netPaid(caseId)).toBe(0);
    expect(await reconciled()).toEqual([true]);
  });

  it('granted less than the advance, recovers only the excess once the bank confirms', async () => {
    const { harness, finance, advanceAtBank, decide, bankSettles, netPaid, reconciled } = repeating;
    const { caseId, transferKey } = await advanceAtBank(1_000_000);
    await decide(caseId, 'approved', 400_000);
    await bankSettles(transferKey);

    const recoveries = await finance.listRecoveries.query({ caseId });
    expect(recoveries).toEqual([expect.objectContaining({ amountFen: 600_000, status: 'open' })]);
    const collected = await finance.collectRecovery.mutate({
      recoveryId: recoveries[0]!.recoveryId,
      amountFen: 600_000,
    });
    expect(collected.status).toBe('collected');
    expect(await netPaid(caseId)).toBe(400_000);
    expect(await moneyFacts(harness, caseId)).toMatchObject({ disbursements: 1, unbalancedTransactions: 0 });
    expect(await reconciled()).toEqual([true]);
  });

  it('owes nothing when the bank refuses it, and is cancelled rather than sent again', async () => {
    const { harness, finance, advanceAtBank, decide, bankSettles, netPaid, reconciled } = refusing;
    const [before] = await finance.listBudgets.query({ orgId: ORG, year });
    const { caseId, transferKey } = await advanceAtBank(700_000);
    await decide(caseId, 'refused', 0);
    await bankSettles(transferKey);

    const payment = await finance.getPayment.query({ caseId });
    expect(payment).toMatchObject({ status: 'cancelled', lastError: expect.stringContaining(WITHDRAWN) });
    expect(await finance.listRecoveries.query({ caseId })).toEqual([]);
    const [after] = await finance.listBudgets.query({ orgId: ORG, year });
    expect(after).toEqual(before);
    expect(await moneyFacts(harness, caseId)).toMatchObject({ disbursements: 0, unbalancedTransactions: 0 });
    expect(await netPaid(caseId)).toBe(0);
    expect(await reconciled()).toEqual([true]);
  });
});
