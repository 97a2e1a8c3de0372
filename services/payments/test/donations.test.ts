import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionIssued, donationPledged } from '@jiuzhu/contracts';
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
import { beijingToday } from '@jiuzhu/calendar';

const ORG = 'court-440983';
const today = beijingToday();
const year = Number(today.slice(0, 4));
let harness: Harness;
let as: ReturnType<typeof clientsFor>;

const aPledge = (amountFen: number, caseId = crypto.randomUUID()) => ({
  caseId,
  handlingOrgId: ORG,
  pledgeId: crypto.randomUUID(),
  donorName: '信宜市某爱心企业',
  organisedByOrgId: 'womens-federation-440983',
  amountFen,
});

async function pledgeOf(pledgeId: string) {
  const finance = await as('xinyi.finance');
  return eventually(async () => {
    const pledges = await finance.listPledges.query({ orgId: ORG });
    return pledges.find((p) => p.pledgeId === pledgeId);
  }, 'the pledge');
}

const donationBudget = async () =>
  (await (await as('xinyi.finance')).listBudgets.query({ orgId: ORG, year })).find(
    (b) => b.fundSource === 'donation',
  );

beforeAll(async () => {
  harness = await startPayments(QUIET_BANK);
  as = clientsFor(harness);
  await (
    await as('xinyi.finance')
  ).setBudget.mutate({ orgId: ORG, year, fundSource: 'central_transfer', allocatedFen: 10_000_000 });
});
afterAll(async () => harness?.stop());

