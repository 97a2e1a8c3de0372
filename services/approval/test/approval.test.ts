import { createTRPCClient, httpLink } from '@trpc/client';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseOpened, verificationCompleted, type ApprovalRouter } from '@jiuzhu/contracts';
import { OUT_OF_REACH } from '@jiuzhu/service-kit';
import { eventually, failureOf, startServiceUnderTest } from '@jiuzhu/service-kit/testing';
import { approvalService } from '../src/service.ts';
import { opening, openedCase } from './opened-case.ts';
import { beijingYear } from '@jiuzhu/calendar';

let harness: Awaited<ReturnType<typeof startServiceUnderTest>>;
const clients = new Map<string, ReturnType<typeof makeClient>>();
const makeClient = (token: string) =>
  createTRPCClient<ApprovalRouter>({
    links: [httpLink({ url: `${harness.url}/trpc`, headers: () => ({ authorization: `Bearer ${token}` }) })],
  });
async function as(username: string) {
  let client = clients.get(username);
  if (!client) {
    client = makeClient(await harness.tokenFor(username));
    clients.set(username, client);
  }
  return client;
}
const verified = (
  overrides: Partial<{ eligible: boolean; recommendedAmountFen: number; aboveCapException: boolean }> = {},
) => ({
  caseId: crypto.randomUUID(),
  handlingOrgId: 'court-440983',
  eligible: true,
  recommendedAmountFen: 1_200_000,
  capFen: 30_600_000,
  ...overrides,
});

/** Delivers a verification and waits until the case is ready to be submitted. */
async function verifiedCase(overrides: Parameters<typeof verified>[0] = {}) {
  const payload = verified(overrides);
  await openedCase(harness, { caseId: payload.caseId, urgent: false });
  await harness.deliver(verificationCompleted, payload);
  const caseworker = await as('xinyi.caseworker');
  await eventually(() => caseworker.getApproval.query({ caseId: payload.caseId }), 'approval request');
  return payload.caseId;
}

beforeAll(async () => {
  harness = await startServiceUnderTest(approvalService);
  await (
    await as('xinyi.admin')
  ).configureChain.mutate({
    orgId: 'court-440983',
    finalApprover: 'chief',
    superiorThresholdFen: 5_000_000,
    numberPattern: '〔{year}〕粤0983司救{seq}号',
  });
});
afterAll(async () => harness?.stop());

