import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionIssued } from '@jiuzhu/contracts';
import { eventually, failureOf } from '@jiuzhu/service-kit/testing';
import {
  anApprovedDecision,
  clientsFor,
  moneyFacts,
  PAYEE,
  QUIET_BANK,
  RESERVED_OR_LATER,
  type Harness,
  startPayments,
} from './helpers.ts';
import { readLedgerExport } from './ledger-export.ts';
import { beijingYear } from '@jiuzhu/calendar';

let harness: Harness;
let as: ReturnType<typeof clientsFor>;
const year = beijingYear();

async function instructionFor(decision: ReturnType<typeof anApprovedDecision>) {
  const finance = await as('xinyi.finance');
  return eventually(() => finance.getPayment.query({ caseId: decision.caseId }), 'payment instruction');
}

beforeAll(async () => {
  harness = await startPayments(QUIET_BANK);
  as = clientsFor(harness);
  await (
    await as('xinyi.finance')
  ).setBudget.mutate({
    orgId: 'court-440983',
    year,
    fundSource: 'central_transfer',
    allocatedFen: 10_000_000,
  });
});
afterAll(async () => harness?.stop());

describe('payments', () => {
  it('pays an approved decision once, however often it is announced, and posts a balanced ledger', async () => {
    const decision = { ...anApprovedDecision(1_500_000), caseNumber: `JZ-${year}-court-440983-00001` };
    const event = await harness.deliver(decisionIssued, decision);
    await harness.deliver(decisionIssued, decision, { id: event.id }); // the same event redelivered
    await harness.deliver(decisionIssued, decision); // the same decision under a new event id
    const pending = await instructionFor(decision);
    expect(pending).toMatchObject({ status: 'awaiting_payee', amountFen: 1_500_000, overdue: false });
    expect(new Date(pending.dueAt).getTime() - new Date(pending.approvedAt).getTime()).toBe(7 * 86_400_000);

    const finance = await as('xinyi.finance');
    const prepared = await finance.preparePayment.mutate({ caseId: decision.caseId, ...PAYEE });
    expect(prepared).toMatchObject({ status: RESERVED_OR_LATER, fundSource: 'central_transfer' });
    expect(prepared.bankAccountMasked).toBe('***************0123');
    expect(
      (await failureOf(finance.preparePayment.mutate({ caseId: decision.caseId, ...PAYEE }))).status,
    ).toBe(409);

    await eventually(async () => {
      const payment = await finance.getPayment.query({ caseId: decision.caseId });
      return payment.status === 'paid' ? payment : undefined;
    }, 'the bank confirmation');
    expect(await moneyFacts(harness, decision.caseId)).toEqual({
      disbursements: 1,
      unbalancedTransactions: 0,
      ledgerPaidFen: 1_500_000,
      disbursementEvents: 1,
    });
    expect(await finance.listDisbursements.query({ caseId: decision.caseId })).toEqual([
      expect.objectContaining({
        decisionId: decision.decisionId,
        amountFen: 1_500_000,
        fundSource: 'central_transfer',
      }),
    ]);
    const ledger = await finance.listLedger.query({ orgId: 'court-440983' });
    expect(
      ledger
        .filter((e) => e.caseId === decision.caseId)
        .map((e) => [e.account, e.debitFen, e.creditFen, e.payeeName]),
    ).toEqual([
      ['assistance_paid', 1_500_000, 0, PAYEE.payeeName],
      ['fund:central_transfer', 0, 1_500_000, PAYEE.payeeName],
    ]);
    const exported = await finance.exportLedger.query({
      orgId: 'court-440983',
      fundSource: 'central_transfer',
    });
    const sheet = await readLedgerExport(exported);
    expect(sheet.title).toBe('信宜市人民法院司法救助资金台账');
    expect(sheet.heading).toContain('中央政法转移支付');
    const mine = sheet.entries.filter((r) => r['案件编号'] === decision.caseNumber);
    expect(
      mine.map((r) => [r['救助对象'], r['资金来源'], r['科目'], r['借方金额（元）'], r['贷方金额（元）']]),
    ).toEqual([
      [PAYEE.payeeName, '中央政法转移支付', '司法救助金支出', 15_000, 0],
      [PAYEE.payeeName, '中央政法转移支付', '资金：中央政法转移支付', 0, 15_000],
    ]);
    expect(sheet.totals?.['序号']).toBe('合计');
    expect(sheet.totals?.['借方金额（元）']).toBe(sheet.totals?.['贷方金额（元）']);
    const partnerExport = (await as('xinyi-civil.officer')).exportLedger.query({ orgId: 'court-440983' });
    expect((await failureOf(partnerExport)).status).toBe(403);

    const [budget] = await finance.listBudgets.query({ orgId: 'court-440983', year });
    expect(budget).toMatchObject({ reservedFen: 0 });
    expect(budget!.spentFen + budget!.availableFen).toBe(10_000_000);
  });

  it('ignores refusals', async () => {
    const refusal = { ...anApprovedDecision(0), outcome: 'refused' as const };
    const marker = anApprovedDecision(100);
    await harness.deliver(decisionIssued, refusal);
    await harness.deliver(decisionIssued, marker);
    await instructionFor(marker);
    expect(
      await harness.query(`SELECT 1 FROM payment_instruction WHERE case_id = $1`, [refusal.caseId]),
    ).toHaveLength(0);
  });

  it('lets only the agency’s finance officers act, and never shows amounts to partner departments', async () => {
    const decision = anApprovedDecision(50_000);
    await harness.deliver(decisionIssued, decision);
    await instructionFor(decision);
    const { caseId } = decision;
    expect(
      (await failureOf((await as('gaozhou-jcy.finance')).preparePayment.mutate({ caseId, ...PAYEE }))).status,
    ).toBe(403);
    expect(
      (await failureOf((await as('xinyi.caseworker')).preparePayment.mutate({ caseId, ...PAYEE }))).status,
    ).toBe(403);
    expect((await failureOf((await as('xinyi-civil.officer')).getPayment.query({ caseId }))).status).toBe(
      403,
    );
    const partner = await as('xinyi-civil.officer');
    expect((await failureOf(partner.listLedger.query({ orgId: 'court-440983' }))).status).toBe(403);
    expect((await failureOf(partner.listBudgets.query({ orgId: 'court-440983', year }))).status).toBe(403);
    const otherFinance = await as('gaozhou-jcy.finance');
    expect(
      (
        await failureOf(
          otherFinance.setBudget.mutate({
            orgId: 'court-440983',
            year,
            fundSource: 'donation',
            allocatedFen: 1,
          }),
        )
      ).status,
    ).toBe(403);
  });
});