describe('donations', () => {
  it('records a pledge once, and its receipts, partial or whole, into the donation budget and the ledger', async () => {
    const pledge = aPledge(1_000_000);
    const event = await harness.deliver(donationPledged, pledge);
    await harness.deliver(donationPledged, pledge, { id: event.id });
    await harness.deliver(donationPledged, pledge);
    expect(await pledgeOf(pledge.pledgeId)).toMatchObject({
      caseId: pledge.caseId,
      donorName: '信宜市某爱心企业',
      organisedByOrgId: 'womens-federation-440983',
      amountFen: 1_000_000,
      receivedFen: 0,
      status: 'pledged',
      receipts: [],
    });
    const finance = await as('xinyi.finance');
    expect(await finance.listPledges.query({ orgId: ORG, caseId: pledge.caseId })).toHaveLength(1);

    const partly = await finance.recordPledgeReceipt.mutate({
      pledgeId: pledge.pledgeId,
      receiptNumber: 'JZ-2026-0001',
      receivedOn: today,
      amountFen: 300_000,
    });
    expect(partly).toMatchObject({
      receivedFen: 300_000,
      status: 'partly_received',
      receipts: [{ receiptNumber: 'JZ-2026-0001', receivedOn: today, amountFen: 300_000, budgetYear: year }],
    });
    expect(await donationBudget()).toMatchObject({ allocatedFen: 300_000, availableFen: 300_000 });

    // The same receipt sent again changes nothing; the same number with another amount is refused.
    const again = { pledgeId: pledge.pledgeId, receiptNumber: 'JZ-2026-0001', receivedOn: today };
    expect((await finance.recordPledgeReceipt.mutate({ ...again, amountFen: 300_000 })).receivedFen).toBe(
      300_000,
    );
    expect((await failureOf(finance.recordPledgeReceipt.mutate({ ...again, amountFen: 1 }))).status).toBe(
      409,
    );
    // Never more than pledged.
    const tooMuch = await failureOf(
      finance.recordPledgeReceipt.mutate({
        pledgeId: pledge.pledgeId,
        receiptNumber: 'JZ-2026-0002',
        receivedOn: today,
        amountFen: 700_001,
      }),
    );
    expect(tooMuch).toMatchObject({ status: 409, message: expect.stringContaining('7000 元') });
    const whole = await finance.recordPledgeReceipt.mutate({
      pledgeId: pledge.pledgeId,
      receiptNumber: 'JZ-2026-0002',
      receivedOn: today,
      amountFen: 700_000,
    });
    expect(whole).toMatchObject({ receivedFen: 1_000_000, status: 'received' });
    expect(whole.receipts.map((r) => r.receiptNumber)).toEqual(['JZ-2026-0001', 'JZ-2026-0002']);
    expect(await donationBudget()).toMatchObject({ allocatedFen: 1_000_000, availableFen: 1_000_000 });

    const ledger = (await finance.listLedger.query({ orgId: ORG, fundSource: 'donation' })).filter(
      (e) => e.caseId === pledge.caseId,
    );
    expect(ledger.map((e) => [e.account, e.debitFen, e.creditFen])).toEqual([
      ['donation_income', 0, 300_000],
      ['fund:donation', 300_000, 0],
      ['donation_income', 0, 700_000],
      ['fund:donation', 700_000, 0],
    ]);
    expect(ledger[1]!.memo).toContain('JZ-2026-0001');
    expect(
      await harness.query(
        `SELECT 1 FROM ledger_entry GROUP BY transaction_id HAVING sum(debit_fen) <> sum(credit_fen)`,
      ),
    ).toHaveLength(0);
  });

  it('pays a case from the money pledged to it before other funds', async () => {
    const finance = await as('xinyi.finance');
    const decision = anApprovedDecision(400_000);
    const pledge = aPledge(500_000, decision.caseId);
    await harness.deliver(donationPledged, pledge);
    await pledgeOf(pledge.pledgeId);
    await finance.recordPledgeReceipt.mutate({
      pledgeId: pledge.pledgeId,
      receiptNumber: 'JZ-2026-0101',
      receivedOn: today,
      amountFen: 500_000,
    });
    const other = anApprovedDecision(400_000);
    for (const d of [decision, other]) {
      await harness.deliver(decisionIssued, d);
      await eventually(() => finance.getPayment.query({ caseId: d.caseId }), 'instruction');
    }
    expect(await finance.preparePayment.mutate({ caseId: decision.caseId, ...PAYEE })).toMatchObject({
      status: RESERVED_OR_LATER,
      fundSource: 'donation',
    });
    expect(await finance.preparePayment.mutate({ caseId: other.caseId, ...PAYEE })).toMatchObject({
      fundSource: 'central_transfer',
    });
    await eventually(async () => {
      const p = await finance.getPayment.query({ caseId: decision.caseId });
      return p.status === 'paid' ? p : undefined;
    }, 'paid from donation');
    expect(await moneyFacts(harness, decision.caseId)).toMatchObject({
      disbursements: 1,
      unbalancedTransactions: 0,
      ledgerPaidFen: 400_000,
    });
    const { funds } = await finance.reconcile.query({ orgId: ORG, year });
    expect(funds.find((f) => f.fundSource === 'donation')).toMatchObject({ reconciled: true });
  });

  it('keeps money pledged to a case for that case: another case never draws on it', async () => {
    const finance = await as('xinyi.finance');
    const pledgedCase = anApprovedDecision(500_000);
    const otherCase = anApprovedDecision(200_000);
    const pledge = aPledge(300_000, pledgedCase.caseId);
    await harness.deliver(donationPledged, pledge);
    await pledgeOf(pledge.pledgeId);
    await finance.recordPledgeReceipt.mutate({
      pledgeId: pledge.pledgeId,
      receiptNumber: 'JZ-2026-0201',
      receivedOn: today,
      amountFen: 300_000,
    });
    for (const d of [pledgedCase, otherCase]) {
      await harness.deliver(decisionIssued, d);
      await eventually(() => finance.getPayment.query({ caseId: d.caseId }), 'instruction');
    }
    const before = (await donationBudget())!;
    // The donation budget holds more than the other case needs, but all of it was pledged to named cases.
    expect(before.availableFen).toBeGreaterThanOrEqual(200_000);
    expect(before.earmarkedFen).toBe(before.availableFen);

    const fenced = await finance.preparePayment.mutate({
      caseId: otherCase.caseId,
      ...PAYEE,
      fundSource: 'donation',
    });
    expect(fenced).toMatchObject({ status: 'awaiting_funds', fundSource: null });
    expect(await donationBudget()).toEqual(before);
    // Left to choose, the other case is paid from the ordinary sources.
    expect(await finance.preparePayment.mutate({ caseId: otherCase.caseId, ...PAYEE })).toMatchObject({
      status: RESERVED_OR_LATER,
      fundSource: 'central_transfer',
    });

    // The pledged case draws on its own donation first, then on the ordinary sources.
    await finance.splitPayment.mutate({
      caseId: pledgedCase.caseId,
      instalments: [
        { amountFen: 300_000, plannedOn: today },
        { amountFen: 200_000, plannedOn: today },
      ],
    });
    await finance.preparePayment.mutate({ caseId: pledgedCase.caseId, ...PAYEE });
    const paid = await eventually(async () => {
      const rows = await finance.listCasePayments.query({ caseId: pledgedCase.caseId });
      return rows.every((p) => p.status === 'paid') ? rows : undefined;
    }, 'both instalments paid');
    expect(paid.map((p) => [p.instalmentNo, p.amountFen, p.fundSource])).toEqual([
      [1, 300_000, 'donation'],
      [2, 200_000, 'central_transfer'],
    ]);
    expect(await donationBudget()).toMatchObject({
      availableFen: before.availableFen - 300_000,
      earmarkedFen: before.earmarkedFen - 300_000,
      spentFen: before.spentFen + 300_000,
    });
    expect(await moneyFacts(harness, pledgedCase.caseId)).toMatchObject({
      disbursements: 2,
      unbalancedTransactions: 0,
      ledgerPaidFen: 500_000,
    });
  });

  it('lets only the handling agency’s finance officers record receipts, and no partner see pledged amounts', async () => {
    const pledge = aPledge(200_000);
    await harness.deliver(donationPledged, pledge);
    await pledgeOf(pledge.pledgeId);
    const receipt = { pledgeId: pledge.pledgeId, receiptNumber: 'X-1', receivedOn: today, amountFen: 1 };
    for (const user of [
      'xinyi.caseworker',
      'gaozhou-jcy.finance',
      'xinyi-finance.officer',
      'xinyi-women.officer',
    ])
      expect((await failureOf((await as(user)).recordPledgeReceipt.mutate(receipt))).status, user).toBe(403);
    for (const user of ['xinyi-women.officer', 'xinyi-civil.officer'])
      expect((await failureOf((await as(user)).listPledges.query({ orgId: ORG }))).status, user).toBe(403);
    expect((await pledgeOf(pledge.pledgeId)).receivedFen).toBe(0);
  });
});
