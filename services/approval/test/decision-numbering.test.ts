import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verificationCompleted, type ApprovalRouter } from '@jiuzhu/contracts';
import { eventually, failureOf, startServiceUnderTest } from '@jiuzhu/service-kit/testing';
import { approvalService } from '../src/service.ts';
import { beijingYear, beijingMidnight } from '@jiuzhu/calendar';

// A fresh service of its own: no decision has been numbered yet in any agency.
let harness: Awaited<ReturnType<typeof startServiceUnderTest>>;

/** Signs in anew each time: after the clock moves to the next year, earlier tokens have expired. */
async function as(username: string) {
  const token = await harness.tokenFor(username);
  return createTRPCClient<ApprovalRouter>({
    links: [httpLink({ url: `${harness.url}/trpc`, headers: () => ({ authorization: `Bearer ${token}` }) })],
  });
}

const AGENCIES = {
  xinyiCourt: { orgId: 'court-440983', people: 'xinyi' },
  yiyuanProcuratorate: { orgId: 'procuratorate-370323', people: 'yiyuan-jcy' },
  gaozhouProcuratorate: { orgId: 'procuratorate-440981', people: 'gaozhou-jcy' },
} as const;
type Agency = keyof typeof AGENCIES;

/** A case verified at the agency, submitted and approved by the department head: the chief decides next. */
async function awaitingChief(agency: Agency) {
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
  const chief = await as(`${people}.chief`);
  return {
    caseId,
    decide: () => chief.act.mutate({ caseId, step: 'chief', action: 'approve' }),
    decisionNumber: async () => (await caseworker.getDecision.query({ caseId })).decisionNumber,
  };
}

/** A case taken through department head and chief at the agency; returns its decision number. */
async function decisionNumberAt(agency: Agency): Promise<string> {
  const pending = await awaitingChief(agency);
  await pending.decide();
  return pending.decisionNumber();
}

const lastSequence = async (orgId: string, year: number) =>
  (
    await harness.query<{ last_value: number }>(
      `SELECT last_value FROM decision_counter WHERE org_id = $1 AND year = $2`,
      [orgId, year],
    )
  )[0]?.last_value ?? 0;
const configureNumbers = async (numberPattern: string) =>
  (await as('xinyi.admin')).configureChain.mutate({
    orgId: AGENCIES.xinyiCourt.orgId,
    finalApprover: 'chief',
    superiorThresholdFen: 5_000_000,
    numberPattern,
  });

beforeAll(async () => {
  harness = await startServiceUnderTest(approvalService);
});
afterAll(async () => {
  vi.useRealTimers();
  await harness?.stop();
});

