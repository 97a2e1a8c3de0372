import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionIssued, type PaymentsRouter } from '@jiuzhu/contracts';
import { eventually, failureOf, startServiceUnderTest } from '@jiuzhu/service-kit/testing';
import { paymentsService } from '../src/service.ts';

let harness: Awaited<ReturnType<typeof startServiceUnderTest>>;
const client = (token: string) =>
  createTRPCClient<PaymentsRouter>({
    links: [httpLink({ url: `${harness.url}/trpc`, headers: () => ({ authorization: `Bearer ${token}` }) })],
  });
const decided = (outcome: 'approved' | 'refused', approvedAmountFen: number) => ({
  caseId: crypto.randomUUID(),
  handlingOrgId: 'court-440983',
  decisionId: crypto.randomUUID(),
  outcome,
  approvedAmountFen,
});

beforeAll(async () => {
  harness = await startServiceUnderTest(paymentsService);
});
afterAll(async () => harness?.stop());

describe('payments (thin slice)', () => {
  it('pays an approved decision exactly once, however often it is announced', async () => {
    const token = await harness.tokenFor('xinyi.finance');
    const decision = decided('approved', 1_500_000);
    const event = await harness.deliver(decisionIssued, decision);
    await harness.deliver(decisionIssued, decision, { id: event.id }); // the same event redelivered
    await harness.deliver(decisionIssued, decision); // the same decision under a new event id
    const refusal = decided('refused', 0);
    await harness.deliver(decisionIssued, refusal);

    const paid = await eventually(async () => {
      const list = await client(token).listDisbursements.query({ caseId: decision.caseId });
      return list.length ? list : undefined;
    }, 'disbursement');
    // The refusal comes after the decision on another key; once the consumer has passed it, nothing more arrives.
    await eventually(
      async () => ((await harness.query(`SELECT 1 FROM inbox`)).length === 3 ? true : undefined),
      'all events handled',
    );
    expect(paid).toEqual([
      expect.objectContaining({
        decisionId: decision.decisionId,
        amountFen: 1_500_000,
        fundSource: 'central_transfer',
      }),
    ]);
    expect(
      await harness.query(`SELECT 1 FROM disbursement WHERE case_id = $1`, [decision.caseId]),
    ).toHaveLength(1);
    expect(
      await harness.query(`SELECT 1 FROM disbursement WHERE case_id = $1`, [refusal.caseId]),
    ).toHaveLength(0);
    expect(await harness.query(`SELECT 1 FROM outbox`)).toHaveLength(1);
  });

  it('shows payments to the handling agency only', async () => {
    const decision = decided('approved', 100_000);
    await harness.deliver(decisionIssued, decision);
    const finance = client(await harness.tokenFor('xinyi.finance'));
    await eventually(
      async () =>
        (await finance.listDisbursements.query({ caseId: decision.caseId })).length ? true : undefined,
      'payment',
    );
    const other = client(await harness.tokenFor('gaozhou-jcy.finance'));
    expect((await failureOf(other.listDisbursements.query({ caseId: decision.caseId }))).status).toBe(403);
  });
});
