import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseOpened } from '@jiuzhu/contracts';
import { OUT_OF_REACH } from '@jiuzhu/service-kit';
import { eventually, failureOf } from '@jiuzhu/service-kit/testing';
import {
  noRefusalGrounds,
  offenderCannotPay,
  poorHousehold,
  recordAll,
  seriousInjury,
  someAssistance,
  startInvestigation,
  type Client,
} from './helpers.ts';

let service: Awaited<ReturnType<typeof startInvestigation>>;
let xinyi: Client;

beforeAll(async () => {
  service = await startInvestigation();
  xinyi = await service.as('xinyi.caseworker');
});
afterAll(async () => service?.stop());

const pdf = Buffer.from('%PDF-1.4\n医院诊断证明\n%%EOF');

/** A case of Xinyi's court (parent: Maoming's), investigated and submitted, with a piece of evidence. */
async function submittedCase() {
  const caseId = crypto.randomUUID();
  await service.harness.deliver(caseOpened, {
    caseId,
    caseNumber: `（2026）粤0983司救${caseId.slice(0, 4)}号`,
    handlingOrgId: 'court-440983',
    handlingOrgParentId: 'court-440900',
    handlingRegion: '440983',
    leadSource: 'ex_officio',
    urgent: false,
    requestedAmountFen: 5_000_000,
  });
  await eventually(() => xinyi.getCase.query({ caseId }), 'the case in investigation');
  await recordAll(xinyi, caseId, [poorHousehold, seriousInjury(), offenderCannotPay(), someAssistance]);
  const evidence = await xinyi.uploadAttachment.mutate({
    caseId,
    fileName: '诊断证明.pdf',
    contentType: 'application/pdf',
    contentBase64: pdf.toString('base64'),
  });
  await xinyi.recordFinding.mutate({
    caseId,
    eligible: true,
    reasons: '被害人重伤，加害人无力赔偿，家庭困难',
    judgements: noRefusalGrounds,
  });
  await xinyi.recommendAmount.mutate({ caseId, applicantFault: 'none' });
  await xinyi.submitReview.mutate({ caseId });
  return { caseId, attachmentId: evidence.attachmentId };
}

describe("investigation: another agency's case", () => {
  it('answers an outsider about a real case or attachment exactly as about one that does not exist', async () => {
    const { caseId, attachmentId } = await submittedCase();
    const tasksBefore = await service.harness.query(`SELECT id FROM investigation_task WHERE case_id = $1`, [
      caseId,
    ]);
    const refusal = { status: 403, message: OUT_OF_REACH };
    for (const username of ['gaozhou.caseworker', 'yiyuan-jcy.chief', 'maoming.caseworker']) {
      const outsider = await service.as(username);
      for (const id of [caseId, crypto.randomUUID()]) {
        expect(await failureOf(outsider.getCase.query({ caseId: id })), username).toEqual(refusal);
        expect(await failureOf(outsider.getReport.query({ caseId: id })), username).toEqual(refusal);
        expect(
          await failureOf(outsider.evaluateEligibility.query({ caseId: id, judgements: [] })),
          username,
        ).toEqual(refusal);
      }
      for (const id of [attachmentId, crypto.randomUUID()])
        expect(await failureOf(outsider.getAttachment.query({ attachmentId: id })), username).toEqual(
          refusal,
        );
      expect(
        (await outsider.listCases.query()).map((item) => item.caseId),
        username,
      ).not.toContain(caseId);
    }
    const gaozhou = await service.as('gaozhou.caseworker');
    for (const id of [caseId, crypto.randomUUID()])
      expect(await failureOf(gaozhou.recordTask.mutate({ caseId: id, facts: poorHousehold }))).toEqual(
        refusal,
      );
    expect(
      await service.harness.query(`SELECT id FROM investigation_task WHERE case_id = $1`, [caseId]),
    ).toEqual(tasksBefore);
  });
});

describe('investigation: need-to-know inside the agency', () => {
  it('keeps the facts, the review report and the evidence from finance, lead referrers and administrators', async () => {
    const { caseId, attachmentId } = await submittedCase();
    for (const username of ['xinyi.finance', 'xinyi.referrer', 'xinyi.admin', 'maoming.supervisor']) {
      const person = await service.as(username);
      const refused = await failureOf(person.getCase.query({ caseId }));
      expect(refused, username).toMatchObject({
        status: 403,
        message: expect.stringContaining('无权查看案件事实、审查报告和证据材料'),
      });
      expect(await failureOf(person.getReport.query({ caseId })), username).toEqual(refused);
      expect(await failureOf(person.getAttachment.query({ attachmentId })), username).toEqual(refused);
      // The same answer for a case that does not exist: a role that may not read facts learns nothing either.
      expect(await failureOf(person.getCase.query({ caseId: crypto.randomUUID() })), username).toEqual(
        refused,
      );
    }
  });

  it('shows them to the case handlers, and to the superior agency approvers the case may go up to', async () => {
    const { caseId, attachmentId } = await submittedCase();
    for (const username of ['xinyi.head', 'xinyi.chief', 'xinyi.committee', 'maoming.chief']) {
      const person = await service.as(username);
      expect((await person.getCase.query({ caseId })).tasks.length, username).toBe(4);
      expect((await person.getReport.query({ caseId })).content, username).toContain('审查报告');
      expect((await person.getAttachment.query({ attachmentId })).fileName, username).toBe('诊断证明.pdf');
    }
  });
});
