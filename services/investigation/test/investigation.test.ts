import { OUT_OF_REACH } from '@jiuzhu/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { returnedForInvestigation } from '@jiuzhu/contracts';
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

const outcomes = (rules: ReadonlyArray<{ ruleId: string; outcome: string }>) =>
  Object.fromEntries(rules.map((rule) => [rule.ruleId, rule.outcome]));

describe('a case opened by intake', () => {
  it('appears in the worklist of its handling agency, waiting for investigation', async () => {
    const caseId = await service.openCase('court-440983', xinyi);
    const worklist = await xinyi.listCases.query();
    expect(worklist.find((item) => item.caseId === caseId)).toMatchObject({
      status: 'investigating',
      tasksDone: 0,
    });
    const detail = await xinyi.getCase.query({ caseId });
    expect(detail.evaluation.overall).toBe('needs_judgement');
    expect(await service.handedToApproval(caseId)).toEqual([]);
  });

  it('is neither visible nor changeable for a caseworker of another agency', async () => {
    const caseId = await service.openCase('court-440983', xinyi);
    const gaozhou = await service.as('gaozhou.caseworker');
    expect((await failureOf(gaozhou.getCase.query({ caseId }))).status).toBe(403);
    const write = await failureOf(gaozhou.recordTask.mutate({ caseId, facts: poorHousehold }));
    expect(write).toEqual({ status: 403, message: OUT_OF_REACH });
    expect((await gaozhou.listCases.query()).some((item) => item.caseId === caseId)).toBe(false);
  });
});

describe('tasks and facts', () => {
  it('plans a task and records its facts later', async () => {
    const caseId = await service.openCase('court-440983', xinyi);
    const planned = await xinyi.planTask.mutate({ caseId, kind: 'hearing', plannedFor: '2026-12-01' });
    expect(planned.status).toBe('planned');
    const done = await xinyi.recordTask.mutate({
      caseId,
      taskId: planned.taskId,
      facts: {
        kind: 'hearing',
        heldOn: '2026-12-01',
        participants: ['申请人', '村委会主任', '承办人'],
        conclusions: '参加人一致认为申请人家庭确因案致困',
      },
    });
    expect(done).toMatchObject({ status: 'done', taskId: planned.taskId });
    const wrongKind = await failureOf(
      xinyi.recordTask.mutate({ caseId, taskId: planned.taskId, facts: poorHousehold }),
    );
    expect(wrongKind).toMatchObject({ status: 400, message: expect.stringContaining('该任务为“听证”') });
  });

  it('refuses a negative income, saying so in Chinese', async () => {
    const caseId = await service.openCase('court-440983', xinyi);
    const refused = await failureOf(
      xinyi.recordTask.mutate({ caseId, facts: { ...poorHousehold, annualIncomeFen: -100 } as never }),
    );
    expect(refused).toMatchObject({ status: 400, message: expect.stringContaining('家庭年收入不能为负数') });
    expect((await xinyi.getCase.query({ caseId })).tasks).toEqual([]);
  });
});

