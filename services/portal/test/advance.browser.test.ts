import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choose } from './antd-fields.ts';
import { HAS_CHROMIUM, startBrowserStack, type BrowserStack } from './browser-stack.ts';

const RUNNING = ['intake', 'approval', 'payments', 'referral'] as const;
let stack: BrowserStack;
let casePath = '';
const signedInPage = (username: string, path?: string) => stack.signedInPage(username, path);
const screenshot = (page: Page, name: string) => stack.screenshot(page, name);

describe.runIf(HAS_CHROMIUM)('advance assistance (先行救助) and referral notes, in Chromium', () => {
  beforeAll(async () => {
    stack = await startBrowserStack('advance', RUNNING);
  }, 150_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('the caseworker asks for an advance on an urgent case, the chief approves it, finance is to pay it', async () => {
    // An urgent lead (急需医疗救治), accepted: the case is opened marked urgent.
    const caseworker = await signedInPage('xinyi.caseworker', '/leads/new');
    await choose(caseworker, '线索来源', '依职权发现');
    await caseworker.getByLabel('申请人姓名').fill('陈美玲');
    await caseworker.getByLabel('身份证号码').fill('440983199003071238');
    await caseworker.getByLabel('联系电话').fill('13800138000');
    await caseworker.getByLabel('行政区划代码').fill('440983');
    await caseworker.getByLabel('详细地址').fill('信宜市东镇街道新城路8号');
    await caseworker.getByLabel('案件情况简述').fill('被害人被砍伤致重伤住院，急需手术，加害人无力赔偿。');
    await caseworker.getByLabel('申请救助金额（元）').fill('50000');
    await caseworker.getByLabel('急需医疗救治').check();
    await caseworker.getByLabel('申请人同意核查其个人及家庭信息').check();
    await caseworker.getByLabel('书面').check();
    await caseworker.getByRole('button', { name: '提交登记' }).click();
    await caseworker.waitForURL(/\/leads\/[0-9a-f-]{36}$/);
    await caseworker.getByRole('button', { name: '受理立案' }).click();
    await caseworker.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    casePath = new URL(caseworker.url()).pathname;

    // The form appears once approval has learnt of the opening; it states the agency's cap.
    const form = caseworker.getByRole('form', { name: '申请先行救助' });
    await form.waitFor({ timeout: 30_000 });
    expect(await caseworker.getByTestId('advance').textContent()).toContain('上限 ¥24,000.00');
    await form.getByLabel('先行救助金额（元）').fill('30000');
    await form.getByLabel('紧急情况说明').fill('被害人重伤住院，急需支付手术费');
    await form.getByRole('button', { name: '申请先行救助' }).click();
    await form.getByText('先行救助金额不得超过 24000.00 元。').waitFor();
    await screenshot(caseworker, 'advance-01-above-cap');
    await form.getByLabel('先行救助金额（元）').fill('20000');
    await form.getByRole('button', { name: '申请先行救助' }).click();
    const status = caseworker.getByTestId('advance-status');
    await status.getByText('待院长/检察长审批').waitFor();
    expect(await status.textContent()).toContain('¥20,000.00');
    await screenshot(caseworker, 'advance-02-requested');

    // The chief: the request waits in the approvals screen; approving empties the list.
    const chief = await signedInPage('xinyi.chief', '/approvals');
    const queue = chief.getByTestId('advance-queue');
    await queue.getByRole('cell', { name: '¥20,000.00' }).waitFor();
    await queue.getByRole('cell', { name: '被害人重伤住院，急需支付手术费' }).waitFor();
    await screenshot(chief, 'advance-03-chief-queue');
    await queue.getByRole('button', { name: '提交先行救助审批' }).click();
    await queue.getByText('暂无待审批的先行救助').waitFor();
    await chief.context().close();

    // The case page shows it approved, with the date by which the case must be completed.
    await caseworker.reload();
    await status.getByText('已批准').waitFor({ timeout: 30_000 });
    expect(await status.textContent()).toContain('应办结日期');
    expect(await caseworker.getByRole('form', { name: '申请先行救助' }).count()).toBe(0);
    await screenshot(caseworker, 'advance-04-case-approved');
    await caseworker.context().close();

    // Finance: the advance waits for its payee like any payment, marked as an advance.
    const finance = await signedInPage('xinyi.finance', '/payments');
    const awaiting = finance.getByTestId('awaiting-payee');
    await awaiting.waitFor({ timeout: 60_000 });
    expect(await awaiting.textContent()).toMatch(/待填写收款人 · 先行救助 · ¥20,000\.00/);
    await screenshot(finance, 'advance-05-finance-awaiting-payee');
    // Naming the payee prepares this instruction (by its payment id): it leaves the awaiting list.
    await awaiting.getByLabel('收款人').fill('陈美玲');
    await awaiting.getByLabel('银行账号').fill('6222021234567890123');
    await awaiting.getByLabel('开户银行').fill('中国工商银行信宜支行');
    await awaiting.getByRole('button', { name: /提交发放/ }).click();
    await awaiting.waitFor({ state: 'detached', timeout: 30_000 });
    await finance.getByRole('cell', { name: '陈美玲' }).waitFor();
    await finance.context().close();
  }, 180_000);

  it('a referral for 教育资助 carries the schooling note to the education bureau, and only that note', async () => {
    expect(casePath, 'the advance test must have opened the case').not.toBe('');
    const caseworker = await signedInPage('xinyi.caseworker', casePath);
    const referForm = caseworker.getByRole('form', { name: '衔接移送' });
    await choose(caseworker, '救助项目', '医疗救助');
    await referForm.getByLabel('健康和残疾情况（选填）').waitFor();
    expect(await referForm.getByLabel('子女就学情况（选填）').count()).toBe(0);
    await choose(caseworker, '救助项目', '教育资助');
    await referForm.getByLabel('子女就学情况（选填）').fill('长子在信宜中学读高一，学费有困难');
    expect(await referForm.getByLabel('健康和残疾情况（选填）').count()).toBe(0);
    expect(await referForm.getByLabel('劳动能力和就业意愿（选填）').count()).toBe(0);
    await choose(caseworker, '接收部门', '信宜市教育局');
    await referForm.getByLabel('转介理由').fill('家庭因伤致困，子女学费无力负担');
    await screenshot(caseworker, 'advance-06-referral-schooling-note');
    await referForm.getByRole('button', { name: /^移\s?送$/ }).click();
    await caseworker.getByTestId('referrals-sent').getByRole('cell', { name: '信宜市教育局' }).waitFor();
    await caseworker.context().close();

    const partner = await signedInPage('xinyi-education.officer', '/referrals');
    const inbox = partner.getByTestId('referral-inbox');
    await inbox.getByRole('cell', { name: '陈美玲' }).waitFor({ timeout: 30_000 });
    await inbox
      .getByRole('button', { name: /展开|Expand/ })
      .first()
      .click();
    const details = partner.getByTestId('referral-details');
    await details.getByText('长子在信宜中学读高一，学费有困难').waitFor();
    expect(await details.textContent()).toContain('子女就学情况');
    expect(await details.textContent()).not.toMatch(/健康和残疾情况|劳动能力和就业意愿/);
    // Student aid is registered by ID number: the bureau may see it in full, audited.
    expect(await details.getByLabel('查看身份证号码事由').count()).toBe(1);
    await screenshot(partner, 'advance-07-partner-schooling-note');
    await partner.context().close();
  }, 120_000);

  it('a referral for 心理疏导 lets the counsellor call the person, and offers no way to the full ID number', async () => {
    expect(casePath, 'the advance test must have opened the case').not.toBe('');
    const caseworker = await signedInPage('xinyi.caseworker', casePath);
    const referForm = caseworker.getByRole('form', { name: '衔接移送' });
    await choose(caseworker, '救助项目', '心理疏导');
    await choose(caseworker, '接收部门', '信宜市妇女联合会');
    await referForm.getByLabel('转介理由').fill('被害人受伤后长期失眠焦虑，需要心理疏导');
    await referForm.getByRole('button', { name: /^移\s?送$/ }).click();
    await caseworker.getByTestId('referrals-sent').getByRole('cell', { name: '信宜市妇女联合会' }).waitFor();
    await caseworker.context().close();

    const partner = await signedInPage('xinyi-women.officer', '/referrals');
    const inbox = partner.getByTestId('referral-inbox');
    await inbox.getByRole('cell', { name: '陈美玲' }).waitFor({ timeout: 30_000 });
    await inbox
      .getByRole('button', { name: /展开|Expand/ })
      .first()
      .click();
    const details = partner.getByTestId('referral-details');
    await details
      .getByTestId('id-number-not-needed')
      .getByText(/^440983\*+1238（本救助项目办理时无需完整身份证号码）$/)
      .waitFor();
    expect(await details.getByLabel('查看身份证号码事由').count()).toBe(0);
    // The only 显示 is the phone's.
    expect(await details.getByRole('button', { name: '显示' }).count()).toBe(1);
    await details.getByLabel('查看联系电话事由').fill('预约心理疏导');
    await details.getByRole('button', { name: '显示' }).click();
    await details.getByTestId('revealed-phone').getByText('13800138000').waitFor();
    expect(await details.textContent()).not.toContain('440983199003071238');
    await screenshot(partner, 'advance-08-partner-counselling-no-id-number');
    await partner.context().close();
  }, 120_000);
});
