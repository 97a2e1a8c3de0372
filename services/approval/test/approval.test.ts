import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verificationCompleted, type ApprovalRouter } from '@jiuzhu/contracts';
import { eventually, startServiceUnderTest } from '@jiuzhu/service-kit/testing';
import { approvalService } from '../src/service.ts';

let harness: Awaited<ReturnType<typeof startServiceUnderTest>>;
const client = (token: string) =>
  createTRPCClient<ApprovalRouter>({
    links: [httpLink({ url: `${harness.url}/trpc`, headers: () => ({ authorization: `Bearer ${token}` }) })],
  });
const verified = (eligible: boolean, recommendedAmountFen: number) => ({
  caseId: crypto.randomUUID(),
  handlingOrgId: 'court-440983',
  eligible,
  recommendedAmountFen,
  capFen: 30_600_000,
});

beforeAll(async () => {
  harness = await startServiceUnderTest(approvalService);
});
afterAll(async () => harness?.stop());

describe('approval (thin slice)', () => {
  it('approves an eligible case for the recommended amount and refuses an ineligible one', async () => {
    const token = await harness.tokenFor('xinyi.head');
    const eligible = verified(true, 1_200_000);
    const ineligible = verified(false, 0);
    const event = await harness.deliver(verificationCompleted, eligible);
    await harness.deliver(verificationCompleted, ineligible);
    await harness.deliver(verificationCompleted, eligible, { id: event.id });

    const approved = await eventually(
      () => client(token).getDecision.query({ caseId: eligible.caseId }),
      'decision',
    );
    expect(approved).toMatchObject({ outcome: 'approved', approvedAmountFen: 1_200_000 });
    const refused = await eventually(
      () => client(token).getDecision.query({ caseId: ineligible.caseId }),
      'refusal',
    );
    expect(refused).toMatchObject({ outcome: 'refused', approvedAmountFen: 0 });
    expect(await harness.query(`SELECT 1 FROM decision WHERE case_id = $1`, [eligible.caseId])).toHaveLength(
      1,
    );
    expect(await harness.query(`SELECT 1 FROM outbox WHERE key = $1`, [eligible.caseId])).toHaveLength(1);
  });
});
