import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionIssued } from '@jiuzhu/contracts';
import { eventually, failureOf } from '@jiuzhu/service-kit/testing';
import { anApprovedDecision, clientsFor, QUIET_BANK, type Harness, startPayments } from './helpers.ts';

let harness: Harness;
let as: ReturnType<typeof clientsFor>;

const overdueEvents = (caseId: string) =>
  harness.query<{ payload: Record<string, unknown> }>(
    `SELECT envelope->'payload' AS payload FROM outbox WHERE key = $1 AND envelope->>'type' = 'payments.payment-overdue'`,
    [caseId],
  );

/** A decision approved eight days ago and still not paid. */
async function overdueDecision(amountFen: number) {
  const decision = anApprovedDecision(amountFen);
  await harness.deliver(decisionIssued, {
    ...decision,
    issuedAt: new Date(Date.now() - 8 * 86_400_000).toISOString(),
  });
  const finance = await as('xinyi.finance');
  await eventually(() => finance.getPayment.query({ caseId: decision.caseId }), 'instruction');
  return decision;
}

beforeAll(async () => {
  harness = await startPayments({
    ...QUIET_BANK,
    PAYMENTS_HOUSEKEEPING_INTERVAL_MS: '100',
  });
  as = clientsFor(harness);
});
afterAll(async () => harness?.stop());

describe('payment alerts', () => {
  it('announces a payment not made within a week of approval once, and lists it for the finance officer', async () => {
    const late = await overdueDecision(300_000);
    const [event] = await eventually(async () => {
      const events = await overdueEvents(late.caseId);
      return events.length ? events : undefined;
    }, 'the overdue event');
    expect(event!.payload).toMatchObject({
      caseId: late.caseId,
      decisionId: late.decisionId,
      amountFen: 300_000,
      status: 'awaiting_payee',
      instalmentNo: 1,
    });
    // Later runs of the check (which announce the next late payment) do not announce it again.
    const next = await overdueDecision(100_000);
    await eventually(async () => ((await overdueEvents(next.caseId)).length ? true : undefined), 'next');
    expect(await overdueEvents(late.caseId)).toHaveLength(1);

    const onTime = anApprovedDecision(200_000);
    await harness.deliver(decisionIssued, onTime);
    const finance = await as('xinyi.finance');
    await eventually(() => finance.getPayment.query({ caseId: onTime.caseId }), 'instruction');
    const alerts = await finance.listPaymentAlerts.query({});
    expect(alerts.map((a) => [a.kind, a.payment.caseId])).toEqual(
      expect.arrayContaining([
        ['overdue', late.caseId],
        ['overdue', next.caseId],
      ]),
    );
    expect(alerts.some((a) => a.payment.caseId === onTime.caseId)).toBe(false);
    expect(alerts.every((a) => a.payment.overdue)).toBe(true);

    // A cancelled payment is no longer overdue.
    await finance.cancelPayment.mutate({ caseId: next.caseId, reason: '申请人撤回申请' });
    expect((await finance.listPaymentAlerts.query({})).some((a) => a.payment.caseId === next.caseId)).toBe(
      false,
    );
    for (const user of ['xinyi-civil.officer', 'gaozhou-jcy.finance'])
      expect(
        (await failureOf((await as(user)).listPaymentAlerts.query({ orgId: 'court-440983' }))).status,
        user,
      ).toBe(403);
  });
});
