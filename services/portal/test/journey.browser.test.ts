import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { type Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingToday, choose, formItem, typeDate } from './antd-fields.ts';
import { HAS_CHROMIUM, startBrowserStack, type BrowserStack } from './browser-stack.ts';

const RUNNING = ['intake', 'investigation', 'approval', 'payments', 'referral', 'followup'] as const;
let paidCasePath: string | undefined;
let stack: BrowserStack;
const signedInPage = (username: string, path?: string) => stack.signedInPage(username, path);
const screenshot = (page: Page, name: string) => stack.screenshot(page, name);

/** The case page's timeline as a person reads it: each entry's heading, then what happened and who did it. */
async function timelineOf(page: Page) {
  return page.locator('[data-testid^="step-"]').evaluateAll((steps) =>
    steps.map((step) => ({
      kind:
        step.querySelector('[data-testid^="event-"]')?.getAttribute('data-testid')?.slice(6) ??
        step.getAttribute('data-testid'),
      title: step.querySelector('strong')?.textContent,
      // The first part is the time; the rest reads "what · agency".
      said: (step.lastElementChild?.textContent ?? '').split(' · ').slice(1),
    })),
  );
}

async function recordFacts(page: Page, kind: string, fill: () => Promise<void>) {
  await choose(page, '核查事项', kind);
  await fill();
  await page.getByRole('button', { name: '保存核查结果' }).click();
  await page
    .getByRole('cell', { name: kind })
    .waitFor()
    .catch(async (error: unknown) => {
      await screenshot(page, `failed-${kind}`);
      throw error;
    });
}

async function registerLead(caseworker: Page) {
  await choose(caseworker, '线索来源', '依职权发现');
  await caseworker.getByLabel('申请人姓名').fill('李秀英');
  await caseworker.getByLabel('身份证号码').fill('440983199003071238');
  await caseworker.getByLabel('联系电话').fill('13800138000');
  await caseworker.getByLabel('行政区划代码').fill('440983');
  await caseworker.getByLabel('详细地址').fill('信宜市东镇街道新城路8号');
  await caseworker.getByLabel('案件情况简述').fill('被害人被砍伤致重伤，加害人无力赔偿。');
  await caseworker.getByLabel('申请救助金额（元）').fill('50000');
  await caseworker.getByLabel('申请人同意核查其个人及家庭信息').check();
  await caseworker.getByLabel('书面').check();
  await caseworker.getByRole('button', { name: '提交登记' }).click();
  await caseworker.waitForURL(/\/leads\/[0-9a-f-]{36}$/);
}

