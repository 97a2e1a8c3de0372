import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionIssued } from '@jiuzhu/contracts';
import { eventually, failureOf, startServiceUnderTest } from '@jiuzhu/service-kit/testing';
import { paymentsService } from '../src/service.ts';
import { anApprovedDecision, clientsFor, moneyFacts, PAYEE, QUIET_BANK, type Harness } from './helpers.ts';

let harness: Harness;
let as: ReturnType<typeof clientsFor>;
const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();

async function instructionFor(decision: ReturnType<typeof anApprovedDecision>) {
  const finance = await as('xinyi.finance');
  return eventually(() => finance.getPayment.query({ caseId: decision.caseId }), 'payment instruction');
}

beforeAll(async () => {
  harness = await startServiceUnderTest(paymentsService, QUIET_BANK);
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
    const decision = anApprovedDecision(1_500_000);
    const event = await harness.deliver(decisionIssued, decision);
    await harness.deliver(decisionIssued, decision, { id: event.id }); // the same event redelivered
    await harness.deliver(decisionIssued, decision); // the same decision under a new event id
    const pending = await instructionFor(decision);
    expect(pending).toMatchObject({ status: 'awaiting_payee', amountFen: 1_500_000, overdue: false });
    expect(new Date(pending.dueAt).getTime() - new Date(pending.approvedAt).getTime()).toBe(7 * 86_400_000);

    const finance = await as('xinyi.finance');
    const prepared = await finance.preparePayment.mutate({ caseId: decision.caseId, ...PAYEE });
    expect(prepared).toMatchObject({ status: 'reserved', fundSource: 'central_transfer' });
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
      ledger.filter((e) => e.caseId === decision.caseId).map((e) => [e.account, e.debitFen, e.creditFen]),
    ).toEqual([
      ['assistance_paid', 1_500_000, 0],
      ['fund:central_transfer', 0, 1_500_000],
    ]);
    const exported = await finance.exportLedger.query({
      orgId: 'court-440983',
      fundSource: 'central_transfer',
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(Buffer.from(exported.contentBase64, 'base64')).buffer);
    const sheet = workbook.getWorksheet('救助资金台账')!;
    expect(String(sheet.getCell('A1').value)).toBe('信宜市人民法院司法救助资金台账');
    expect(String(sheet.getCell('A2').value)).toContain('中央政法转移支付');
    const rows: unknown[][] = [];
    sheet.eachRow((row, n) => {
      if (n > 3) rows.push((row.values as unknown[]).slice(1));
    });
    const mine = rows.filter((r) => r[3] === decision.caseId);
    expect(mine.map((r) => [r[5], r[6], r[7], r[8]])).toEqual([
      ['中央政法转移支付', '司法救助金支出', 15_000, 0],
      ['中央政法转移支付', '资金：中央政法转移支付', 0, 15_000],
    ]);
    const totals = rows.at(-1)!;
    expect(totals[0]).toBe('合计');
    expect(totals[7]).toBe(totals[8]);
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

  it('never overdraws a budget: a payment that does not fit waits for funds', async () => {
    const finance = await as('xinyi.finance');
    await finance.setBudget.mutate({
      orgId: 'court-440983',
      year,
      fundSource: 'donation',
      allocatedFen: 1_000_000,
      donor: '某爱心企业',
    });
    // Exhaust central transfer funds first, so the donation budget is the only one left.
    const [central] = (await finance.listBudgets.query({ orgId: 'court-440983', year })).filter(
      (b) => b.fundSource === 'central_transfer',
    );
    const drain = anApprovedDecision(central!.availableFen);
    await harness.deliver(decisionIssued, drain);
    await instructionFor(drain);
    await finance.preparePayment.mutate({ caseId: drain.caseId, ...PAYEE, fundSource: 'central_transfer' });

    const first = anApprovedDecision(600_000);
    const second = anApprovedDecision(600_000);
    await harness.deliver(decisionIssued, first);
    await harness.deliver(decisionIssued, second);
    await instructionFor(first);
    await instructionFor(second);
    expect(await finance.preparePayment.mutate({ caseId: first.caseId, ...PAYEE })).toMatchObject({
      status: 'reserved',
      fundSource: 'donation',
    });
    const starved = await finance.preparePayment.mutate({ caseId: second.caseId, ...PAYEE });
    expect(starved).toMatchObject({ status: 'awaiting_funds', fundSource: null });
    const budgets = await finance.listBudgets.query({ orgId: 'court-440983', year });
    for (const b of budgets) expect(b.availableFen + b.reservedFen + b.spentFen).toBe(b.allocatedFen);
    expect(budgets.find((b) => b.fundSource === 'donation')?.availableFen).toBe(400_000);
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
    });
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