describe('the approval chain', () => {
  it('announces the decision and the advance with the case number approval learnt from the opening', async () => {
    const caseNumber = `JZ-2026-court-440983-${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;
    const caseId = await openedCase(harness, { caseNumber });
    await (
      await as('xinyi.caseworker')
    ).requestAdvance.mutate({ caseId, amountFen: 500_000, reason: '重伤住院，急需支付医疗费' });
    await (await as('xinyi.chief')).decideAdvance.mutate({ caseId, approve: true });
    await harness.deliver(verificationCompleted, { ...verified(), caseId });
    await eventually(() => as('xinyi.caseworker').then((c) => c.getApproval.query({ caseId })), 'request');
    await (await as('xinyi.caseworker')).submit.mutate({ caseId });
    await (await as('xinyi.head')).act.mutate({ caseId, step: 'department_head', action: 'approve' });
    await (await as('xinyi.chief')).act.mutate({ caseId, step: 'chief', action: 'approve' });

    const events = await harness.query<{ envelope: { type: string; payload: { caseNumber?: string } } }>(
      `SELECT envelope FROM outbox WHERE key = $1 ORDER BY seq`,
      [caseId],
    );
    const numbers = Object.fromEntries(events.map((e) => [e.envelope.type, e.envelope.payload.caseNumber]));
    expect(numbers).toMatchObject({
      'approval.advance-approved': caseNumber,
      'approval.decision-issued': caseNumber,
    });
  });

  it('goes caseworker → department head → chief and issues a numbered decision, then records its service', async () => {
    const caseId = await verifiedCase();
    await (await as('xinyi.caseworker')).submit.mutate({ caseId });
    expect((await (await as('xinyi.head')).listMyQueue.query()).map((r) => r.caseId)).toContain(caseId);
    expect((await (await as('xinyi.chief')).listMyQueue.query()).map((r) => r.caseId)).not.toContain(caseId);

    await (await as('xinyi.head')).act.mutate({ caseId, step: 'department_head', action: 'approve' });
    const done = await (await as('xinyi.chief')).act.mutate({ caseId, step: 'chief', action: 'approve' });
    expect(done).toMatchObject({ status: 'approved', currentStep: null });
    expect(done.history.map((h) => `${h.step}:${h.action}`)).toEqual([
      'caseworker:submit',
      'department_head:approve',
      'chief:approve',
    ]);

    const decision = await (await as('xinyi.caseworker')).getDecision.query({ caseId });
    const year = beijingYear();
    expect(decision).toMatchObject({ outcome: 'approved', approvedAmountFen: 1_200_000 });
    expect(decision.decisionNumber).toMatch(new RegExp(`^〔${year}〕粤0983司救\\d+号$`));
    const [event] = await harness.query<{ envelope: { type: string; payload: { decisionNumber: string } } }>(
      `SELECT envelope FROM outbox WHERE key = $1`,
      [caseId],
    );
    expect(event?.envelope).toMatchObject({
      type: 'approval.decision-issued',
      // The parent agency rides along, so payments lets the parent's supervisors read the payment.
      payload: { decisionNumber: decision.decisionNumber, handlingOrgParentId: 'court-440900' },
    });

    const document = await (await as('xinyi.caseworker')).getDecisionDocument.query({ caseId });
    const pdf = await getDocumentProxy(new Uint8Array(Buffer.from(document.contentBase64, 'base64')));
    const text = (await extractText(pdf, { mergePages: true })).text.replace(/\s+/g, '');
    expect(text).toContain('信宜市人民法院');
    expect(text).toContain(decision.decisionNumber);
    expect(text).toContain('壹万贰仟元整');
    expect(text).toContain('院长/检察长审批同意');
    const partner = await as('xinyi-civil.officer');
    expect((await failureOf(partner.getDecisionDocument.query({ caseId }))).status).toBe(403);

    const served = await (
      await as('xinyi.caseworker')
    ).recordService.mutate({
      caseId,
      method: 'post',
      servedOn: '2026-11-20',
      recipient: '申请人本人',
    });
    expect(served.service).toEqual({ method: 'post', servedOn: '2026-11-20', recipient: '申请人本人' });
  });

  it('numbers decisions one after another within the agency and year', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 2; i++) {
      const caseId = await verifiedCase();
      await (await as('xinyi.caseworker')).submit.mutate({ caseId });
      await (await as('xinyi.head')).act.mutate({ caseId, step: 'department_head', action: 'approve' });
      await (await as('xinyi.chief')).act.mutate({ caseId, step: 'chief', action: 'approve' });
      numbers.push((await (await as('xinyi.head')).getDecision.query({ caseId })).decisionNumber);
    }
    const seq = numbers.map((n) => Number(/司救(\d+)号/.exec(n)?.[1]));
    expect(seq[1]).toBe(seq[0]! + 1);
  });

  it('enforces the order: the chief cannot act before the department head, nor anyone twice', async () => {
    const caseId = await verifiedCase();
    const chief = await as('xinyi.chief');
    expect((await failureOf(chief.act.mutate({ caseId, step: 'chief', action: 'approve' }))).status).toBe(
      409,
    );
    const submitted = await (await as('xinyi.caseworker')).submit.mutate({ caseId });
    expect(submitted).toMatchObject({
      overdue: false,
      stepDueOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    // A step left past its deadline is escalated: the chief sees it in the overdue list.
    await harness.query(`UPDATE approval_request SET step_due_on = current_date - 3 WHERE case_id = $1`, [
      caseId,
    ]);
    expect((await chief.listOverdue.query()).find((r) => r.caseId === caseId)).toMatchObject({
      overdue: true,
    });
    expect((await (await as('gaozhou.head')).listOverdue.query()).map((r) => r.caseId)).not.toContain(caseId);
    const early = await failureOf(chief.act.mutate({ caseId, step: 'chief', action: 'approve' }));
    expect(early).toEqual({ status: 409, message: expect.stringContaining('须先由部门负责人审批') });
    // Approvers act only at their own step.
    const wrongStep = await failureOf(
      chief.act.mutate({ caseId, step: 'department_head', action: 'approve' }),
    );
    expect(wrongStep.status).toBe(403);
    const head = await as('xinyi.head');
    await head.act.mutate({ caseId, step: 'department_head', action: 'approve' });
    expect(
      (await failureOf(head.act.mutate({ caseId, step: 'department_head', action: 'approve' }))).status,
    ).toBe(409);
    // Another agency's head cannot act on this case.
    const other = await failureOf(
      (await as('gaozhou.head')).act.mutate({ caseId, step: 'department_head', action: 'approve' }),
    );
    expect(other.status).toBe(403);
  });

  it('a rejection needs reasons and issues a refusal carrying them', async () => {
    const caseId = await verifiedCase();
    await (await as('xinyi.caseworker')).submit.mutate({ caseId });
    const head = await as('xinyi.head');
    expect(
      (await failureOf(head.act.mutate({ caseId, step: 'department_head', action: 'reject' }))).status,
    ).toBe(400);
    await head.act.mutate({
      caseId,
      step: 'department_head',
      action: 'reject',
      reasons: '申请人已获足额赔偿',
    });
    expect(await head.getDecision.query({ caseId })).toMatchObject({
      outcome: 'refused',
      approvedAmountFen: 0,
      reasons: '申请人已获足额赔偿',
    });

    // The applicant asks for a review; it goes to the superior agency.
    const caseworker = await as('xinyi.caseworker');
    const review = await caseworker.requestReview.mutate({ caseId, grounds: '赔偿款实际未到位' });
    expect(review).toMatchObject({ status: 'pending', reviewingOrgId: 'court-440900' });
    expect((await failureOf(caseworker.requestReview.mutate({ caseId, grounds: '再次申请' }))).status).toBe(
      409,
    );
    const superior = await as('maoming.chief');
    expect((await superior.listReviewQueue.query()).map((r) => r.caseId)).toContain(caseId);
    const local = await failureOf(
      (await as('xinyi.chief')).decideReview.mutate({ caseId, outcome: 'overturned', reasons: '同意复查' }),
    );
    expect(local.status).toBe(403);
    const decided = await superior.decideReview.mutate({
      caseId,
      outcome: 'overturned',
      reasons: '赔偿确未到位，应予救助',
    });
    expect(decided).toMatchObject({ status: 'overturned', reasons: '赔偿确未到位，应予救助' });
    // Overturned: the case is submitted again and decided anew under a new number; the refusal stays on record.
    const reopened = await caseworker.getApproval.query({ caseId });
    expect(reopened.status).toBe('awaiting_submission');
    expect(reopened.history.at(-1)).toMatchObject({ action: 'reopen', actorOrgId: 'court-440900' });
    await caseworker.submit.mutate({ caseId });
    await head.act.mutate({ caseId, step: 'department_head', action: 'approve' });
    await (await as('xinyi.chief')).act.mutate({ caseId, step: 'chief', action: 'approve' });
    expect(await head.getDecision.query({ caseId })).toMatchObject({
      outcome: 'approved',
      approvedAmountFen: 1_200_000,
    });
    expect(await harness.query(`SELECT 1 FROM decision WHERE case_id = $1`, [caseId])).toHaveLength(2);
  });

  it('returns a case for more investigation with the question, and takes it up again when verified anew', async () => {
    const payload = verified();
    await openedCase(harness, { caseId: payload.caseId, urgent: false });
    await harness.deliver(verificationCompleted, payload);
    const { caseId } = payload;
    const caseworker = await as('xinyi.caseworker');
    await eventually(() => caseworker.getApproval.query({ caseId }), 'approval request');
    await caseworker.submit.mutate({ caseId });
    await (await as('xinyi.head')).act.mutate({ caseId, step: 'department_head', action: 'approve' });
    const returned = await (
      await as('xinyi.chief')
    ).act.mutate({
      caseId,
      step: 'chief',
      action: 'return',
      reasons: '请核实申请人是否已获得保险理赔',
    });
    expect(returned.status).toBe('returned');
    const [event] = await harness.query<{ envelope: { type: string; payload: { question: string } } }>(
      `SELECT envelope FROM outbox WHERE key = $1`,
      [caseId],
    );
    expect(event?.envelope).toMatchObject({
      type: 'approval.returned-for-investigation',
      payload: { question: '请核实申请人是否已获得保险理赔' },
    });

    await harness.deliver(verificationCompleted, { ...payload, recommendedAmountFen: 800_000 });
    const again = await eventually(async () => {
      const view = await caseworker.getApproval.query({ caseId });
      return view.status === 'awaiting_submission' ? view : undefined;
    }, 'the case back from investigation');
    expect(again.recommendedAmountFen).toBe(800_000);
    expect(again.history.map((h) => h.action)).toEqual(['submit', 'approve', 'return']);
  });

  it('sends large amounts and exceptions above the cap to the superior agency, who acts last', async () => {
    for (const facts of [{ recommendedAmountFen: 6_000_000 }, { aboveCapException: true }]) {
      const caseId = await verifiedCase(facts);
      const view = await (await as('xinyi.caseworker')).submit.mutate({ caseId });
      expect(view.chain.map((s) => `${s.name}@${s.orgId}`)).toEqual([
        'department_head@court-440983',
        'chief@court-440983',
        'superior@court-440900',
      ]);
      const superior = await as('maoming.chief');
      expect(
        (await failureOf(superior.act.mutate({ caseId, step: 'superior', action: 'approve' }))).message,
      ).toContain('须先由部门负责人审批');
      await (await as('xinyi.head')).act.mutate({ caseId, step: 'department_head', action: 'approve' });
      await (await as('xinyi.chief')).act.mutate({ caseId, step: 'chief', action: 'approve' });
      expect(await failureOf((await as('xinyi.caseworker')).getDecision.query({ caseId }))).toMatchObject({
        status: 404,
      });
      expect((await superior.listMyQueue.query()).map((r) => r.caseId)).toContain(caseId);
      // The superior step belongs to the superior agency: the handling agency's chief cannot take it.
      expect(
        (
          await failureOf(
            (await as('xinyi.chief')).act.mutate({ caseId, step: 'superior', action: 'approve' }),
          )
        ).status,
      ).toBe(403);
      const done = await superior.act.mutate({ caseId, step: 'superior', action: 'approve' });
      expect(done.status).toBe('approved');
    }
  });

  it('joint assistance goes to the superior agency too; refusals proposed by the caseworker need reasons', async () => {
    const joint = await verifiedCase();
    const caseworker = await as('xinyi.caseworker');
    expect((await caseworker.submit.mutate({ caseId: joint, joint: true })).chain.at(-1)?.name).toBe(
      'superior',
    );

    const ineligible = await verifiedCase({ eligible: false, recommendedAmountFen: 0 });
    expect((await failureOf(caseworker.submit.mutate({ caseId: ineligible }))).status).toBe(400);
    await caseworker.submit.mutate({ caseId: ineligible, opinion: '损失并非由案件造成' });
    await (
      await as('xinyi.head')
    ).act.mutate({ caseId: ineligible, step: 'department_head', action: 'approve' });
    await (await as('xinyi.chief')).act.mutate({ caseId: ineligible, step: 'chief', action: 'approve' });
    expect(await caseworker.getDecision.query({ caseId: ineligible })).toMatchObject({
      outcome: 'refused',
      reasons: '损失并非由案件造成',
    });
  });

  it('hides amounts from partner departments and keeps decisions within the agency', async () => {
    const caseId = await verifiedCase();
    expect((await failureOf((await as('xinyi-civil.officer')).getApproval.query({ caseId }))).status).toBe(
      403,
    );
    expect((await failureOf((await as('gaozhou.caseworker')).getApproval.query({ caseId }))).status).toBe(
      403,
    );
    expect((await failureOf((await as('gaozhou.caseworker')).submit.mutate({ caseId }))).status).toBe(403);
  });
});

describe('advance assistance (先行救助)', () => {
  it('the chief alone approves a capped advance; the case must then be completed in time', async () => {
    const caseId = await openedCase(harness);
    const caseworker = await as('xinyi.caseworker');
    const tooMuch = await failureOf(
      caseworker.requestAdvance.mutate({ caseId, amountFen: 2_400_001, reason: '重伤急需手术' }),
    );
    expect(tooMuch).toEqual({ status: 400, message: expect.stringContaining('24000.00') });
    const requested = await caseworker.requestAdvance.mutate({
      caseId,
      amountFen: 2_000_000,
      reason: '重伤急需手术',
    });
    expect(requested.status).toBe('requested');
    expect(
      (await failureOf((await as('xinyi.head')).decideAdvance.mutate({ caseId, approve: true }))).status,
    ).toBe(403);
    expect(
      (await failureOf((await as('gaozhou-jcy.chief')).decideAdvance.mutate({ caseId, approve: true })))
        .status,
    ).toBe(403);
    const approved = await (await as('xinyi.chief')).decideAdvance.mutate({ caseId, approve: true });
    expect(approved).toMatchObject({ status: 'approved', completedAt: null, overdue: false });
    const [event] = await harness.query<{ envelope: { type: string; payload: { amountFen: number } } }>(
      `SELECT envelope FROM outbox WHERE key = $1`,
      [caseId],
    );
    expect(event?.envelope).toMatchObject({
      type: 'approval.advance-approved',
      // As with decisions, the parent agency rides along for payments' supervision rule.
      payload: { amountFen: 2_000_000, handlingOrgParentId: 'court-440900' },
    });

    await harness.query(`UPDATE advance SET complete_by = now() - interval '1 day' WHERE case_id = $1`, [
      caseId,
    ]);
    const tracked = await caseworker.listAdvances.query();
    expect(tracked.find((a) => a.caseId === caseId)).toMatchObject({ overdue: true });

    // Completing the case (here: found ineligible) closes the advance; payments then opens a recovery.
    await harness.deliver(verificationCompleted, {
      ...verified({ eligible: false, recommendedAmountFen: 0 }),
      caseId,
    });
    await eventually(() => caseworker.getApproval.query({ caseId }), 'approval request');
    await caseworker.submit.mutate({ caseId, opinion: '经核实不符合救助条件' });
    await (await as('xinyi.head')).act.mutate({ caseId, step: 'department_head', action: 'approve' });
    await (await as('xinyi.chief')).act.mutate({ caseId, step: 'chief', action: 'approve' });
    const closed = (await caseworker.listAdvances.query()).find((a) => a.caseId === caseId);
    expect(closed).toMatchObject({ overdue: false, completedAt: expect.any(String) });
  });

  it("refuses a case approval has not seen opened, as it refuses another agency's", async () => {
    const unknown = await failureOf(
      (await as('xinyi.caseworker')).requestAdvance.mutate({
        caseId: crypto.randomUUID(),
        amountFen: 500_000,
        reason: '重伤急需手术',
      }),
    );
    expect(unknown).toEqual({ status: 403, message: OUT_OF_REACH });
  });

  it("refuses another agency's case, and a case not marked urgent", async () => {
    const caseId = await openedCase(harness);
    const other = await failureOf(
      (await as('gaozhou.caseworker')).requestAdvance.mutate({
        caseId,
        amountFen: 500_000,
        reason: '重伤急需手术',
      }),
    );
    expect(other.status).toBe(403);

    const routine = await openedCase(harness, { urgent: false });
    const caseworker = await as('xinyi.caseworker');
    const notUrgent = await failureOf(
      caseworker.requestAdvance.mutate({ caseId: routine, amountFen: 500_000, reason: '重伤急需手术' }),
    );
    expect(notUrgent).toEqual({
      status: 412,
      message: expect.stringContaining('先行救助仅适用于情况紧急的案件'),
    });
    expect(await caseworker.listAdvances.query()).not.toContainEqual(
      expect.objectContaining({ caseId: routine }),
    );
    // Nothing was stored for either refusal: the handling agency can still ask for the urgent case.
    const requested = await caseworker.requestAdvance.mutate({
      caseId,
      amountFen: 500_000,
      reason: '重伤急需手术',
    });
    expect(requested).toMatchObject({ caseId, status: 'requested' });
  });

  it('an urgent case opened at the agency is approved by its chief, with the parent agency from the opening', async () => {
    const caseId = await openedCase(harness);
    await (
      await as('xinyi.caseworker')
    ).requestAdvance.mutate({ caseId, amountFen: 1_500_000, reason: '重伤住院，急需支付医疗费' });
    const approved = await (await as('xinyi.chief')).decideAdvance.mutate({ caseId, approve: true });
    expect(approved).toMatchObject({ caseId, status: 'approved', amountFen: 1_500_000 });
    const events = await harness.query<{ envelope: { type: string; payload: object } }>(
      `SELECT envelope FROM outbox WHERE key = $1`,
      [caseId],
    );
    expect(events.map((e) => e.envelope)).toEqual([
      expect.objectContaining({
        type: 'approval.advance-approved',
        payload: expect.objectContaining({
          handlingOrgId: 'court-440983',
          handlingOrgParentId: 'court-440900',
        }),
      }),
    ]);
  });

  it("shows a case's advance to its agency (cap, request, the chief's reasons), not to another agency", async () => {
    const caseId = await openedCase(harness);
    const caseworker = await as('xinyi.caseworker');
    expect(await caseworker.getCaseAdvance.query({ caseId })).toEqual({
      caseId,
      urgent: true,
      decided: false,
      capFen: 2_400_000,
      completionDays: 30,
      advance: null,
    });
    await caseworker.requestAdvance.mutate({
      caseId,
      amountFen: 800_000,
      reason: '重伤住院，急需支付医疗费',
    });
    const chief = await as('xinyi.chief');
    const pending = (await chief.listAdvances.query()).find((a) => a.caseId === caseId);
    expect(pending).toMatchObject({ status: 'requested', amountFen: 800_000, decidedAt: null });
    await chief.decideAdvance.mutate({ caseId, approve: false, reasons: '医疗费已由医保先行垫付' });
    expect((await caseworker.getCaseAdvance.query({ caseId })).advance).toMatchObject({
      status: 'rejected',
      decisionReasons: '医疗费已由医保先行垫付',
      decidedAt: expect.any(String),
    });
    // The parent agency's supervisor reads it; another agency's caseworker does not, nor a case never opened.
    expect((await (await as('maoming.supervisor')).getCaseAdvance.query({ caseId })).advance?.status).toBe(
      'rejected',
    );
    expect((await failureOf((await as('gaozhou.caseworker')).getCaseAdvance.query({ caseId }))).status).toBe(
      403,
    );
    expect(await failureOf(caseworker.getCaseAdvance.query({ caseId: crypto.randomUUID() }))).toEqual({
      status: 403,
      message: OUT_OF_REACH,
    });
  });

  it('stores a redelivered or repeated case opening once', async () => {
    const payload = opening();
    const first = await harness.deliver(caseOpened, payload);
    await harness.deliver(caseOpened, payload, { id: first.id });
    // The same opening published again as a new event (after both copies of the first, on the same partition).
    const last = await harness.deliver(caseOpened, payload);
    await eventually(async () => {
      const handled = await harness.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [last.id]);
      return handled.length > 0 ? handled : undefined;
    }, 'the last opening handled');
    const rows = await harness.query(`SELECT case_number, urgent FROM case_registry WHERE case_id = $1`, [
      payload.caseId,
    ]);
    expect(rows).toEqual([{ case_number: payload.caseNumber, urgent: true }]);
    expect(
      await harness.query(`SELECT 1 FROM inbox WHERE event_id = ANY($1::uuid[])`, [[first.id, last.id]]),
    ).toHaveLength(2);
  });
});
