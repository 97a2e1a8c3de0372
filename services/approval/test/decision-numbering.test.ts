import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verificationCompleted, type ApprovalRouter } from '@jiuzhu/contracts';
import { eventually, startServiceUnderTest } from '@jiuzhu/service-kit/testing';
import { approvalService } from '../src/service.ts';

// A fresh service of its own: no decision has been numbered yet in either agency.
let harness: Awaited<ReturnType<typeof startServiceUnderTest>>;

/** Signs in anew each time: after the clock moves to the next year, earlier tokens have expired. */
async function as(username: string) {
  const token = await harness.tokenFor(username);
  return createTRPCClient<ApprovalRouter>({
    links: [httpLink({ url: `${harness.url}/trpc`, headers: () => ({ authorization: `Bearer ${token}` }) })],
  });
}

const AGENCIES = {
  court: { orgId: 'court-440983', people: 'xinyi' },
  procuratorate: { orgId: 'procuratorate-440981', people: 'gaozhou-jcy' },
} as const;

/** A case verified at the agency, taken through department head and chief; returns its decision number. */
async function decisionNumberAt(agency: keyof typeof AGENCIES): Promise<string> {
  const { orgId, people } = AGENCIES[agency];
  const caseId = crypto.randomUUID();
  await harness.openCase({ caseId, handlingOrgId: orgId, handlingOrgParentId: undefined });
  await harness.deliver(verificationCompleted, {
    caseId,
    handlingOrgId: orgId,
    eligible: true,
    recommendedAmountFen: 800_000,
    capFen: 30_600_000,
  });
  const caseworker = await as(`${people}.caseworker`);
  await eventually(() => caseworker.getApproval.query({ caseId }), 'approval request');
  await caseworker.submit.mutate({ caseId });
  await (await as(`${people}.head`)).act.mutate({ caseId, step: 'department_head', action: 'approve' });
  await (await as(`${people}.chief`)).act.mutate({ caseId, step: 'chief', action: 'approve' });
  return (await caseworker.getDecision.query({ caseId })).decisionNumber;
}

const beijingYear = () => new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();

beforeAll(async () => {
  harness = await startServiceUnderTest(approvalService);
  // The court numbers with its own pattern; the procuratorate keeps the default 〔{year}〕司救{seq}号.
  await (
    await as('xinyi.admin')
  ).configureChain.mutate({
    orgId: 'court-440983',
    finalApprover: 'chief',
    superiorThresholdFen: 5_000_000,
    numberPattern: '〔{year}〕粤0983司救{seq}号',
  });
});
afterAll(async () => {
  vi.useRealTimers();
  await harness?.stop();
});

describe('decision numbers', () => {
  it('are a separate series per agency, and start again at 1 in a new year', async () => {
    const year = beijingYear();
    expect(await decisionNumberAt('court')).toBe(`〔${year}〕粤0983司救1号`);
    expect(await decisionNumberAt('procuratorate')).toBe(`〔${year}〕司救1号`);
    expect(await decisionNumberAt('court')).toBe(`〔${year}〕粤0983司救2号`);
    expect(await decisionNumberAt('procuratorate')).toBe(`〔${year}〕司救2号`);

    // The service runs in this process: its clock moves on (and keeps running) to 2 January of the next year,
    // 10:00 in Beijing.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(new Date(`${year + 1}-01-02T10:00:00+08:00`));
    expect(await decisionNumberAt('procuratorate')).toBe(`〔${year + 1}〕司救1号`);
    expect(await decisionNumberAt('court')).toBe(`〔${year + 1}〕粤0983司救1号`);
    expect(await decisionNumberAt('court')).toBe(`〔${year + 1}〕粤0983司救2号`);
    vi.useRealTimers();

    const counters = await harness.query<{ org_id: string; year: number; last_value: number }>(
      `SELECT org_id, year, last_value FROM decision_counter ORDER BY org_id, year`,
    );
    expect(counters).toEqual([
      { org_id: 'court-440983', year, last_value: 2 },
      { org_id: 'court-440983', year: year + 1, last_value: 2 },
      { org_id: 'procuratorate-440981', year, last_value: 2 },
      { org_id: 'procuratorate-440981', year: year + 1, last_value: 1 },
    ]);
  });
});