describe('decision numbers', () => {
  it('carry the agency code, so agencies of different counties never share one, and start again at 1 in a new year', async () => {
    const year = beijingYear();
    expect(await decisionNumberAt('xinyiCourt')).toBe(`〔${year}〕粤0983司救1号`);
    expect(await decisionNumberAt('yiyuanProcuratorate')).toBe(`〔${year}〕鲁0323检司救1号`);
    expect(await decisionNumberAt('xinyiCourt')).toBe(`〔${year}〕粤0983司救2号`);

    // The service runs in this process: its clock moves on (and keeps running) to 2 January of the next year,
    // 10:00 in Beijing.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(new Date(beijingMidnight(`${year + 1}-01-02`).getTime() + 10 * 3_600_000));
    expect(await decisionNumberAt('yiyuanProcuratorate')).toBe(`〔${year + 1}〕鲁0323检司救1号`);
    expect(await decisionNumberAt('xinyiCourt')).toBe(`〔${year + 1}〕粤0983司救1号`);
    expect(await decisionNumberAt('xinyiCourt')).toBe(`〔${year + 1}〕粤0983司救2号`);
    vi.useRealTimers();

    const counters = await harness.query<{ org_id: string; year: number; last_value: number }>(
      `SELECT org_id, year, last_value FROM decision_counter WHERE org_id IN ($1, $2) ORDER BY org_id, year`,
      [AGENCIES.xinyiCourt.orgId, AGENCIES.yiyuanProcuratorate.orgId],
    );
    expect(counters).toEqual([
      { org_id: 'court-440983', year, last_value: 2 },
      { org_id: 'court-440983', year: year + 1, last_value: 2 },
      { org_id: 'procuratorate-370323', year, last_value: 1 },
      { org_id: 'procuratorate-370323', year: year + 1, last_value: 1 },
    ]);
  });

  it('follow the pattern the agency’s administrator set, continuing its series', async () => {
    const year = beijingYear();
    const next = (await lastSequence(AGENCIES.xinyiCourt.orgId, year)) + 1;
    await configureNumbers('信法司救〔{year}〕{seq}号');
    expect(await decisionNumberAt('xinyiCourt')).toBe(`信法司救〔${year}〕${next}号`);
    await configureNumbers('〔{year}〕{code}司救{seq}号');
    expect(await decisionNumberAt('xinyiCourt')).toBe(`〔${year}〕粤0983司救${next + 1}号`);
  });

  it('are never the same when an agency decides many cases at once', async () => {
    const year = beijingYear();
    const pending = [];
    for (let n = 0; n < 6; n++) pending.push(await awaitingChief('gaozhouProcuratorate'));
    await Promise.all(pending.map((p) => p.decide()));
    const numbers = await Promise.all(pending.map((p) => p.decisionNumber()));
    expect(numbers.toSorted()).toEqual(
      [1, 2, 3, 4, 5, 6].map((seq) => `〔${year}〕粤0981检司救${seq}号`).toSorted(),
    );
  });

  it('refuse a number another agency already holds, in Chinese, and the approval waits for a corrected pattern', async () => {
    const year = beijingYear();
    // Xinyi court's administrator mistypes Yiyuan procuratorate's code into the court's pattern, and Yiyuan has
    // already issued the number the court would issue next.
    const next = (await lastSequence(AGENCIES.xinyiCourt.orgId, year)) + 1;
    while ((await lastSequence(AGENCIES.yiyuanProcuratorate.orgId, year)) < next)
      await decisionNumberAt('yiyuanProcuratorate');
    await configureNumbers('〔{year}〕鲁0323检司救{seq}号');
    const pending = await awaitingChief('xinyiCourt');
    const refused = await failureOf(pending.decide());
    expect(refused).toEqual({
      status: 409,
      message: `决定书编号“〔${year}〕鲁0323检司救${next}号”已被其他机构使用，本次审批未生效。请本机构系统管理员在审批流程配置中把决定书编号格式改为包含本机构代字（{code}）后，再审批。`,
    });
    const approval = await (await as('xinyi.chief')).getApproval.query({ caseId: pending.caseId });
    expect(approval).toMatchObject({ status: 'in_progress', currentStep: 1 });
    expect((await failureOf(pending.decisionNumber())).status).toBe(404);

    await configureNumbers('〔{year}〕{code}司救{seq}号');
    await pending.decide();
    expect(await pending.decisionNumber()).toBe(`〔${year}〕粤0983司救${next}号`);
  });

  it('are configured only with a pattern that can stay unique, explained in Chinese', async () => {
    const badPattern = await failureOf(configureNumbers('〔{year}〕信法司救号'));
    expect(badPattern.status).toBe(400);
    expect(badPattern.message).toContain('编号格式必须包含 {seq}（序号）');
    // Gaozhou court numbers with its own pattern, written out without {code}; Xinyi court may not take it too.
    await harness.query(
      `INSERT INTO chain_config (org_id, final_approver, superior_threshold_fen, number_pattern)
       VALUES ('court-440981', 'chief', 5000000, '〔{year}〕高法司救{seq}号')`,
    );
    expect(await failureOf(configureNumbers('〔{year}〕高法司救{seq}号'))).toEqual({
      status: 409,
      message:
        '另一机构已使用相同的决定书编号格式，编号会重复。请在格式中写明本机构代字，或使用 {code}（本机构代字）。',
    });
    // Written with {code}, one pattern serves every agency.
    await harness.query(`UPDATE chain_config SET number_pattern = '{code}司救〔{year}〕{seq}号'`);
    expect(await configureNumbers('{code}司救〔{year}〕{seq}号')).toMatchObject({
      numberPattern: '{code}司救〔{year}〕{seq}号',
    });
    await configureNumbers('〔{year}〕{code}司救{seq}号');
  });

  it('carry the agency code for a case submitted before its agency was recorded, when its own chief decides', async () => {
    const year = beijingYear();
    const pending = await awaitingChief('yiyuanProcuratorate');
    await harness.query(
      `UPDATE approval_request SET handling_org_type = NULL, handling_org_level = NULL, handling_org_region = NULL
        WHERE case_id = $1`,
      [pending.caseId],
    );
    await pending.decide();
    expect(await pending.decisionNumber()).toMatch(new RegExp(`^〔${year}〕鲁0323检司救\\d+号$`));
  });
});
