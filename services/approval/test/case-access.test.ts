import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verificationCompleted, type ApprovalRouter } from '@jiuzhu/contracts';
import { OUT_OF_REACH } from '@jiuzhu/service-kit';
import { eventually, failureOf, startServiceUnderTest } from '@jiuzhu/service-kit/testing';
import { approvalService } from '../src/service.ts';
import { openedCase } from './opened-case.ts';

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

/** An urgent case of Xinyi's court, verified; submitted for approval when `submit`. */
async function verifiedCase({ submit }: { submit: boolean }) {
  const caseId = await openedCase(harness);
  await harness.deliver(verificationCompleted, {
    caseId,
    handlingOrgId: 'court-440983',
    eligible: true,
    recommendedAmountFen: 1_200_000,
    capFen: 30_600_000,
  });
  const caseworker = await as('xinyi.caseworker');
  await eventually(() => caseworker.getApproval.query({ caseId }), 'approval request');
  if (submit) await caseworker.submit.mutate({ caseId });
  return caseId;
}

const actionsOf = (caseId: string) =>
  harness.query(
    `SELECT a.step, a.action FROM approval_action a JOIN approval_request r ON r.id = a.request_id
      WHERE r.case_id = $1 ORDER BY a.acted_at`,
    [caseId],
  );

beforeAll(async () => {
  harness = await startServiceUnderTest(approvalService);
});
afterAll(async () => harness?.stop());

describe("approval: another agency's case", () => {
  it('answers approval.act by an outsider the same for a case in approval, one not in approval and none at all', async () => {
    const inApproval = await verifiedCase({ submit: true });
    const awaitingSubmission = await verifiedCase({ submit: false });
    const refusal = { status: 403, message: OUT_OF_REACH };
    for (const username of ['gaozhou.head', 'yiyuan-jcy.chief', 'gaozhou-jcy.committee', 'maoming.head']) {
      const outsider = await as(username);
      for (const caseId of [inApproval, awaitingSubmission, crypto.randomUUID()])
        for (const step of ['department_head', 'chief', 'superior'] as const)
          expect(
            await failureOf(outsider.act.mutate({ caseId, step, action: 'approve' })),
            `${username} ${step}`,
          ).toEqual(refusal);
    }
    expect(await actionsOf(inApproval)).toEqual([{ step: 'caseworker', action: 'submit' }]);
    expect(await actionsOf(awaitingSubmission)).toEqual([]);
    // The agency's own approvers are untouched by all that.
    const done = await (
      await as('xinyi.head')
    ).act.mutate({ caseId: inApproval, step: 'department_head', action: 'approve' });
    expect(done.currentStep).toBe(1);
  });

  it('refuses its getters and case lists alike for a real and a made-up case, and leaves it out of their queues', async () => {
    const caseId = await verifiedCase({ submit: true });
    const refusal = { status: 403, message: OUT_OF_REACH };
    const outsider = await as('gaozhou.caseworker');
    for (const id of [caseId, crypto.randomUUID()]) {
      expect(await failureOf(outsider.getApproval.query({ caseId: id }))).toEqual(refusal);
      expect(await failureOf(outsider.getDecision.query({ caseId: id }))).toEqual(refusal);
      expect(await failureOf(outsider.getCaseAdvance.query({ caseId: id }))).toEqual(refusal);
      expect(await failureOf(outsider.submit.mutate({ caseId: id }))).toEqual(refusal);
      expect(
        await failureOf(
          outsider.requestAdvance.mutate({ caseId: id, amountFen: 100_000, reason: '急需治疗' }),
        ),
      ).toEqual(refusal);
    }
    expect((await (await as('gaozhou.head')).listMyQueue.query()).map((r) => r.caseId)).not.toContain(caseId);
    expect((await (await as('yiyuan-jcy.chief')).listAdvances.query()).map((a) => a.caseId)).not.toContain(
      caseId,
    );
    expect((await (await as('gaozhou.head')).listOverdue.query()).map((r) => r.caseId)).not.toContain(caseId);
  });

  it('keeps amounts and decisions from the lead referrer and the administrator of the agency itself', async () => {
    const caseId = await verifiedCase({ submit: true });
    for (const username of ['xinyi.referrer', 'xinyi.admin']) {
      const person = await as(username);
      const refused = await failureOf(person.getApproval.query({ caseId }));
      expect(refused, username).toMatchObject({ status: 403, message: expect.stringContaining('无权') });
      expect(await failureOf(person.getApproval.query({ caseId: crypto.randomUUID() })), username).toEqual(
        refused,
      );
    }
    expect((await (await as('xinyi.finance')).getApproval.query({ caseId })).caseId).toBe(caseId);
  });
});
