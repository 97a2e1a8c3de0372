import { createTRPCClient, httpLink } from '@trpc/client';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verificationCompleted, type ApprovalRouter } from '@jiuzhu/contracts';
import { eventually, failureOf, startServiceUnderTest } from '@jiuzhu/service-kit/testing';
import { approvalService } from '../src/service.ts';
import { beijingYear } from '@jiuzhu/calendar';

const XINYI_COURT = 'court-440983';
let harness: Awaited<ReturnType<typeof startServiceUnderTest>>;
const clients = new Map<string, ReturnType<typeof createTRPCClient<ApprovalRouter>>>();
async function as(username: string) {
  let client = clients.get(username);
  if (!client) {
    const token = await harness.tokenFor(username);
    client = createTRPCClient<ApprovalRouter>({
      links: [
        httpLink({ url: `${harness.url}/trpc`, headers: () => ({ authorization: `Bearer ${token}` }) }),
      ],
    });
    clients.set(username, client);
  }
  return client;
}
const queueOf = async (username: string) =>
  (await (await as(username)).listMyQueue.query()).map((row) => row.caseId);

beforeAll(async () => {
  harness = await startServiceUnderTest(approvalService);
  // The agency's chain ends with its judicial assistance committee (司法救助委员会) instead of the chief.
  await (
    await as('xinyi.admin')
  ).configureChain.mutate({
    orgId: XINYI_COURT,
    finalApprover: 'committee',
    superiorThresholdFen: 5_000_000,
    numberPattern: '〔{year}〕粤0983司救{seq}号',
  });
});
afterAll(async () => harness?.stop());

describe('the judicial assistance committee as final approver', () => {
  it('goes caseworker → department head → committee; a committee member issues the decision, the chief cannot', async () => {
    const caseId = crypto.randomUUID();
    await harness.openCase({ caseId, handlingOrgId: XINYI_COURT });
    await harness.deliver(verificationCompleted, {
      caseId,
      handlingOrgId: XINYI_COURT,
      eligible: true,
      recommendedAmountFen: 1_500_000,
      capFen: 30_600_000,
    });
    const caseworker = await as('xinyi.caseworker');
    await eventually(() => caseworker.getApproval.query({ caseId }), 'approval request');
    const submitted = await caseworker.submit.mutate({ caseId });
    expect(submitted.chain.map((s) => `${s.name}@${s.orgId}`)).toEqual([
      'department_head@court-440983',
      'committee@court-440983',
    ]);

    // Order: the committee cannot decide before the department head.
    const committee = await as('xinyi.committee');
    expect(await queueOf('xinyi.committee')).not.toContain(caseId);
    expect(await failureOf(committee.act.mutate({ caseId, step: 'committee', action: 'approve' }))).toEqual({
      status: 409,
      message: expect.stringContaining('须先由部门负责人审批'),
    });
    // Nor can a committee member take the department head's step.
    expect(
      (await failureOf(committee.act.mutate({ caseId, step: 'department_head', action: 'approve' }))).status,
    ).toBe(403);

    await (await as('xinyi.head')).act.mutate({ caseId, step: 'department_head', action: 'approve' });
    expect(await queueOf('xinyi.committee')).toContain(caseId);

    // The chief has no step in this chain: not in the chief's queue, and refused at the committee's step.
    const chief = await as('xinyi.chief');
    expect(await queueOf('xinyi.chief')).not.toContain(caseId);
    expect(await failureOf(chief.act.mutate({ caseId, step: 'committee', action: 'approve' }))).toEqual({
      status: 403,
      message: expect.stringContaining('司法救助委员会'),
    });
    expect((await failureOf(chief.act.mutate({ caseId, step: 'chief', action: 'approve' }))).status).toBe(
      400,
    );
    // Another agency's committee member cannot decide this agency's case.
    expect(
      (
        await failureOf(
          (await as('gaozhou-jcy.committee')).act.mutate({ caseId, step: 'committee', action: 'approve' }),
        )
      ).status,
    ).toBe(403);
    expect((await caseworker.getApproval.query({ caseId })).status).toBe('in_progress');

    const done = await committee.act.mutate({ caseId, step: 'committee', action: 'approve' });
    expect(done).toMatchObject({ status: 'approved', currentStep: null });
    expect(done.history.map((h) => `${h.step}:${h.action}`)).toEqual([
      'caseworker:submit',
      'department_head:approve',
      'committee:approve',
    ]);
    expect(
      (await failureOf(committee.act.mutate({ caseId, step: 'committee', action: 'approve' }))).status,
    ).toBe(409);

    const decision = await caseworker.getDecision.query({ caseId });
    const year = beijingYear();
    expect(decision).toMatchObject({ outcome: 'approved', approvedAmountFen: 1_500_000 });
    expect(decision.decisionNumber).toMatch(new RegExp(`^〔${year}〕粤0983司救\\d+号$`));
    const events = await harness.query<{
      envelope: { type: string; actor: { userId: string }; payload: object };
    }>(`SELECT envelope FROM outbox WHERE key = $1`, [caseId]);
    expect(events.map((e) => e.envelope)).toEqual([
      expect.objectContaining({
        type: 'approval.decision-issued',
        payload: expect.objectContaining({
          decisionNumber: decision.decisionNumber,
          approvedAmountFen: 1_500_000,
        }),
      }),
    ]);

    const document = await caseworker.getDecisionDocument.query({ caseId });
    const pdf = await getDocumentProxy(new Uint8Array(Buffer.from(document.contentBase64, 'base64')));
    const text = (await extractText(pdf, { mergePages: true })).text.replace(/\s+/g, '');
    expect(text).toContain(decision.decisionNumber);
    expect(text).toContain('司法救助委员会审批同意');
    expect(text).not.toContain('院长/检察长审批同意');
  });
});
