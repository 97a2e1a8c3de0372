import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, startBrowserStack, type BrowserStack } from './browser-stack.ts';
import { beijingYear } from '@jiuzhu/calendar';

const RUNNING = ['investigation', 'approval', 'followup'] as const;
let stack: BrowserStack;
const signedInPage = (username: string, path?: string) => stack.signedInPage(username, path);
const screenshot = (page: Page, name: string) => stack.screenshot(page, name);

describe.runIf(HAS_CHROMIUM)('administration in Chromium', () => {
  beforeAll(async () => {
    stack = await startBrowserStack('admin', RUNNING);
  }, 150_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it("shows the administrator their agency's organisation and users with the roles mapped in the SSO", async () => {
    const page = await signedInPage('xinyi.admin');
    const menu = page.getByRole('navigation').getByRole('menuitem');
    await expect.poll(() => menu.allTextContents()).toContain('系统管理');
    await menu.filter({ hasText: '系统管理' }).click();
    await page.waitForURL((url) => url.pathname === '/admin');

    const organisations = page.getByTestId('admin-organisations');
    const court = organisations.getByRole('row').filter({ hasText: '信宜市人民法院' });
    await court.waitFor();
    expect(await court.textContent()).toContain('440983');
    expect(await court.textContent()).toContain('人民法院');
    // Another agency is not in this administrator's directory.
    expect(await organisations.textContent()).not.toContain('高州市人民法院');

    const users = page.getByTestId('admin-users');
    const head = users.getByRole('row').filter({ hasText: 'xinyi.head' });
    await head.waitFor();
    expect(await head.textContent()).toContain('黄建华');
    expect(await head.textContent()).toContain('部门负责人');
    expect(
      await users.getByRole('row').filter({ hasText: 'xinyi.caseworker' }).first().textContent(),
    ).toContain('承办人');
    expect(await users.textContent()).not.toContain('gaozhou.caseworker');
    await page.getByText('此处只读').waitFor();
    await screenshot(page, 'admin-01-organisations-and-roles');
    await page.context().close();
  });

  it('publishes a new amount-table version, with Chinese messages for what to fix, and lists it', async () => {
    const page = await signedInPage('xinyi.admin', '/admin?tab=rule-tables');
    const tables = page.getByTestId('rule-tables');
    const provincial = tables.getByRole('row').filter({ hasText: '440000' }).first();
    await provincial.waitFor();
    await page.getByRole('button', { name: '发布新版本', exact: true }).click();

    // The new table is for the administrator's own region, starting from the provincial one that applies now.
    const form = page.getByRole('form', { name: '发布救助金额标准新版本' });
    expect(await form.getByLabel('行政区划代码').inputValue()).toBe('440983');
    expect(await form.getByLabel('上年度职工月平均工资').inputValue()).toBe('9800');
    await form.getByLabel('行政区划代码').fill('4409');
    await form.getByLabel('上年度职工月平均工资').fill('');
    await form.getByRole('button', { name: '确认发布' }).click();
    const problems = form.getByRole('alert').first();
    await expect.poll(() => problems.textContent()).toContain('行政区划代码应为6位数字');
    expect(await problems.textContent()).toContain('请填写上年度职工月平均工资');
    expect(await problems.textContent()).toContain('请填写发布理由');
    await screenshot(page, 'admin-02-rule-table-validation');

    await form.getByLabel('行政区划代码').fill('440983');
    await form.getByLabel('上年度职工月平均工资').fill('9500');
    await form.getByLabel('发布理由').fill('信宜市2026年度标准：按本市上年度职工月平均工资调整');
    await form.getByRole('button', { name: '确认发布' }).click();
    await form.waitFor({ state: 'detached' });

    const published = tables.getByRole('row').filter({ hasText: '440983' });
    await expect.poll(() => published.count()).toBe(1);
    expect(await published.textContent()).toContain('第1版');
    expect(await published.textContent()).toContain('9,500');
    expect(await published.textContent()).toContain('现行');

    // A second publication adds a version; the first stays listed.
    await published.getByRole('button', { name: '以此为基础发布新版本' }).click();
    await form.getByLabel('上年度职工月平均工资').fill('9700');
    await form.getByLabel('发布理由').fill('更正：统计部门公布的正式数据');
    await form.getByRole('button', { name: '确认发布' }).click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => published.count()).toBe(2);
    expect(await published.filter({ hasText: '第2版' }).textContent()).toContain('9,700');
    await screenshot(page, 'admin-03-rule-table-versions');
    await page.context().close();
  }, 90_000);

  it("configures the agency's approval chain and follow-up visit plan", async () => {
    const page = await signedInPage('xinyi.admin', '/admin?tab=approval-chain');
    const chain = page.getByRole('form', { name: '审批流程配置' });
    const current = page.getByTestId('current-chain');
    await current.getByText('本机构尚未配置审批流程，现按系统默认流程办理').waitFor();
    expect(await chain.getByLabel('决定书编号格式').inputValue()).toBe('〔{year}〕{code}司救{seq}号');
    const year = beijingYear();
    expect(await chain.getByTestId('number-example').textContent()).toBe(
      `本机构编号示例：〔${year}〕粤0983司救1号`,
    );
    await chain.getByLabel('司法救助委员会').check();
    await chain.getByLabel('决定书编号格式').fill('〔{year}〕信法司救号');
    await chain.getByRole('button', { name: '保存审批流程' }).click();
    await chain.getByText('编号格式必须包含 {seq}').waitFor();
    await chain.getByLabel('决定书编号格式').fill('〔{year}〕信法司救{seq}号');
    expect(await chain.getByTestId('number-example').textContent()).toBe(
      `本机构编号示例：〔${year}〕信法司救1号`,
    );
    await chain.getByRole('button', { name: '保存审批流程' }).click();
    const saved = page.getByRole('status').filter({ hasText: '审批流程已保存' });
    await saved.waitFor();
    expect(await saved.textContent()).toContain('司法救助委员会');
    expect(await saved.textContent()).toContain('〔{year}〕信法司救{seq}号');
    await screenshot(page, 'admin-04-approval-chain');

    // What was saved is read back from the approval service after a reload.
    await page.reload();
    await current.getByText('当前生效的审批流程（本机构已配置）').waitFor();
    expect(await current.textContent()).toContain('司法救助委员会');
    expect(await chain.getByLabel('决定书编号格式').inputValue()).toBe('〔{year}〕信法司救{seq}号');
    expect(await chain.getByLabel('司法救助委员会').isChecked()).toBe(true);

    await page.getByRole('tab', { name: '回访计划' }).click();
    const plan = page.getByRole('form', { name: '回访计划' });
    await plan.getByLabel('发放后第几个月').first().waitFor();
    await expect.poll(() => plan.getByLabel('发放后第几个月').count()).toBe(4);
    await plan.getByRole('button', { name: '删除第4次回访' }).click();
    await plan.getByRole('button', { name: '增加一次回访' }).click();
    await plan.getByRole('button', { name: '保存回访计划' }).click();
    await page.getByText('第4次回访：请填写1至60之间的整数月份并选择回访方式').waitFor();
    await plan.getByLabel('发放后第几个月').nth(3).fill('9');
    await plan.getByRole('button', { name: '保存回访计划' }).click();
    await page.getByRole('status').filter({ hasText: '回访计划已保存' }).waitFor();
    expect(await plan.getByLabel('发放后第几个月').nth(3).inputValue()).toBe('9');
    await screenshot(page, 'admin-05-visit-plan');
    await page.context().close();
  }, 90_000);

  it('gives a caseworker no administration menu and refuses the typed admin URL', async () => {
    const page = await signedInPage('xinyi.caseworker');
    const menu = page.getByRole('navigation').getByRole('menuitem');
    await expect.poll(() => menu.allTextContents()).toEqual(['我的案件', '登记线索', '衔接移送', '回访']);
    await page.goto(`${stack.portal.url}/admin?tab=directory`);
    await page.getByText('无权访问').waitFor();
    expect(await page.getByTestId('admin-users').count()).toBe(0);
    await screenshot(page, 'admin-06-caseworker-refused');
    await page.context().close();
  });
});