// The dispatcher is paused here: what preparing a payment reserves stays as it was made (nothing is sent or spent
// meanwhile), so the reservations themselves can be asserted.
describe('budgets', () => {
  let paused: Harness;
  let finance: Awaited<ReturnType<ReturnType<typeof clientsFor>>>;
  const decided = async (approvedAmountFen: number) => {
    const decision = anApprovedDecision(approvedAmountFen);
    await paused.deliver(decisionIssued, decision);
    await eventually(() => finance.getPayment.query({ caseId: decision.caseId }), 'payment instruction');
    return decision;
  };
  const budgetsBySource = async () =>
    Object.fromEntries(
      (await finance.listBudgets.query({ orgId: 'court-440983', year })).map((b) => [b.fundSource, b]),
    );

  beforeAll(async () => {
    paused = await startPayments({ ...QUIET_BANK, PAYMENTS_DISPATCHER: 'off' });
    finance = await clientsFor(paused)('xinyi.finance');
    await finance.setBudget.mutate({
      orgId: 'court-440983',
      year,
      fundSource: 'central_transfer',
      allocatedFen: 10_000_000,
    });
  });
  afterAll(async () => paused?.stop());

  it('never overdraws a budget: a payment that does not fit waits for funds', async () => {
    await finance.setBudget.mutate({
      orgId: 'court-440983',
      year,
      fundSource: 'donation',
      allocatedFen: 1_000_000,
      donor: '某爱心企业',
    });
    // Exhaust central transfer funds first, so the donation budget is the only one left.
    const drain = await decided(10_000_000);
    expect(
      await finance.preparePayment.mutate({ caseId: drain.caseId, ...PAYEE, fundSource: 'central_transfer' }),
    ).toMatchObject({ status: 'reserved', fundSource: 'central_transfer' });

    const first = await decided(600_000);
    const second = await decided(600_000);
    expect(await finance.preparePayment.mutate({ caseId: first.caseId, ...PAYEE })).toMatchObject({
      status: 'reserved',
      fundSource: 'donation',
    });
    const starved = await finance.preparePayment.mutate({ caseId: second.caseId, ...PAYEE });
    expect(starved).toMatchObject({ status: 'awaiting_funds', fundSource: null });
    const budgets = await budgetsBySource();
    for (const b of Object.values(budgets))
      expect(b.availableFen + b.reservedFen + b.spentFen).toBe(b.allocatedFen);
    expect(budgets['central_transfer']).toMatchObject({ availableFen: 0, reservedFen: 10_000_000 });
    expect(budgets['donation']).toMatchObject({ availableFen: 400_000, reservedFen: 600_000, spentFen: 0 });
    // Cutting a budget below what is already committed is refused.
    expect(
      (
        await failureOf(
          finance.setBudget.mutate({
            orgId: 'court-440983',
            year,
            fundSource: 'donation',
            allocatedFen: 100,
          }),
        )
      ).status,
    ).toBe(409);
    // More funds arrive: the finance officer submits it again.
    await finance.setBudget.mutate({
      orgId: 'court-440983',
      year,
      fundSource: 'donation',
      allocatedFen: 2_000_000,
    });
    expect(await finance.preparePayment.mutate({ caseId: second.caseId, ...PAYEE })).toMatchObject({
      status: 'reserved',
      fundSource: 'donation',
    });
    expect((await budgetsBySource())['donation']).toMatchObject({
      availableFen: 800_000,
      reservedFen: 1_200_000,
    });
  });
});
