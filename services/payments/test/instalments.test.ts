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
import { beijingToday, addDays } from '@jiuzhu/calendar';

const ORG = 'court-440983';
const chinaDay = (offsetDays: number) => addDays(beijingToday(), offsetDays);
const year = Number(chinaDay(0).slice(0, 4));
let harness: Harness;
let as: ReturnType<typeof clientsFor>;

async function decided(amountFen: number) {
  const decision = anApprovedDecision(amountFen);
  await harness.deliver(decisionIssued, decision);
  const finance = await as('xinyi.finance');
  await eventually(() => finance.getPayment.query({ caseId: decision.caseId }), 'instruction');
  return decision;
}

beforeAll(async () => {
  harness = await startPayments(QUIET_BANK);
  as = clientsFor(harness);
  await (
    await as('xinyi.finance')
  ).setBudget.mutate({ orgId: ORG, year, fundSource: 'central_transfer', allocatedFen: 20_000_000 });
});
afterAll(async () => harness?.stop());

describe('instalments (分期发放)', () => {
  it('pays each instalment as its own instruction when it falls due, never more than decided', async () => {
    const finance = await as('xinyi.finance');
    const decision = await decided(900_000);
    const { caseId } = decision;

    const unequal = finance.splitPayment.mutate({
      caseId,
      instalments: [
        { amountFen: 300_000, plannedOn: chinaDay(0) },
        { amountFen: 300_000, plannedOn: chinaDay(30) },
      ],
    });
    expect(await failureOf(unequal)).toMatchObject({
      status: 400,
      message: expect.stringContaining('9000 元'),
    });

    const plan = await finance.splitPayment.mutate({
      caseId,
      instalments: [
        { amountFen: 300_000, plannedOn: chinaDay(0) },
        { amountFen: 200_000, plannedOn: chinaDay(0) },
        { amountFen: 400_000, plannedOn: chinaDay(60) },
      ],
    });
    expect(plan.map((p) => [p.instalmentNo, p.instalmentCount, p.amountFen, p.plannedOn, p.status])).toEqual([
      [1, 3, 300_000, chinaDay(0), 'awaiting_payee'],
      [2, 3, 200_000, chinaDay(0), 'awaiting_payee'],
      [3, 3, 400_000, chinaDay(60), 'awaiting_payee'],
    ]);
    // A later instalment is due a week after its planned date, not a week after approval.
    expect(new Date(plan[2]!.dueAt).getTime()).toBeGreaterThan(Date.now() + 60 * 86_400_000);
    expect(
      (
        await failureOf(
          finance.splitPayment.mutate({
            caseId,
            instalments: [
              { amountFen: 100_000, plannedOn: chinaDay(0) },
              { amountFen: 200_000, plannedOn: chinaDay(0) },
            ],
          }),
        )
      ).status,
    ).toBe(409);

    // The decision announced again creates nothing new.
    await harness.deliver(decisionIssued, decision);
    const marker = await decided(100);
    expect(marker.caseId).not.toBe(caseId);
    expect(await finance.listCasePayments.query({ caseId })).toHaveLength(3);

    // The database itself refuses an instruction that would pay the decision more than decided.
    const overpay = harness.query(
      `INSERT INTO payment_instruction (id, decision_id, instalment_no, instalment_count, case_id, handling_org_id, amount_fen, decision_amount_fen, status, approved_at, due_at)
       VALUES (gen_random_uuid(), $1, 4, 3, $2, $3, 1, 900000, 'awaiting_payee', now(), now())`,
      [decision.decisionId, caseId, ORG],
    );
    await expect(overpay).rejects.toThrow(/exceed the decided amount/);

    const prepared = await finance.preparePayment.mutate({ caseId, ...PAYEE });
    // The first instalment, planned for today, may already be at the bank.
    expect(prepared).toMatchObject({ instalmentNo: 1, status: RESERVED_OR_LATER });
    const [budget] = await finance.listBudgets.query({ orgId: ORG, year });
    expect(budget!.reservedFen + budget!.spentFen).toBe(900_000);

    const paidNow = await eventually(async () => {
      const rows = await finance.listCasePayments.query({ caseId });
      return rows.filter((r) => r.status === 'paid').length === 2 ? rows : undefined;
    }, 'the instalments due today');
    expect(paidNow.map((r) => r.status)).toEqual(['paid', 'paid', 'reserved']);
    const keys = await harness.query<{ idempotency_key: string }>(
      `SELECT idempotency_key FROM payment_instruction WHERE case_id = $1`,
      [caseId],
    );
    expect(new Set(keys.map((k) => k.idempotency_key)).size).toBe(3);
    expect(
      await harness.query(`SELECT 1 FROM sim_bank_transfer WHERE idempotency_key = ANY($1)`, [
        keys.map((k) => k.idempotency_key),
      ]),
    ).toHaveLength(2);
    expect(await finance.getPayment.query({ caseId })).toMatchObject({ instalmentNo: 3, status: 'reserved' });

    // Its date comes (as if sixty days had passed): the third is sent and paid.
    await harness.query(
      `UPDATE payment_instruction SET planned_at = now() WHERE case_id = $1 AND instalment_no = 3`,
      [caseId],
    );
    await eventually(async () => {
      const p = await finance.getPayment.query({ caseId });
      return p.instalmentNo === 3 && p.status === 'paid' ? p : undefined;
    }, 'the last instalment');
    expect(await moneyFacts(harness, caseId)).toEqual({
      disbursements: 3,
      unbalancedTransactions: 0,
      ledgerPaidFen: 900_000,
      disbursementEvents: 3,
    });
    const ledger = (await finance.listLedger.query({ orgId: ORG })).filter((e) => e.caseId === caseId);
    const memos = ledger.filter((e) => e.account === 'assistance_paid').map((e) => e.memo);
    expect(
      ['第1/3期', '第2/3期', '第3/3期'].map((part) => memos.filter((m) => m.includes(part)).length),
    ).toEqual([1, 1, 1]);
    const { funds } = await finance.reconcile.query({ orgId: ORG, year });
    expect(funds).toEqual([expect.objectContaining({ reconciled: true })]);
  });

  it('keeps paying a single decision in one instruction unless split, and only the agency’s finance officers split', async () => {
    const decision = await decided(50_000);
    const split = {
      caseId: decision.caseId,
      instalments: [
        { amountFen: 25_000, plannedOn: chinaDay(0) },
        { amountFen: 25_000, plannedOn: chinaDay(10) },
      ],
    };
    expect((await failureOf((await as('gaozhou-jcy.finance')).splitPayment.mutate(split))).status).toBe(403);
    expect((await failureOf((await as('xinyi.caseworker')).splitPayment.mutate(split))).status).toBe(403);
    const finance = await as('xinyi.finance');
    await finance.preparePayment.mutate({ caseId: decision.caseId, ...PAYEE });
    expect((await failureOf(finance.splitPayment.mutate(split))).status).toBe(409);
    const [only] = await finance.listCasePayments.query({ caseId: decision.caseId });
    expect(only).toMatchObject({ instalmentNo: 1, instalmentCount: 1, plannedOn: null, amountFen: 50_000 });
  });

  it('recovers (追回) across all the paid instalments of a decision, never more than was paid', async () => {
    const finance = await as('xinyi.finance');
    const { caseId } = await decided(900_000);
    await finance.splitPayment.mutate({
      caseId,
      instalments: [
        { amountFen: 300_000, plannedOn: chinaDay(0) },
        { amountFen: 200_000, plannedOn: chinaDay(0) },
        { amountFen: 400_000, plannedOn: chinaDay(60) },
      ],
    });
    await finance.preparePayment.mutate({ caseId, ...PAYEE });
    await eventually(async () => {
      const rows = await finance.listCasePayments.query({ caseId });
      return rows.filter((r) => r.status === 'paid').length === 2 ? rows : undefined;
    }, 'two instalments paid');
    const [before] = await finance.listBudgets.query({ orgId: ORG, year });

    // The third instalment is not paid yet: only the 5000 元 of the first two can be recovered.
    const tooMuch = await failureOf(
      finance.openRecovery.mutate({ caseId, amountFen: 500_001, reason: '隐瞒已获赔偿' }),
    );
    expect(tooMuch).toMatchObject({ status: 409, message: expect.stringContaining('5000 元') });
    const recovery = await finance.openRecovery.mutate({
      caseId,
      amountFen: 450_000,
      reason: '隐瞒已获赔偿',
    });
    expect(recovery).toMatchObject({ amountFen: 450_000, collectedFen: 0, status: 'open' });
    // More than the latest instalment (2000 元): the rest is owed back from the first.
    const parts = await harness.query<{ instalment_no: number; amount_fen: string }>(
      `SELECT i.instalment_no, p.amount_fen::text FROM recovery_part p JOIN payment_instruction i ON i.id = p.instruction_id
       WHERE p.recovery_id = $1 ORDER BY p.position`,
      [recovery.recoveryId],
    );
    expect(parts).toEqual([
      { instalment_no: 2, amount_fen: '200000' },
      { instalment_no: 1, amount_fen: '250000' },
    ]);
    expect(
      (await failureOf(finance.openRecovery.mutate({ caseId, amountFen: 50_001, reason: '再次追回' })))
        .status,
    ).toBe(409);

    const collected = await finance.collectRecovery.mutate({
      recoveryId: recovery.recoveryId,
      amountFen: 450_000,
    });
    expect(collected).toMatchObject({ collectedFen: 450_000, status: 'collected' });
    const [after] = await finance.listBudgets.query({ orgId: ORG, year });
    // The collected money comes back, and so does the third instalment's reservation: it is no longer paid.
    expect(after).toMatchObject({
      spentFen: before!.spentFen - 450_000,
      reservedFen: before!.reservedFen - 400_000,
      availableFen: before!.availableFen + 450_000 + 400_000,
    });
    const ledger = (await finance.listLedger.query({ orgId: ORG })).filter((e) => e.caseId === caseId);
    const net = (account: string) =>
      ledger.filter((e) => e.account === account).reduce((sum, e) => sum + e.debitFen - e.creditFen, 0);
    expect([net('assistance_paid'), net('recovery_receivable')]).toEqual([50_000, 0]);
    expect(await moneyFacts(harness, caseId)).toMatchObject({ disbursements: 2, unbalancedTransactions: 0 });
    const { funds } = await finance.reconcile.query({ orgId: ORG, year });
    expect(funds).toEqual([expect.objectContaining({ reconciled: true })]);

    // What is left of what was paid can still be recovered, and no more.
    expect(
      await finance.openRecovery.mutate({ caseId, amountFen: 50_000, reason: '再次追回' }),
    ).toMatchObject({
      amountFen: 50_000,
    });
  });

  it('stops the instalments not yet sent when a recovery is opened, giving back their reservations and earmarks', async () => {
    const finance = await as('xinyi.finance');
    const { caseId } = await decided(600_000);
    // Part of the money was donated to this case: it is drawn first, by the first two instalments.
    const pledgeId = crypto.randomUUID();
    await harness.deliver(donationPledged, {
      caseId,
      handlingOrgId: ORG,
      pledgeId,
      donorName: '信宜市某爱心企业',
      organisedByOrgId: 'womens-federation-440983',
      amountFen: 500_000,
    });
    await eventually(async () => (await finance.listPledges.query({ orgId: ORG, caseId }))[0], 'pledge');
    await finance.recordPledgeReceipt.mutate({
      pledgeId,
      receiptNumber: 'JZ-2026-0301',
      receivedOn: chinaDay(0),
      amountFen: 500_000,
    });
    await finance.splitPayment.mutate({
      caseId,
      instalments: [
        { amountFen: 100_000, plannedOn: chinaDay(0) },
        { amountFen: 400_000, plannedOn: chinaDay(30) },
        { amountFen: 100_000, plannedOn: chinaDay(60) },
      ],
    });
    await finance.preparePayment.mutate({ caseId, ...PAYEE });
    const pending = await eventually(async () => {
      const rows = await finance.listCasePayments.query({ caseId });
      return rows[0]!.status === 'paid' ? rows : undefined;
    }, 'the first instalment paid');
    expect(pending.map((p) => [p.status, p.fundSource])).toEqual([
      ['paid', 'donation'],
      ['reserved', 'donation'],
      ['reserved', 'central_transfer'],
    ]);
    const budgets = async () => {
      const rows = await finance.listBudgets.query({ orgId: ORG, year });
      return Object.fromEntries(rows.map((b) => [b.fundSource, b]));
    };
    const before = await budgets();
    expect(before['donation']).toMatchObject({ reservedFen: 400_000, earmarkedFen: 0 });

    await finance.openRecovery.mutate({ caseId, amountFen: 100_000, reason: '隐瞒已获赔偿' });
    const after = await finance.listCasePayments.query({ caseId });
    expect(after.map((p) => p.status)).toEqual(['paid', 'cancelled', 'cancelled']);
    expect(after[1]!.lastError).toContain('隐瞒已获赔偿');
    expect(await budgets()).toMatchObject({
      donation: {
        reservedFen: before['donation']!.reservedFen - 400_000,
        availableFen: before['donation']!.availableFen + 400_000,
        earmarkedFen: 400_000,
        spentFen: before['donation']!.spentFen,
      },
      central_transfer: {
        reservedFen: before['central_transfer']!.reservedFen - 100_000,
        availableFen: before['central_transfer']!.availableFen + 100_000,
      },
    });

    // Their dates come (as if two months had passed) and another payment goes out: they are still not sent.
    await harness.query(`UPDATE payment_instruction SET planned_at = now() WHERE case_id = $1`, [caseId]);
    const marker = await decided(10_000);
    await finance.preparePayment.mutate({ caseId: marker.caseId, ...PAYEE });
    await eventually(async () => {
      const p = await finance.getPayment.query({ caseId: marker.caseId });
      return p.status === 'paid' ? p : undefined;
    }, 'a later payment');
    expect((await finance.listCasePayments.query({ caseId })).map((p) => p.status)).toEqual([
      'paid',
      'cancelled',
      'cancelled',
    ]);
    const sent = await harness.query(
      `SELECT 1 FROM sim_bank_transfer t JOIN payment_instruction i ON i.idempotency_key = t.idempotency_key
       WHERE i.case_id = $1`,
      [caseId],
    );
    expect(sent).toHaveLength(1);
    expect(await moneyFacts(harness, caseId)).toEqual({
      disbursements: 1,
      unbalancedTransactions: 0,
      ledgerPaidFen: 100_000,
      disbursementEvents: 1,
    });
    const ledger = (await finance.listLedger.query({ orgId: ORG })).filter((e) => e.caseId === caseId);
    const net = (account: string) =>
      ledger.filter((e) => e.account === account).reduce((sum, e) => sum + e.debitFen - e.creditFen, 0);
    expect([net('assistance_paid'), net('recovery_receivable')]).toEqual([0, 100_000]);
    const { funds } = await finance.reconcile.query({ orgId: ORG, year });
    expect(funds.every((f) => f.reconciled)).toBe(true);
  });
});
