import { OUT_OF_REACH } from '@jiuzhu/service-kit';
import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verificationCompleted, type ApprovalRouter } from '@jiuzhu/contracts';
import { eventually, failureOf, startServiceUnderTest } from '@jiuzhu/service-kit/testing';
import { DEFAULT_CHAIN_CONFIG } from '../src/domain/chain.ts';
import { approvalService } from '../src/service.ts';

const XINYI_COURT = 'court-440983';
let harness: Awaited<ReturnType<typeof startServiceUnderTest>>;
async function as(username: string) {
  const token = await harness.tokenFor(username);
  return createTRPCClient<ApprovalRouter>({
    links: [httpLink({ url: `${harness.url}/trpc`, headers: () => ({ authorization: `Bearer ${token}` }) })],
  });
}

/** Submits a freshly verified case and returns the approval steps it was given. */
async function submittedChain() {
  const caseId = crypto.randomUUID();
  await harness.openCase({ caseId });
  await harness.deliver(verificationCompleted, {
    caseId,
    handlingOrgId: XINYI_COURT,
    eligible: true,
    recommendedAmountFen: 1_200_000,
    capFen: 30_600_000,
  });
  const caseworker = await as('xinyi.caseworker');
  await eventually(() => caseworker.getApproval.query({ caseId }), 'approval request');
  const submitted = await caseworker.submit.mutate({ caseId });
  return submitted.chain.map((step) => step.name);
}

beforeAll(async () => {
  harness = await startServiceUnderTest(approvalService);
});
afterAll(async () => harness?.stop());

describe("reading the agency's approval chain", () => {
  it('shows the administrator the defaults in force, then the chain they saved', async () => {
    const admin = await as('xinyi.admin');
    expect(await admin.getChainConfig.query({ orgId: XINYI_COURT })).toEqual({
      orgId: XINYI_COURT,
      ...DEFAULT_CHAIN_CONFIG,
      source: 'default',
    });
    // The defaults reported are the ones cases follow: the chief approves last.
    expect(await submittedChain()).toEqual(['department_head', 'chief']);

    await admin.configureChain.mutate({
      orgId: XINYI_COURT,
      finalApprover: 'committee',
      superiorThresholdFen: 8_000_000,
      numberPattern: '〔{year}〕信法司救{seq}号',
      stepDeadlineWorkingDays: 5,
    });
    expect(await admin.getChainConfig.query({ orgId: XINYI_COURT })).toEqual({
      orgId: XINYI_COURT,
      finalApprover: 'committee',
      superiorThresholdFen: 8_000_000,
      numberPattern: '〔{year}〕信法司救{seq}号',
      advanceCapFen: DEFAULT_CHAIN_CONFIG.advanceCapFen,
      advanceCompletionDays: DEFAULT_CHAIN_CONFIG.advanceCompletionDays,
      stepDeadlineWorkingDays: 5,
      source: 'stored',
    });
    expect(await submittedChain()).toEqual(['department_head', 'committee']);
  });

  it("refuses another agency's chain, and people who do not administer the agency", async () => {
    const admin = await as('xinyi.admin');
    const elsewhere = await failureOf(admin.getChainConfig.query({ orgId: 'court-440981' }));
    // Another agency's settings are refused as anything outside one's agency is, existing or not.
    expect(elsewhere).toEqual({ status: 403, message: OUT_OF_REACH });
    expect(await failureOf(admin.getChainConfig.query({ orgId: 'no-such-agency' }))).toEqual(elsewhere);
    for (const username of ['xinyi.caseworker', 'xinyi.head', 'xinyi.chief', 'gaozhou.head']) {
      const refused = await failureOf((await as(username)).getChainConfig.query({ orgId: XINYI_COURT }));
      expect(refused.status, username).toBe(403);
    }
  });
});