describe('attachments', () => {
  const pdf = Buffer.from('%PDF-1.4\n生活困难证明扫描件\n%%EOF');

  it('accepts a PDF and gives it back unchanged', async () => {
    const caseId = await service.openCase('court-440983', xinyi);
    const task = await xinyi.recordTask.mutate({
      caseId,
      facts: { kind: 'hardship_certificate', issuedBy: '信宜市某村民委员会', issuedOn: '2026-11-20' },
    });
    const stored = await xinyi.uploadAttachment.mutate({
      caseId,
      taskId: task.taskId,
      fileName: '生活困难证明.pdf',
      contentType: 'application/pdf',
      contentBase64: pdf.toString('base64'),
    });
    expect(stored).toMatchObject({ sizeBytes: pdf.length, taskId: task.taskId });
    const back = await xinyi.getAttachment.query({ attachmentId: stored.attachmentId });
    expect(Buffer.from(back.contentBase64, 'base64').equals(pdf)).toBe(true);
    const detail = await xinyi.getCase.query({ caseId });
    expect(detail.tasks[0]?.attachments.map((a) => a.fileName)).toEqual(['生活困难证明.pdf']);
    const gaozhou = await service.as('gaozhou.caseworker');
    expect((await failureOf(gaozhou.getAttachment.query({ attachmentId: stored.attachmentId }))).status).toBe(
      403,
    );
  });

  it('refuses oversized files, other types and content that is not what it claims', async () => {
    const caseId = await service.openCase('court-440983', xinyi);
    const upload = (contentType: string, content: Buffer) =>
      failureOf(
        xinyi.uploadAttachment.mutate({
          caseId,
          fileName: '材料',
          contentType,
          contentBase64: content.toString('base64'),
        }),
      );
    const oversized = Buffer.concat([pdf, Buffer.alloc(10 * 1024 * 1024)]);
    expect(await upload('application/pdf', oversized)).toMatchObject({
      status: 400,
      message: expect.stringContaining('附件大小不能超过10MB'),
    });
    expect(await upload('image/gif', Buffer.from('GIF89a'))).toMatchObject({
      status: 400,
      message: expect.stringContaining('仅支持PDF、JPEG、PNG格式的附件'),
    });
    expect(await upload('image/png', pdf)).toMatchObject({
      status: 400,
      message: expect.stringContaining('不是有效的PNG文件'),
    });
    expect((await xinyi.getCase.query({ caseId })).attachments).toEqual([]);
  });
});

describe('eligibility', () => {
  it('passes the rules the facts decide and leaves the rest for judgement', async () => {
    const caseId = await service.openCase('court-440983', xinyi);
    await recordAll(xinyi, caseId, [poorHousehold, seriousInjury(), offenderCannotPay(), someAssistance]);
    const evaluation = await xinyi.evaluateEligibility.query({ caseId });
    expect(outcomes(evaluation.rules)).toMatchObject({
      C01: 'passed',
      C03: 'failed',
      C05: 'needs_judgement',
      R01: 'needs_judgement',
      R04: 'passed',
      R06: 'passed',
    });
    expect(evaluation).toMatchObject({
      overall: 'needs_judgement',
      priorityGroup: true,
      householdInNeed: true,
    });

    const early = await failureOf(
      xinyi.recordFinding.mutate({ caseId, eligible: true, reasons: '被害人重伤且加害人无力赔偿，家庭困难' }),
    );
    expect(early).toMatchObject({ status: 400, message: expect.stringContaining('R01、R02、R03、R05') });

    const judged = await xinyi.evaluateEligibility.query({ caseId, judgements: noRefusalGrounds });
    expect(judged.overall).toBe('eligible');
    const finding = await xinyi.recordFinding.mutate({
      caseId,
      eligible: true,
      reasons: '被害人重伤且加害人无力赔偿，家庭困难',
      judgements: noRefusalGrounds,
    });
    expect(finding.evaluation.rules.find((rule) => rule.ruleId === 'R01')).toMatchObject({
      outcome: 'passed',
      decidedBy: 'caseworker',
    });
  });

  it('fails a refusal ground that the facts establish, and will not let a judgement contradict them', async () => {
    const caseId = await service.openCase('court-440983', xinyi);
    await recordAll(xinyi, caseId, [poorHousehold, seriousInjury(), offenderCannotPay(true), someAssistance]);
    const evaluation = await xinyi.evaluateEligibility.query({ caseId, judgements: noRefusalGrounds });
    expect(outcomes(evaluation.rules)['R04']).toBe('failed');
    expect(evaluation.overall).toBe('ineligible');
    const refused = await failureOf(
      xinyi.recordFinding.mutate({
        caseId,
        eligible: true,
        reasons: '申请人家庭十分困难，建议救助',
        judgements: noRefusalGrounds,
      }),
    );
    expect(refused).toMatchObject({
      status: 400,
      message: expect.stringContaining('不能认定为符合救助条件'),
    });
    const contradiction = await failureOf(
      xinyi.evaluateEligibility.query({
        caseId,
        judgements: [{ ruleId: 'R04', outcome: 'passed', note: '申请人称并未放弃索赔' }],
      }),
    );
    expect(contradiction).toMatchObject({
      status: 400,
      message: expect.stringContaining('已由核查事实得出结论'),
    });
  });
});