describe.runIf(HAS_CHROMIUM)('a case from lead to payment, in Chromium', () => {
  beforeAll(async () => {
    // Approval checks deadlines every second (not every 15 minutes), so a step due soon is alerted while we look.
    stack = await startBrowserStack('journey', RUNNING, {
      approval: { APPROVAL_ALERT_CHECK_INTERVAL_MS: '1000' },
    });
  }, 150_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('caseworker investigates, head, chief and the superior court approve, finance pays; the case page shows it all', async () => {
    // The court's administrator: amounts above ¥10,000 go on to the superior court; one working day per step.
    const admin = await signedInPage('xinyi.admin', '/admin?tab=approval-chain');
    const chainForm = admin.getByRole('form', { name: '审批流程配置' });
    await admin.getByTestId('current-chain').waitFor();
    await chainForm.getByLabel('超过此金额报上级机构审批').fill('10000');
    await chainForm.getByLabel('每个审批环节期限（工作日）').fill('1');
    await chainForm.getByRole('button', { name: '保存审批流程' }).click();
    const savedChain = admin.getByRole('status').filter({ hasText: '审批流程已保存' });
    await savedChain.waitFor();
    expect(await savedChain.textContent()).toContain('¥10,000.00');
    await admin.context().close();

    // Caseworker: register and accept a lead.
    const caseworker = await signedInPage('xinyi.caseworker', '/leads/new');
    await registerLead(caseworker);
    await caseworker.getByRole('button', { name: '受理立案' }).click();
    await caseworker.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const casePath = new URL(caseworker.url()).pathname;

    // Investigation: facts, finding, amount, submission.
    await caseworker.getByRole('link', { name: '调查核实' }).click();
    const investigationHeading = caseworker.getByRole('heading', { name: /调查核实 JZ-/ });
    await investigationHeading.waitFor({ timeout: 30_000 });
    const caseNumber = (await investigationHeading.textContent())?.match(/JZ-\S+/)?.[0];
    expect(caseNumber).toBeDefined();
    await recordFacts(caseworker, '家庭经济状况核查', async () => {
      await caseworker.getByLabel('家庭人口').fill('4');
      await caseworker.getByLabel('有劳动能力人数').fill('1');
      await caseworker.getByLabel('就业人数').fill('1');
      await caseworker.getByLabel('家庭年收入（元）').fill('24000');
      await formItem(caseworker, '建档立卡贫困户').getByLabel('是').check();
      await formItem(caseworker, '享受低保').getByLabel('否').check();
    });
    await recordFacts(caseworker, '损失及医疗费用核查', async () => {
      await choose(caseworker, '伤害程度', '重伤');
      await caseworker.getByLabel('医疗费用（元）').fill('80000');
      await caseworker.getByLabel('财产损失（元）').fill('0');
      await caseworker.getByLabel('其他损失（元）').fill('5000');
      await caseworker.getByLabel('损失情况说明').fill('被害人被砍伤致重伤');
    });
    await recordFacts(caseworker, '已获赔偿情况核查', async () => {
      await choose(caseworker, '加害人赔偿情况', '加害人无赔偿能力');
      await caseworker.getByLabel('加害人已赔偿金额（元）').fill('10000');
      await caseworker.getByLabel('保险已赔付金额（元）').fill('0');
      await formItem(caseworker, '放弃向加害人索赔').getByLabel('否').check();
    });
    await recordFacts(caseworker, '生活困难证明', async () => {
      await caseworker.getByLabel('出具单位').fill('信宜市东镇街道新城社区居民委员会');
      await caseworker.getByRole('button', { name: '保存核查结果' }).click();
      await caseworker.getByText('请选择出具日期').waitFor();
      await typeDate(caseworker, '出具日期', '2026-11-02');
    });
    await screenshot(caseworker, '11-investigation-facts');
    const judgements = caseworker.locator('[data-testid^="judge-R"]');
    for (const judgement of await judgements.all()) {
      await judgement.getByLabel('通过', { exact: true }).check();
      await judgement.getByRole('textbox').fill('经走访和询问未发现该情形');
    }
    await formItem(caseworker, '认定结论').getByLabel('符合救助条件', { exact: true }).check();
    await caseworker.getByLabel('认定理由').fill('被害人重伤且加害人无力赔偿，家庭困难');
    await caseworker.getByRole('button', { name: '保存认定' }).click();
    await caseworker.getByText('认定符合救助条件').waitFor();
    await caseworker.getByRole('button', { name: '计算建议金额' }).click();
    await caseworker.getByTestId('recommendation').waitFor();
    await screenshot(caseworker, '12-investigation-finding-amount');
    await caseworker.getByRole('button', { name: '提交审查报告' }).click();
    await caseworker.getByTestId('report').waitFor();
    await screenshot(caseworker, '13-review-report');

    // The caseworker submits for approval from the case page once approval has the review.
    await caseworker.goto(`${stack.portal.url}${casePath}`);
    await caseworker.getByRole('button', { name: '提交审批' }).click({ timeout: 30_000 });
    await caseworker.getByText('审批中').waitFor();

    let recommended: string | undefined;
    for (const [username, step, screen] of [
      ['xinyi.head', '部门负责人', '14-approvals-head'],
      ['xinyi.chief', '院长/检察长', '15-approvals-chief'],
    ] as const) {
      const approver = await signedInPage(username, '/approvals');
      const row = approver.getByTestId('approval-queue').getByRole('row', { name: /查看案件/ });
      await row.waitFor();
      expect(await row.textContent()).toContain(step);
      recommended ??= /¥[\d,]+\.\d{2}/.exec((await row.textContent()) ?? '')?.[0];
      // The step is due the next working day: the deadline check alerts its approvers in their view.
      const alert = approver.getByTestId('approval-alerts').getByRole('row', { name: new RegExp(step) });
      await expect
        .poll(
          async () => {
            if (await alert.isVisible()) return alert.textContent();
            await approver.reload();
            return approver
              .getByTestId('approval-queue')
              .waitFor()
              .then(() => alert.textContent({ timeout: 1_000 }))
              .catch(() => '');
          },
          { timeout: 30_000, interval: 1_000 },
        )
        .toMatch(new RegExp(`^审批临期${step}\\d{4}-\\d{2}-\\d{2}—查看案件$`));
      await screenshot(approver, screen);
      await row.getByRole('button', { name: '提交审批意见' }).click();
      await approver.getByText('暂无待审批案件').waitFor();
      // Acting closes the step's alert.
      await alert.waitFor({ state: 'detached' });
      await approver.context().close();
    }
    expect(recommended).toBeDefined();

    // The amount is above the court's threshold: no decision yet, the case waits for the superior court.
    await caseworker.reload();
    await caseworker
      .getByTestId('approval')
      .getByText(/审批中.*当前环节 上级机关/)
      .waitFor();

    // The superior court's chief (茂名市中级人民法院) sees who asks and how much, and approves.
    const superior = await signedInPage('maoming.chief', '/approvals');
    const referred = superior.getByTestId('approval-queue').getByRole('row', { name: /查看案件/ });
    await referred.getByText('报请上级审批 · 信宜市人民法院').waitFor();
    expect(await referred.textContent()).toContain(recommended);
    await screenshot(superior, '15b-approvals-superior');
    // The superior court reads the case itself and approves on its page.
    await referred.getByRole('link', { name: '查看案件' }).click();
    const panel = superior.getByTestId('approval');
    await panel.getByText(/当前环节 上级机关/).waitFor({ timeout: 30_000 });
    await screenshot(superior, '15c-case-superior');
    await panel.getByRole('button', { name: '提交审批意见' }).click();
    await panel.getByText(/当前环节/).waitFor({ state: 'detached', timeout: 30_000 });
    await superior.goto(`${stack.portal.url}/approvals`);
    await superior.getByText('暂无待审批案件').waitFor();
    await superior.context().close();

    // Finance: fund the budget, then give the payee for the approved payment.
    const finance = await signedInPage('xinyi.finance', '/payments');
    await finance.getByRole('tab', { name: '预算' }).click();
    await finance.getByLabel('预算金额（元）').fill('1000000');
    await finance.getByRole('button', { name: '设定预算' }).click();
    await finance.getByRole('cell', { name: '中央政法转移支付' }).waitFor();
    await screenshot(finance, '16-budgets');
    await finance.getByRole('tab', { name: '发放' }).click();
    // The payment appears once approval's decision has reached payments (the list refreshes itself).
    await finance.getByTestId('awaiting-payee').waitFor({ timeout: 60_000 });
    const approvedAmount = /¥[\d,]+\.\d{2}/.exec(
      (await finance.getByTestId('awaiting-payee').textContent()) ?? '',
    )?.[0];
    expect(approvedAmount).toBeDefined();
    await finance.getByLabel('收款人').fill('李秀英');
    await finance.getByLabel('银行账号').fill('6222021234567890123');
    await finance.getByLabel('开户银行').fill('中国工商银行信宜支行');
    await finance.getByRole('button', { name: '提交发放' }).click();
    await finance.getByTestId('awaiting-payee').waitFor({ state: 'detached' });
    await finance.getByRole('cell', { name: '李秀英' }).waitFor();
    await screenshot(finance, '17-payments');

    // The chief's statistics count the money once the simulated bank confirms it.
    const chief = await signedInPage('xinyi.chief', '/statistics');
    await expect
      .poll(
        async () => {
          await chief.reload();
          const headline = chief.getByTestId('headline');
          // The figures arrive after the page ("—" until then); read them once they have.
          await headline.getByText(/^¥/).first().waitFor({ timeout: 15_000 });
          return headline.textContent();
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .toContain(`已发放金额${approvedAmount}`);
    await chief.context().close();
    const approvedYuan = Number((approvedAmount ?? '').replace(/[¥,]/g, ''));

    // The prefecture's supervisor reads the figures of a court below it, and has nothing to act on money with.
    const supervisor = await signedInPage('maoming.supervisor', '/');
    const menu = supervisor.getByRole('navigation').getByRole('menuitem');
    await expect.poll(() => menu.allTextContents()).toEqual(['联席会议', '统计分析']);
    await menu.getByText('统计分析').click();
    await supervisor.getByLabel('机构', { exact: true }).click();
    await supervisor
      .locator('.ant-select-dropdown:visible')
      .getByTitle('信宜市人民法院', { exact: true })
      .click();
    await expect
      .poll(() => supervisor.getByTestId('headline').textContent(), { timeout: 30_000 })
      .toContain(`已发放金额${approvedAmount}`);
    await screenshot(supervisor, '17b-supervisor-statistics');
    await supervisor.context().close();

    // Finance: the ledger has the payment as a double entry for the case, on screen and in the Excel export.
    await finance.getByRole('tab', { name: '台账' }).click();
    const ledger = finance.getByRole('tabpanel', { name: '台账' });
    const expense = ledger.getByRole('row', { name: /司法救助金支出/ });
    await expense.waitFor();
    expect((await expense.getByRole('cell').allTextContents()).slice(1)).toEqual([
      '司法救助金支出',
      caseNumber,
      '李秀英',
      approvedAmount,
      '¥0.00',
      expect.stringMatching(/^发放救助金（银行流水 .+）$/),
    ]);
    expect(await expense.getByRole('link', { name: caseNumber }).getAttribute('href')).toBe(casePath);
    const fund = ledger.getByRole('row', { name: /资金：中央政法转移支付/ });
    expect((await fund.getByRole('cell').allTextContents()).slice(4, 6)).toEqual(['¥0.00', approvedAmount]);
    await screenshot(finance, '17c-ledger');
    const [ledgerFile] = await Promise.all([
      finance.waitForEvent('download'),
      ledger.getByRole('button', { name: '导出 Excel' }).click(),
    ]);
    expect(ledgerFile.suggestedFilename()).toMatch(/^救助资金台账-court-440983-.*\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await ledgerFile.path());
    const rows = (workbook.getWorksheet('救助资金台账')?.getSheetValues() ?? [])
      .filter(Boolean)
      .map((row) => (row as unknown[]).slice(1));
    const headerAt = rows.findIndex((row) => row[0] === '序号');
    const headers = rows[headerAt] as string[];
    const entries = rows
      .slice(headerAt + 1)
      .map((row) => Object.fromEntries(headers.map((header, column) => [header, row[column]])));
    expect(entries).toEqual([
      expect.objectContaining({
        案件编号: caseNumber,
        救助对象: '李秀英',
        科目: '司法救助金支出',
        '借方金额（元）': approvedYuan,
        '贷方金额（元）': 0,
      }),
      expect.objectContaining({
        案件编号: caseNumber,
        科目: '资金：中央政法转移支付',
        '借方金额（元）': 0,
        '贷方金额（元）': approvedYuan,
      }),
      expect.objectContaining({
        序号: '合计',
        '借方金额（元）': approvedYuan,
        '贷方金额（元）': approvedYuan,
      }),
    ]);

    // Finance opens the case it paid from the ledger: the case, its decision and payment, and nothing refused on
    // the way; no referral or follow-up sections, which finance does not read.
    const refusedCalls: string[] = [];
    finance.on('response', (response) => {
      if (response.status() === 403) refusedCalls.push(response.url());
    });
    await expense.getByRole('link', { name: caseNumber }).click();
    await finance.getByTestId('payment').getByText('李秀英').waitFor({ timeout: 30_000 });
    await finance.getByTestId('decision').waitFor({ timeout: 30_000 });
    await finance.getByTestId('event-payments.disbursement-recorded').waitFor({ timeout: 30_000 });
    await finance.waitForLoadState('networkidle');
    expect(await finance.getByRole('heading', { name: '衔接移送' }).count()).toBe(0);
    expect(await finance.getByRole('heading', { name: '回访' }).count()).toBe(0);
    expect(await finance.getByText(/无权/).count()).toBe(0);
    expect(refusedCalls).toEqual([]);
    await screenshot(finance, '17d-finance-case-page');
    await finance.context().close();

    // The case page: the decision number and the payment.
    await caseworker.reload();
    const decision = caseworker.getByTestId('decision');
    await decision.waitFor({ timeout: 30_000 });
    expect(await decision.textContent()).toMatch(/决定书编号/);
    const decisionNumber = await decision.locator('.ant-descriptions-item-content').first().textContent();
    expect(decisionNumber).toMatch(/^〔\d{4}〕.+号$/);
    await caseworker.getByTestId('payment').getByText('李秀英').waitFor({ timeout: 30_000 });
    expect(await caseworker.getByTestId('id-number').textContent()).toMatch(/^440983\*+1238$/);

    // Its timeline: what each service recorded, in order, with the agency that did it.
    await caseworker.getByTestId('event-payments.disbursement-recorded').waitFor({ timeout: 30_000 });
    const paidYuan = (approvedAmount ?? '').slice(1);
    const afterPayment = await timelineOf(caseworker);
    expect(afterPayment.slice(0, 4)).toEqual([
      { kind: 'step-opened', title: '受理立案', said: ['依职权发现', '¥50,000.00', '信宜市人民法院'] },
      {
        kind: 'investigation.verification-completed',
        title: '调查核实',
        said: [
          expect.stringMatching(/^调查核实完成：符合司法救助条件，建议救助[\d,]+\.\d{2}元$/),
          '信宜市人民法院',
        ],
      },
      {
        kind: 'approval.decision-issued',
        title: '审批决定',
        // The superior court's chief approved last: the timeline names that court as the one who acted.
        said: [`作出救助决定（${decisionNumber}），决定救助${paidYuan}元`, '茂名市中级人民法院'],
      },
      {
        kind: 'payments.disbursement-recorded',
        title: '救助金发放',
        said: [`发放救助金${paidYuan}元`, '信宜市人民法院'],
      },
    ]);
    // Follow-up plans its visits once the money is paid.
    expect(afterPayment.slice(4).map((entry) => entry.kind)).toEqual(
      afterPayment.slice(4).map(() => 'followup.visit-scheduled'),
    );
    await screenshot(caseworker, '18-case-decided-paid');

    // The decision document downloads as a PDF carrying the number shown on the page.
    const [decisionFile] = await Promise.all([
      caseworker.waitForEvent('download'),
      caseworker.getByRole('button', { name: '下载决定书（PDF）' }).click(),
    ]);
    expect(decisionFile.suggestedFilename()).toBe(`${decisionNumber}.pdf`);
    // Read before the browser context, and with it the downloaded file, goes away.
    const pdf = await readFile(await decisionFile.path());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
    expect(text.replace(/\s+/g, '')).toContain(decisionNumber);

    // The audited "显示": a purpose is required, then the full number shows on this page.
    await caseworker.getByRole('button', { name: '显示', exact: true }).click();
    const dialog = caseworker.getByRole('dialog');
    await dialog.getByLabel('查看事由').fill('核对');
    await dialog.getByRole('button', { name: '显示' }).click();
    await dialog.getByText('请说明查看完整个人信息的事由（至少4个字）').waitFor();
    await dialog.getByLabel('查看事由').fill('核对收款人身份');
    await dialog.getByRole('button', { name: '显示' }).click();
    await caseworker.getByTestId('revealed').getByText('440983199003071238').waitFor();
    await screenshot(caseworker, '19-case-revealed');
    await caseworker.context().close();

    // A caseworker of another court types the paid case's address: an access message, nothing of the case.
    const outsider = await signedInPage('gaozhou.caseworker', '/');
    await expect.poll(() => outsider.getByTestId('current-org').textContent()).toBe('高州市人民法院');
    await outsider.goto(`${stack.portal.url}${casePath}`);
    await outsider.getByText('无权访问').waitFor();
    const seen = (await outsider.locator('main').textContent()) ?? '';
    for (const secret of ['李秀英', 'JZ-', decisionNumber ?? '', approvedAmount ?? '', '440983'])
      expect(seen).not.toContain(secret);
    await screenshot(outsider, '19b-other-agency-paid-case');
    await outsider.context().close();
    paidCasePath = casePath;
  }, 240_000);

  it('after payment: referral to 信宜市民政局 for 低保, the partner enrols, the caseworker follows up', async () => {
    expect(paidCasePath, 'the payment journey must have run first').toBeDefined();
    const casePath = paidCasePath ?? '';

    // Caseworker: refer the family from the case page; the form says in Chinese what is missing.
    const caseworker = await signedInPage('xinyi.caseworker', casePath);
    const referForm = caseworker.getByRole('form', { name: '衔接移送' });
    await referForm.getByRole('button', { name: /^移\s?送$/ }).click();
    await referForm.getByText('请选择救助项目').waitFor();
    await referForm.getByText('请填写转介理由').waitFor();
    await choose(caseworker, '救助项目', '最低生活保障（低保）');
    await choose(caseworker, '接收部门', '信宜市民政局');
    await referForm.getByLabel('转介理由').fill('家庭主要劳动力重伤，收入骤减，申请纳入低保');
    await referForm.getByLabel('家庭情况（选填，不含案情）').fill('四口人，两名子女在读');
    await referForm.getByRole('button', { name: /^移\s?送$/ }).click();
    const sent = caseworker.getByTestId('referrals-sent');
    await sent.getByRole('cell', { name: '信宜市民政局' }).waitFor();
    await sent.getByText('已移送待接收').waitFor();
    await screenshot(caseworker, '20-case-referral-sent');

    // Partner officer: their menu, the inbox with masked data and nothing of the case's money or facts.
    const partner = await signedInPage('xinyi-civil.officer', '/referrals');
    await partner.getByRole('menuitem', { name: '衔接移送收件箱' }).waitFor();
    expect(await partner.getByRole('menuitem', { name: '我的案件' }).count()).toBe(0);
    const inbox = partner.getByTestId('referral-inbox');
    await inbox.getByRole('cell', { name: '李秀英' }).waitFor({ timeout: 30_000 });
    await inbox.getByRole('cell', { name: /^440983\*+1238$/ }).waitFor();
    await inbox
      .getByRole('button', { name: /展开|Expand/ })
      .first()
      .click();
    await partner.getByTestId('referral-details').getByText('四口人，两名子女在读').waitFor();
    const inboxText = (await inbox.textContent()) ?? '';
    expect(inboxText).not.toContain('440983199003071238');
    expect(inboxText).not.toContain('13800138000');
    expect(inboxText).not.toMatch(/砍伤|50,000|50000|¥/);
    await screenshot(partner, '21-partner-referral-inbox');
    // The phone is masked too; "显示" with a purpose reveals it (audited by the referral service).
    const details = partner.getByTestId('referral-details');
    await details.getByTestId('phone-masked').getByText('138****8000').waitFor();
    await details.getByLabel('查看联系电话事由').fill('电话通知申请人办理低保');
    await details.getByRole('button', { name: '显示' }).last().click();
    await details.getByTestId('revealed-phone').getByText('13800138000').waitFor();
    await inbox.getByRole('button', { name: /^接\s?收$/ }).click();
    await inbox.getByText('已接收').waitFor();
    await inbox.getByRole('button', { name: '登记办理结果' }).click();
    const dialog = partner.getByRole('dialog');
    const enrolledFrom = `${beijingToday().slice(0, 8)}01`;
    await typeDate(partner, '纳入日期', enrolledFrom);
    await dialog.getByLabel('每月金额（元，选填）').fill('600');
    await screenshot(partner, '22-partner-record-outcome');
    await dialog.getByRole('button', { name: /^保\s?存$/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await inbox.getByText('已纳入救助').waitFor();
    await partner.context().close();

    // Caseworker: the outcome is on the case page.
    await caseworker.reload();
    const outcome = caseworker.getByTestId('referral-outcome');
    await outcome.waitFor({ timeout: 30_000 });
    expect(await outcome.textContent()).toMatch(/已纳入 最低生活保障（低保）.*每月 ¥600\.00/);
    expect(await outcome.textContent()).toContain(`自 ${enrolledFrom}`);
    await caseworker.getByTestId('referrals-sent').getByText('已纳入救助').waitFor();
    await screenshot(caseworker, '23-case-referral-outcome');

    // Follow-up: the visits planned after payment; record the first one.
    const record = caseworker.getByTestId('case-visits').getByRole('link', { name: '登记回访' }).first();
    for (let attempt = 0; !(await record.isVisible()) && attempt < 30; attempt++) {
      await caseworker.waitForTimeout(1000);
      await caseworker.reload();
      await caseworker.getByTestId('case-visits').waitFor();
    }
    await record.click();
    await caseworker.getByRole('heading', { name: '登记回访情况' }).waitFor();
    await caseworker.getByRole('button', { name: '保存回访记录' }).click();
    await caseworker.getByText('请填写生活状况').waitFor();
    // The calendar speaks Chinese; a visit dated after today is refused at the field, as the service would.
    await caseworker.getByLabel('回访日期', { exact: true }).click();
    const calendar = caseworker.locator('.ant-picker-dropdown:visible');
    expect(await calendar.textContent()).toMatch(/今天/);
    expect(await calendar.locator('thead').textContent()).toBe('一二三四五六日');
    await typeDate(caseworker, '回访日期', '2099-01-01');
    await caseworker.getByText('回访日期不能晚于今天，请选择今天或之前的日期').waitFor();
    const yesterday = new Date(Date.parse(`${beijingToday()}T00:00:00Z`) - 86_400_000)
      .toISOString()
      .slice(0, 10);
    await typeDate(caseworker, '回访日期', yesterday);
    await caseworker.getByLabel('生活状况').fill('已纳入低保，基本生活有保障');
    // Going back to the case page and returning keeps the half-filled form, the picked date included: the
    // draft lives in the page's memory (a reload drops it: what a visit records stays out of web storage).
    await caseworker.goBack();
    await caseworker.getByTestId('case-visits').waitFor();
    await caseworker.goForward();
    await caseworker.getByRole('heading', { name: '登记回访情况' }).waitFor();
    expect(await caseworker.getByLabel('回访日期', { exact: true }).inputValue()).toBe(yesterday);
    expect(await caseworker.getByLabel('生活状况').inputValue()).toBe('已纳入低保，基本生活有保障');
    await choose(caseworker, '收入变化', '收入减少');
    await choose(caseworker, '返贫风险', '返贫风险较低');
    await caseworker.getByLabel('健康状况').fill('伤情稳定，仍需复查');
    await caseworker.getByLabel('子女就学情况').fill('两名子女正常上学');
    await caseworker.getByLabel('心理状态').fill('情绪平稳');
    await caseworker.getByRole('button', { name: '添加需求' }).click();
    await choose(caseworker, '需求1：救助项目', '教育资助');
    await caseworker.getByLabel('需求1：说明').fill('长子明年上高中，学费有困难');
    await screenshot(caseworker, '24-visit-record-form');
    await caseworker.getByRole('button', { name: '保存回访记录' }).click();
    await caseworker.waitForURL((url) => url.pathname === casePath);
    await caseworker.getByTestId('case-visits').getByText('已回访').waitFor();
    await screenshot(caseworker, '25-case-visit-recorded');

    // The timeline goes on with the referral, the partner's answer in its own name, and what the visit found.
    await caseworker.getByTestId('event-followup.need-found').waitFor({ timeout: 30_000 });
    const timeline = await timelineOf(caseworker);
    const visitsPlanned = timeline.filter((entry) => entry.kind === 'followup.visit-scheduled');
    expect(visitsPlanned).not.toHaveLength(0);
    expect(visitsPlanned).toEqual(
      visitsPlanned.map(() => ({
        kind: 'followup.visit-scheduled',
        title: '回访',
        said: [expect.stringMatching(/^安排.+，\d{4}-\d{2}-\d{2}到期$/), '信宜市人民法院'],
      })),
    );
    expect(timeline.filter((entry) => entry.kind !== 'followup.visit-scheduled').slice(4)).toEqual([
      {
        kind: 'referral.referral-created',
        title: '衔接移送',
        said: ['移送信宜市民政局，申请最低生活保障（低保）', '信宜市人民法院'],
      },
      {
        kind: 'referral.outcome-recorded',
        title: '衔接移送',
        said: [
          `信宜市民政局反馈：已纳入最低生活保障（低保），自${enrolledFrom}起，每月600.00元`,
          '信宜市民政局',
        ],
      },
      {
        kind: 'followup.visit-recorded',
        title: '回访记录',
        said: [
          expect.stringMatching(new RegExp(`^完成.+回访（${yesterday}），返贫风险较低，发现1项需求$`)),
          '信宜市人民法院',
        ],
      },
      {
        kind: 'followup.need-found',
        title: '回访',
        said: ['回访发现需求：教育资助（长子明年上高中，学费有困难）', '信宜市人民法院'],
      },
    ]);

    // The observation ledger shows the referral outcome and the visit, and exports to Excel.
    await caseworker.getByRole('link', { name: '观察台账' }).click();
    const ledger = caseworker.getByTestId('ledger');
    await ledger.getByText('衔接办理结果').first().waitFor({ timeout: 30_000 });
    await ledger.getByText('完成回访').first().waitFor({ timeout: 30_000 });
    await screenshot(caseworker, '26-observation-ledger');
    const [download] = await Promise.all([
      caseworker.waitForEvent('download'),
      caseworker.getByRole('button', { name: '导出Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);

    // The need found on the visit waits as a referral suggestion; the caseworker sends it on.
    await caseworker.getByRole('menuitem', { name: '衔接移送' }).click();
    await caseworker.getByRole('tab', { name: '转介建议' }).click();
    const suggestions = caseworker.getByTestId('referral-suggestions');
    await suggestions.getByRole('cell', { name: '教育资助' }).waitFor({ timeout: 30_000 });
    await suggestions.getByText('回访发现').waitFor();
    await suggestions.getByRole('button', { name: '确认转介' }).click();
    await caseworker.getByText('请选择接收部门').waitFor();
    await suggestions.getByRole('combobox').click();
    await caseworker
      .locator('.ant-select-dropdown:visible')
      .getByTitle('信宜市民政局', { exact: true })
      .click();
    await suggestions.getByRole('button', { name: '确认转介' }).click();
    await suggestions.getByText('暂无转介建议').waitFor();
    await screenshot(caseworker, '27-referral-suggestion-sent');
    await caseworker.getByRole('tab', { name: '办理情况' }).click();
    const byPartner = caseworker.getByRole('row', { name: /信宜市民政局/ }).first();
    await byPartner.waitFor();
    // Sent 2, accepted 1, enrolled 1 (the second referral is pending).
    expect(await byPartner.textContent()).toMatch(/^信宜市民政局2110/);
    await screenshot(caseworker, '28-referral-funnel');
    await caseworker.context().close();

    // The department head: the joint-meeting pack of the quarter, an agenda item recorded and completed.
    const head = await signedInPage('xinyi.head', '/meetings');
    await head.getByTestId('meeting-pack').waitFor({ timeout: 30_000 });
    await head.getByRole('button', { name: '登记议定事项' }).click();
    await head.getByText('请填写议题').waitFor();
    await head.getByText('请选择责任单位').waitFor();
    expect(await head.getByLabel('会议日期', { exact: true }).inputValue()).toBe(beijingToday());
    await typeDate(head, '完成期限', '2099-12-31');
    // The responsible organisation is found by typing part of its name.
    await head.getByLabel('责任单位', { exact: true }).click();
    await head.getByLabel('责任单位', { exact: true }).pressSequentially('民政');
    await head.locator('.ant-select-dropdown:visible').getByTitle('信宜市民政局', { exact: true }).click();
    await head.getByLabel('议题', { exact: true }).fill('被救助人纳入低保情况');
    await head.getByLabel('议定事项', { exact: true }).fill('民政局一个月内反馈教育资助转介办理情况');
    await head.getByRole('button', { name: '登记议定事项' }).click();
    const agendaRow = head.getByRole('row', { name: /被救助人纳入低保情况/ });
    await agendaRow.waitFor();
    expect(await agendaRow.textContent()).toContain('信宜市民政局');
    expect(await agendaRow.textContent()).toContain('2099-12-31');
    await head.getByRole('button', { name: '标记完成' }).click();
    await head.getByText('已完成', { exact: true }).waitFor();
    await screenshot(head, '29-meeting-pack');
    await head.context().close();
  }, 240_000);

  it('a second lead for the same person: duplicate check, decision with a reason, then decline', async () => {
    const caseworker = await signedInPage('xinyi.caseworker', '/leads/new');
    await registerLead(caseworker);
    await caseworker.getByRole('button', { name: /^查\s?重$/ }).click();
    const decision = caseworker.getByTestId('duplicate-decision');
    await decision.getByRole('cell', { name: '信宜市人民法院' }).waitFor();
    await decision.getByLabel('继续办理').check();
    await decision.getByLabel('查重决定理由').fill('不同');
    await decision.getByRole('button', { name: '记录查重决定' }).click();
    await decision.getByText('请说明理由（至少4个字）').waitFor();
    await decision.getByLabel('查重决定理由').fill('系同一被害人另一起案件，继续审查');
    await decision.getByRole('button', { name: '记录查重决定' }).click();
    await caseworker.getByText('已决定继续办理').waitFor();
    await screenshot(caseworker, '09-lead-duplicate-decision');

    await caseworker.getByRole('tab', { name: '不予受理' }).click();
    await caseworker.getByLabel('不予受理理由').fill('已获同一案件救助，不符合一案一救助原则');
    await caseworker
      .getByRole('button', { name: /不\s?予\s?受\s?理/ })
      .last()
      .click();
    await caseworker.getByText('不予受理', { exact: true }).first().waitFor();
    await caseworker.getByText('已获同一案件救助，不符合一案一救助原则').first().waitFor();
    await screenshot(caseworker, '10-lead-declined');
    await caseworker.context().close();
  }, 90_000);
});
