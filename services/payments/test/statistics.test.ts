import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionIssued } from '@jiuzhu/contracts';
import { eventually, failureOf } from '@jiuzhu/service-kit/testing';
import { anApprovedDecision, clientsFor, PAYEE, QUIET_BANK, type Harness, startPayments } from './helpers.ts';
import { beijingYear } from '@jiuzhu/calendar';

let harness: Harness;
let as: ReturnType<typeof clientsFor>;
const year = beijingYear();

beforeAll(async () => {
  harness = await startPayments(QUIET_BANK);
  as = clientsFor(harness);
});
afterAll(async () => harness?.stop());

describe('statistics', () => {
  it('counts cases, persons and amounts by source, with the change on the year before', async () => {
    const finance = await as('xinyi.finance');
    await finance.setBudget.mutate({
      orgId: 'court-440983',
      year,
      fundSource: 'central_transfer',
      allocatedFen: 50_000_000,
    });
    for (const [amountFen, account] of [
      [12_000_000, '6222021234567890001'],
      [9_500_000, '6222021234567890002'],
    ] as const) {
      const decision = anApprovedDecision(amountFen);
      await harness.deliver(decisionIssued, decision);
      await eventually(() => finance.getPayment.query({ caseId: decision.caseId }), 'instruction');
      await finance.preparePayment.mutate({ caseId: decision.caseId, ...PAYEE, bankAccount: account });
      await eventually(async () => {
        const p = await finance.getPayment.query({ caseId: decision.caseId });
        return p.status === 'paid' ? true : undefined;
      }, 'paid');
    }
    // One case paid a year earlier (as the ledger of last year would hold it).
    const lastYear = new Date(Date.now() - 365 * 86_400_000);
    const transaction = crypto.randomUUID();
    const oldCase = crypto.randomUUID();
    for (const [account, debit, credit] of [
      ['assistance_paid', 10_200_000, 0],
      ['fund:central_transfer', 0, 10_200_000],
    ] as const)
      await harness.query(
        `INSERT INTO ledger_entry (id, transaction_id, posted_at, org_id, account, debit_fen, credit_fen, fund_source, case_id, decision_id, actor_user_id, memo)
         VALUES (gen_random_uuid(), $1, $2, 'court-440983', $3, $4, $5, 'central_transfer', $6, gen_random_uuid(), 'seed', '上年发放')`,
        [transaction, lastYear, account, debit, credit, oldCase],
      );

    const stats = await finance.statistics.query({
      orgId: 'court-440983',
      from: `${year}-01-01`,
      to: `${year}-12-31`,
    });
    expect(stats.current).toEqual({ cases: 2, persons: 2, amountFen: 21_500_000 });
    expect(stats.previousYear).toEqual({ cases: 1, persons: 1, amountFen: 10_200_000 });
    expect(stats.change).toEqual({ cases: 100, persons: 100, amount: 111 });
    expect(stats.bySource).toEqual([
      { fundSource: 'central_transfer', cases: 2, persons: 2, amountFen: 21_500_000 },
    ]);
    const partner = await as('xinyi-civil.officer');
    expect(
      (
        await failureOf(
          partner.statistics.query({ orgId: 'court-440983', from: `${year}-01-01`, to: `${year}-12-31` }),
        )
      ).status,
    ).toBe(403);
  });
});