describe('review and hand-over to approval', () => {
  it('generates the review report with the figures and hands the case over with its reference', async () => {
    const caseId = await service.openCase('court-440983', xinyi);
    await recordAll(xinyi, caseId, [poorHousehold, seriousInjury(), offenderCannotPay(), someAssistance]);
    await xinyi.recordFinding.mutate({
      caseId,
      eligible: true,
      reasons: '被害人重伤且加害人无力赔偿，家庭困难',
      judgements: noRefusalGrounds,
    });
    expect((await failureOf(xinyi.submitReview.mutate({ caseId }))).message).toContain(
      '请先提出救助金额建议',
    );

    const recommendation = await xinyi.recommendAmount.mutate({ caseId, applicantFault: 'none' });
    // 85,000 lost − 15,000 received = 70,000; plus (900 − 500) × 4 people × 12 months = 19,200.
    expect(recommendation).toMatchObject({
      recommendedAmountFen: 8_920_000,
      capFen: 35_280_000,
      aboveCapException: false,
      tableVersion: { region: '440000', year: 2026, version: 1 },
    });

    const submitted = await xinyi.submitReview.mutate({ caseId });
    const report = await xinyi.getReport.query({ caseId });
    expect(report.reportId).toBe(submitted.reportId);
    expect(report.content).toContain('审查报告');
    expect(report.content).toContain('伤害程度：重伤');
    expect(report.content).toContain('家庭人口4人');
    expect(report.content).toContain('人均月收入人民币500.00元');
    expect(report.content).toContain('建议救助金额：人民币89,200.00元');
    expect(report.content).toContain('救助上限人民币352,800.00元');
    expect(report.content).toContain('申请人符合国家司法救助条件');

    expect(await service.handedToApproval(caseId)).toEqual([
      expect.objectContaining({
        payload: expect.objectContaining({
          caseId,
          handlingOrgId: 'court-440983',
          eligible: true,
          recommendedAmountFen: 8_920_000,
          capFen: 35_280_000,
          reportId: submitted.reportId,
          aboveCapException: false,
          tableVersion: { region: '440000', year: 2026, version: 1 },
        }),
      }),
    ]);
    expect((await xinyi.getCase.query({ caseId })).status).toBe('submitted');
    expect((await failureOf(xinyi.submitReview.mutate({ caseId }))).status).toBe(409);
    expect((await failureOf(xinyi.recordTask.mutate({ caseId, facts: someAssistance }))).status).toBe(409);
  });

  it('flags an amount above the cap as an exception for approval to escalate', async () => {
    const caseId = await service.openCase('court-440983', xinyi);
    await recordAll(xinyi, caseId, [poorHousehold, seriousInjury(), offenderCannotPay(), someAssistance]);
    await xinyi.recordFinding.mutate({
      caseId,
      eligible: true,
      reasons: '被害人重伤且加害人无力赔偿，家庭困难',
      judgements: noRefusalGrounds,
    });
    const unexplained = await failureOf(
      xinyi.recommendAmount.mutate({ caseId, applicantFault: 'none', proposedAmountFen: 40_000_000 }),
    );
    expect(unexplained).toMatchObject({ status: 400, message: expect.stringContaining('超过救助上限') });

    const exception = await xinyi.recommendAmount.mutate({
      caseId,
      applicantFault: 'none',
      proposedAmountFen: 40_000_000,
      adjustmentReason: '被害人需长期康复治疗，后续医疗费用巨大，报请上级机关审批',
    });
    expect(exception).toMatchObject({ aboveCapException: true, recommendedAmountFen: 40_000_000 });
    await xinyi.submitReview.mutate({ caseId });
    const [event] = await service.handedToApproval(caseId);
    expect(event?.payload).toMatchObject({ aboveCapException: true, recommendedAmountFen: 40_000_000 });
    expect((await xinyi.getReport.query({ caseId })).content).toContain('须报上级机关审批');
  });

  it('recommends a partner programme for someone in need who does not qualify', async () => {
    const caseId = await service.openCase('court-440983', xinyi);
    await recordAll(xinyi, caseId, [
      poorHousehold,
      { ...(seriousInjury(200_000) as object), injury: 'minor' } as never,
      offenderCannotPay(),
      someAssistance,
    ]);
    const notOthers = ['C05', 'C06', 'C07', 'C08', 'C10'].map((ruleId) => ({
      ruleId,
      outcome: 'failed' as const,
      note: '经核查不属于该情形',
    }));
    const evaluation = await xinyi.evaluateEligibility.query({ caseId, judgements: notOthers });
    expect(evaluation).toMatchObject({ overall: 'ineligible', householdInNeed: true });

    await xinyi.recordFinding.mutate({
      caseId,
      eligible: false,
      reasons: '被害人仅受轻伤，不属于国家司法救助情形',
      judgements: notOthers,
      referral: { programme: 'minimum_living_allowance', reason: '家庭人均收入低于当地低保标准' },
    });
    const submitted = await xinyi.submitReview.mutate({ caseId });
    expect(submitted).toMatchObject({ eligible: false, recommendedAmountFen: 0 });
    const [event] = await service.handedToApproval(caseId);
    expect(event?.payload).toMatchObject({
      eligible: false,
      recommendedAmountFen: 0,
      capFen: 35_280_000,
      referralRecommendation: {
        programme: 'minimum_living_allowance',
        reason: '家庭人均收入低于当地低保标准',
      },
    });
    const report = await xinyi.getReport.query({ caseId });
    expect(report.content).toContain('申请人不符合国家司法救助条件');
    expect(report.content).toContain('建议转介最低生活保障（低保）');
  });
});

