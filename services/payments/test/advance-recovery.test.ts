import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceApproved, decisionIssued } from '@jiuzhu/contracts';
import { eventually, failureOf } from '@jiuzhu/service-kit/testing';
import { clientsFor, PAYEE, QUIET_BANK, type Harness, startPayments } from './helpers.ts';
import { beijingYear, beijingToday, addDays } from '@jiuzhu/calendar';

let harness: Harness;
let as: ReturnType<typeof clientsFor>;
const year = beijingYear();
const ORG = 'court-440983';

/**
 * An approved advance with its payee given and its first payment paid: the whole advance, or, with
 * `instalments`, the first of them (due today) while the others wait 20 days apart.
 */
async function paidAdvance(amountFen: number, instalments?: number[]) {
  const caseId = crypto.randomUUID();
  const finance = await as('xinyi.finance');
  await harness.deliver(advanceApproved, {
    caseId,
    handlingOrgId: ORG,
    advanceId: crypto.randomUUID(),
    amountFen,
    completeBy: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  const pending = await eventually(() => finance.getPayment.query({ caseId }), 'advance instruction');
  expect(pending).toMatchObject({ kind: 'advance', amountFen, status: 'awaiting_payee' });
  if (instalments) {
    await finance.splitPayment.mutate({
      caseId,
      instalments: instalments.map((part, index) => ({ amountFen: part, plannedOn: day(index * 20) })),
    });
  }
  await finance.preparePayment.mutate({ caseId, ...PAYEE });
  await eventually(async () => {
    const [first] = await finance.listCasePayments.query({ caseId });
    return first?.status === 'paid' ? true : undefined;
  }, 'advance paid');
  return caseId;
}

/** A date in China, `offset` days from today. */
const day = (offset: number) => addDays(beijingToday(), offset);

const decide = (caseId: string, outcome: 'approved' | 'refused', approvedAmountFen: number) =>
  harness.deliver(decisionIssued, {
    caseId,
    handlingOrgId: ORG,
    decisionId: crypto.randomUUID(),
    outcome,
    approvedAmountFen,
  });

const netPaid = async (caseId: string) => {
  const [row] = await harness.query<{ net: string }>(
    `SELECT coalesce(sum(debit_fen - credit_fen), 0)::text AS net FROM ledger_entry WHERE case_id = $1 AND account = 'assistance_paid'`,
    [caseId],
  );
  return Number(row?.net);
};
const unbalanced = async () =>
  harness.query(
    `SELECT 1 FROM ledger_entry GROUP BY transaction_id HAVING sum(debit_fen) <> sum(credit_fen)`,
  );

beforeAll(async () => {
  harness = await startPayments(QUIET_BANK);
  as = clientsFor(harness);
  await (
    await as('xinyi.finance')
  ).setBudget.mutate({ orgId: ORG, year, fundSource: 'county_finance', allocatedFen: 10_000_000 });
});
afterAll(async () => harness?.stop());

describe('advance assistance and recovery', () => {
  it('an advance paid to someone later found ineligible becomes a receivable, collected back into the budget', async () => {
    const finance = await as('xinyi.finance');
    const caseId = await paidAdvance(2_000_000);
    await decide(caseId, 'refused', 0);
    const [recovery] = await eventually(async () => {
      const list = await finance.listRecoveries.query({ caseId });
      return list.length ? list : undefined;
    }, 'recovery');
    expect(recovery).toMatchObject({
      amountFen: 2_000_000,
      collectedFen: 0,
      status: 'open',
      fundSource: 'county_finance',
    });
    expect(await netPaid(caseId)).toBe(0);

    const partly = await finance.collectRecovery.mutate({
      recoveryId: recovery!.recoveryId,
      amountFen: 500_000,
    });
    expect(partly).toMatchObject({ collectedFen: 500_000, status: 'open' });
    expect(
      (
        await failureOf(
          finance.collectRecovery.mutate({ recoveryId: recovery!.recoveryId, amountFen: 1_500_001 }),
        )
      ).status,
    ).toBe(409);
    const done = await finance.collectRecovery.mutate({
      recoveryId: recovery!.recoveryId,
      amountFen: 1_500_000,
    });
    expect(done.status).toBe('collected');
    const [budget] = await finance.listBudgets.query({ orgId: ORG, year });
    expect(budget).toMatchObject({ spentFen: 0, availableFen: 10_000_000 });
    expect(await unbalanced()).toHaveLength(0);
    const { funds } = await finance.reconcile.query({ orgId: ORG, year });
    expect(funds).toEqual([
      expect.objectContaining({
        fundSource: 'county_finance',
        bankConfirmedFen: 2_000_000,
        ledgerPaidFen: 2_000_000,
        reconciled: true,
      }),
    ]);
    expect(
      (
        await failureOf(
          (await as('gaozhou-jcy.finance')).collectRecovery.mutate({
            recoveryId: recovery!.recoveryId,
            amountFen: 1,
          }),
        )
      ).status,
    ).toBe(403);
  });

  it.each([
    { name: 'refusal', outcome: 'refused', approvedAmountFen: 0, takenBackFen: 1_000_000 },
    { name: 'reduction', outcome: 'approved', approvedAmountFen: 400_000, takenBackFen: 600_000 },
  ] as const)(
    'a $name of a case with a paid advance, announced again under a new event id, takes back once',
    async ({ outcome, approvedAmountFen, takenBackFen }) => {
      const caseId = await paidAdvance(1_000_000);
      const decision = {
        caseId,
        handlingOrgId: ORG,
        decisionId: crypto.randomUUID(),
        outcome,
        approvedAmountFen,
      };
      const first = await harness.deliver(decisionIssued, decision);
      const again = await harness.deliver(decisionIssued, decision);
      // The inbox records an event only when its handler commits: a failing one would be retried, then
      // dead-lettered, and never appear here.
      for (const { id } of [first, again])
        await eventually(
          async () => (await harness.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [id]))[0],
          `event ${id} handled`,
        );
      const recoveries = await (await as('xinyi.finance')).listRecoveries.query({ caseId });
      expect(recoveries.map((r) => [r.amountFen, r.status])).toEqual([[takenBackFen, 'open']]);
      expect(await netPaid(caseId)).toBe(1_000_000 - takenBackFen);
      expect(await unbalanced()).toHaveLength(0);
      const handled = await harness.query(`SELECT outcome FROM handled_decision WHERE decision_id = $1`, [
        decision.decisionId,
      ]);
      expect(handled).toEqual([{ outcome }]);
    },
  );

  it('an advance paid in instalments stops the ones not yet sent when the case is found ineligible', async () => {
    const finance = await as('xinyi.finance');
    const caseId = await paidAdvance(600_000, [200_000, 400_000]);
    const [before] = await finance.listBudgets.query({ orgId: ORG, year });

    await decide(caseId, 'refused', 0);
    const [recovery] = await eventually(async () => {
      const list = await finance.listRecoveries.query({ caseId });
      return list.length ? list : undefined;
    }, 'recovery');
    expect(recovery).toMatchObject({ amountFen: 200_000, status: 'open' });
    const payments = await finance.listCasePayments.query({ caseId });
    expect(payments.map((p) => [p.instalmentNo, p.status])).toEqual([
      [1, 'paid'],
      [2, 'cancelled'],
    ]);
    expect(payments[1]!.lastError).toContain('先行救助撤销');
    const [after] = await finance.listBudgets.query({ orgId: ORG, year });
    expect(after).toMatchObject({
      reservedFen: before!.reservedFen - 400_000,
      availableFen: before!.availableFen + 400_000,
    });
    expect(await netPaid(caseId)).toBe(0);
    expect(await unbalanced()).toHaveLength(0);
  });

  it('a decision after an advance pays only the remainder', async () => {
    const finance = await as('xinyi.finance');
    const caseId = await paidAdvance(1_000_000);
    await decide(caseId, 'approved', 3_000_000);
    const remainder = await eventually(async () => {
      const payment = await finance.getPayment.query({ caseId });
      return payment.kind === 'decision' ? payment : undefined;
    }, 'remaining payment');
    expect(remainder).toMatchObject({ amountFen: 2_000_000, status: 'awaiting_payee' });
  });

  it('an advance and a decision both awaiting their payee on one case are prepared separately', async () => {
    const finance = await as('xinyi.finance');
    const caseId = crypto.randomUUID();
    await harness.deliver(advanceApproved, {
      caseId,
      handlingOrgId: ORG,
      advanceId: crypto.randomUUID(),
      amountFen: 400_000,
      completeBy: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    await eventually(() => finance.getPayment.query({ caseId }), 'advance instruction');
    // Decided before anyone named the advance's payee: both wait for one.
    await decide(caseId, 'approved', 1_000_000);
    const [advance, decision] = await eventually(async () => {
      const list = await finance.listCasePayments.query({ caseId });
      return list.length === 2 ? list : undefined;
    }, 'both instructions');
    expect([advance, decision].map((p) => [p?.kind, p?.amountFen, p?.status])).toEqual([
      ['advance', 400_000, 'awaiting_payee'],
      ['decision', 600_000, 'awaiting_payee'],
    ]);

    // The advance first (the case's newest instruction is the decision): only it gets this payee.
    const advancePayee = { ...PAYEE, payeeName: '张某某', bankAccount: '6222021234567890456' };
    const preparedAdvance = await finance.preparePayment.mutate({
      caseId,
      paymentId: advance!.paymentId,
      ...advancePayee,
    });
    expect(preparedAdvance).toMatchObject({ paymentId: advance!.paymentId, payeeName: '张某某' });
    const afterFirst = await finance.listCasePayments.query({ caseId });
    expect(afterFirst.find((p) => p.paymentId === decision!.paymentId)).toMatchObject({
      status: 'awaiting_payee',
      payeeName: null,
    });

    const preparedDecision = await finance.preparePayment.mutate({
      caseId,
      paymentId: decision!.paymentId,
      ...PAYEE,
    });
    expect(preparedDecision).toMatchObject({ paymentId: decision!.paymentId, payeeName: PAYEE.payeeName });
    const paid = await eventually(async () => {
      const list = await finance.listCasePayments.query({ caseId });
      return list.every((p) => p.status === 'paid') ? list : undefined;
    }, 'both paid');
    expect(paid.map((p) => [p.kind, p.payeeName, p.bankAccountMasked?.slice(-4)])).toEqual([
      ['advance', '张某某', '0456'],
      ['decision', PAYEE.payeeName, PAYEE.bankAccount.slice(-4)],
    ]);
    expect(await netPaid(caseId)).toBe(1_000_000);

    // A payment named under another case is not found.
    const other = await paidAdvance(100_000);
    expect(
      (
        await failureOf(
          finance.preparePayment.mutate({ caseId: other, paymentId: advance!.paymentId, ...PAYEE }),
        )
      ).status,
    ).toBe(404);
  });

  it('lets the parent agency’s supervisors read an advance whose event names the parent', async () => {
    // 高州市人民法院: none of its staff calls payments in this file, so only the event can tell its parent.
    const child = 'court-440981';
    const supervisor = await as('maoming.supervisor');
    const advance = (handlingOrgParentId?: string) => ({
      caseId: crypto.randomUUID(),
      handlingOrgId: child,
      advanceId: crypto.randomUUID(),
      amountFen: 300_000,
      completeBy: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      ...(handlingOrgParentId ? { handlingOrgParentId } : {}),
    });
    const older = advance();
    // Opened before openings carried the parent: it stays with its agency.
    await harness.openCase({ caseId: older.caseId, handlingOrgId: child, handlingOrgParentId: undefined });
    await harness.deliver(advanceApproved, older);
    await eventually(
      async () =>
        (await harness.query(`SELECT 1 FROM payment_instruction WHERE case_id = $1`, [older.caseId]))[0],
      'instruction of the older event',
    );
    expect((await failureOf(supervisor.getPayment.query({ caseId: older.caseId }))).status).toBe(403);

    const named = advance('court-440900');
    await harness.deliver(advanceApproved, named);
    const payment = await eventually(
      () => supervisor.getPayment.query({ caseId: named.caseId }),
      'the supervisor’s read',
    );
    expect(payment).toMatchObject({ kind: 'advance', handlingOrgId: child, status: 'awaiting_payee' });
    expect(
      (await failureOf((await as('guangdong.supervisor')).getPayment.query({ caseId: named.caseId }))).status,
    ).toBe(403);
  });

  it('a fraud recovery covers everything paid on the case, the advance included, and the ledger reconciles', async () => {
    const finance = await as('xinyi.finance');
    // 10000 元 advanced and paid; the decision grants 35000 元, whose remainder of 25000 元 is paid 20000 元
    // now and 5000 元 in a month.
    const caseId = await paidAdvance(1_000_000);
    await decide(caseId, 'approved', 3_500_000);
    await eventually(async () => {
      const payments = await finance.listCasePayments.query({ caseId });
      return payments.find((p) => p.kind === 'decision');
    }, 'the decision’s remaining payment');
    await finance.splitPayment.mutate({
      caseId,
      instalments: [
        { amountFen: 2_000_000, plannedOn: day(0) },
        { amountFen: 500_000, plannedOn: day(30) },
      ],
    });
    await finance.preparePayment.mutate({ caseId, ...PAYEE });
    await eventually(async () => {
      const payments = await finance.listCasePayments.query({ caseId });
      return payments.filter((p) => p.status === 'paid').length === 2 ? payments : undefined;
    }, 'the remainder’s first instalment paid');
    expect(await netPaid(caseId)).toBe(3_000_000);
    const [before] = await finance.listBudgets.query({ orgId: ORG, year });

    const tooMuch = await failureOf(
      finance.openRecovery.mutate({ caseId, amountFen: 3_000_001, reason: '虚构案件事实骗取救助金' }),
    );
    expect(tooMuch).toEqual({
      status: 409,
      message: '追回金额不能超过已发放且尚未追回的金额（30000 元）。',
    });
    const recovery = await finance.openRecovery.mutate({
      caseId,
      amountFen: 3_000_000,
      reason: '虚构案件事实骗取救助金',
    });
    expect(recovery).toMatchObject({ amountFen: 3_000_000, collectedFen: 0, status: 'open' });
    expect(await netPaid(caseId)).toBe(0);
    // Owed back from the latest payment first: the decision's instalment, then the advance.
    const parts = await harness.query<{ kind: string; amount_fen: string }>(
      `SELECT i.kind, p.amount_fen::text FROM recovery_part p JOIN payment_instruction i ON i.id = p.instruction_id
       WHERE p.recovery_id = $1 ORDER BY p.position`,
      [recovery.recoveryId],
    );
    expect(parts).toEqual([
      { kind: 'decision', amount_fen: '2000000' },
      { kind: 'advance', amount_fen: '1000000' },
    ]);
    // The instalment not yet sent is not paid any more.
    const payments = await finance.listCasePayments.query({ caseId });
    expect(payments.map((p) => [p.kind, p.amountFen, p.status])).toEqual([
      ['advance', 1_000_000, 'paid'],
      ['decision', 2_000_000, 'paid'],
      ['decision', 500_000, 'cancelled'],
    ]);
    expect(payments[2]!.lastError).toContain('虚构案件事实骗取救助金');
    expect(
      (await failureOf(finance.openRecovery.mutate({ caseId, amountFen: 1, reason: '再次追回' }))).message,
    ).toBe('追回金额不能超过已发放且尚未追回的金额（0 元）。');

    await finance.collectRecovery.mutate({ recoveryId: recovery.recoveryId, amountFen: 3_000_000 });
    const [after] = await finance.listBudgets.query({ orgId: ORG, year });
    expect(after).toMatchObject({
      spentFen: before!.spentFen - 3_000_000,
      reservedFen: before!.reservedFen - 500_000,
      availableFen: before!.availableFen + 3_500_000,
    });
    // Each movement of the advance's money, back as well as out, is traced to the advance.
    const ledger = (await finance.listLedger.query({ orgId: ORG })).filter((e) => e.caseId === caseId);
    const advanceId = ledger.find((e) => e.advance)!.decisionId;
    const net = (account: string, advance: boolean) =>
      ledger
        .filter((e) => e.account === account && e.advance === advance)
        .reduce((sum, e) => sum + e.debitFen - e.creditFen, 0);
    expect(ledger.filter((e) => e.advance).every((e) => e.decisionId === advanceId)).toBe(true);
    expect([net('assistance_paid', true), net('recovery_receivable', true)]).toEqual([0, 0]);
    expect(net('fund:county_finance', true)).toBe(0);
    expect([net('assistance_paid', false), net('recovery_receivable', false)]).toEqual([0, 0]);
    expect(await unbalanced()).toHaveLength(0);
    const { funds } = await finance.reconcile.query({ orgId: ORG, year });
    expect(funds).toEqual([expect.objectContaining({ fundSource: 'county_finance', reconciled: true })]);
  });

  it('money obtained by fraud is recovered up to what was paid, and nothing more of the case is paid', async () => {
    const finance = await as('xinyi.finance');
    // An advance in two instalments (the second planned later), then a decision granting more than it.
    const caseId = await paidAdvance(800_000, [300_000, 500_000]);
    await decide(caseId, 'approved', 1_500_000);
    await eventually(async () => {
      const payments = await finance.listCasePayments.query({ caseId });
      return payments.find((p) => p.kind === 'decision');
    }, 'the decision’s remaining payment');
    const [before] = await finance.listBudgets.query({ orgId: ORG, year });

    expect(
      (await failureOf(finance.openRecovery.mutate({ caseId, amountFen: 300_001, reason: '隐瞒已获赔偿' })))
        .status,
    ).toBe(409);
    const recovery = await finance.openRecovery.mutate({
      caseId,
      amountFen: 100_000,
      reason: '隐瞒已获赔偿',
    });
    expect(recovery).toMatchObject({ amountFen: 100_000, status: 'open' });
    expect(await netPaid(caseId)).toBe(200_000);
    // Neither the advance’s second instalment nor the decision’s remainder is paid any more.
    const payments = await finance.listCasePayments.query({ caseId });
    expect(payments.map((p) => [p.kind, p.amountFen, p.status])).toEqual([
      ['advance', 300_000, 'paid'],
      ['advance', 500_000, 'cancelled'],
      ['decision', 700_000, 'cancelled'],
    ]);
    for (const cancelled of payments.slice(1)) expect(cancelled.lastError).toContain('隐瞒已获赔偿');
    const [after] = await finance.listBudgets.query({ orgId: ORG, year });
    expect(after).toMatchObject({
      reservedFen: before!.reservedFen - 500_000,
      availableFen: before!.availableFen + 500_000,
      spentFen: before!.spentFen,
    });
    expect(await unbalanced()).toHaveLength(0);
    expect(
      (
        await failureOf(
          (await as('xinyi.caseworker')).openRecovery.mutate({ caseId, amountFen: 1, reason: '测试追回' }),
        )
      ).status,
    ).toBe(403);
  });
});