describe('a case approval returns for more investigation', () => {
  it("opens again with approval's question, and hands over anew when resubmitted", async () => {
    const caseId = await service.openCase('court-440983', xinyi);
    await recordAll(xinyi, caseId, [poorHousehold, seriousInjury(), offenderCannotPay(), someAssistance]);
    await xinyi.recordFinding.mutate({
      caseId,
      eligible: true,
      reasons: '被害人重伤且加害人无力赔偿',
      judgements: noRefusalGrounds,
    });
    await xinyi.recommendAmount.mutate({ caseId, applicantFault: 'none' });
    await xinyi.submitReview.mutate({ caseId });

    await service.harness.deliver(returnedForInvestigation, {
      caseId,
      handlingOrgId: 'court-440983',
      requestId: crypto.randomUUID(),
      step: 'department_head',
      question: '请补充被害人医疗费用票据',
    });
    const reopened = await eventually(async () => {
      const view = await xinyi.getCase.query({ caseId });
      return view.status === 'investigating' ? view : undefined;
    }, 'the returned case');
    expect(reopened.returnQuestion).toBe('请补充被害人医疗费用票据');

    await xinyi.recordTask.mutate({ caseId, facts: seriousInjury(9_000_000) });
    await xinyi.recommendAmount.mutate({ caseId, applicantFault: 'none' });
    await xinyi.submitReview.mutate({ caseId });
    expect(await service.handedToApproval(caseId)).toHaveLength(2);
    expect(await xinyi.getCase.query({ caseId })).toMatchObject({
      status: 'submitted',
      returnQuestion: null,
    });
  });
});
