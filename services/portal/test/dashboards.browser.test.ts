import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, PORTAL_CLIENT_ID } from '@jiuzhu/identity';
import { signIn } from '@jiuzhu/identity/testing';
import { CALLBACK_PATH } from '../src/index.ts';
import { HAS_CHROMIUM, startBrowserStack, type BrowserStack } from './browser-stack.ts';
import { beijingYear } from '@jiuzhu/calendar';

const RUNNING = ['intake', 'approval', 'payments', 'referral', 'followup'] as const;
const YEAR = beijingYear();
let downloads: string;
let stack: BrowserStack;
const signedInPage = (username: string, path?: string) => stack.signedInPage(username, path);
const screenshot = (page: Page, name: string) => stack.screenshot(page, name);

/**
 * A tRPC mutation through the portal's proxy as `username`, signed in the way the portal signs people in (the
 * portal's own tokens live only in its page's memory).
 */
async function mutateAs(
  username: string,
  service: string,
  procedure: string,
  input: unknown,
): Promise<unknown> {
  const { access_token } = await signIn({
    authServerUrl: stack.identity.url,
    realm: stack.identity.realm,
    clientId: PORTAL_CLIENT_ID,
    redirectUri: `${stack.portal.url}${CALLBACK_PATH}`,
    username,
    password: DEMO_PASSWORD,
  });
  const response = await fetch(`${stack.portal.url}/api/${service}/${procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { result?: { data: unknown }; error?: unknown };
  if (!response.ok) throw new Error(`${service}.${procedure}: ${JSON.stringify(body.error)}`);
  return body.result?.data;
}

describe.runIf(HAS_CHROMIUM)('supervisor dashboards and Excel export, in Chromium', () => {
  beforeAll(async () => {
    [stack, downloads] = await Promise.all([
      startBrowserStack('dashboards', RUNNING),
      mkdtemp(join(tmpdir(), 'portal-dashboards-downloads-')),
    ]);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    if (downloads) await rm(downloads, { recursive: true, force: true });
  });

  it('the chief sees the budgets by fund source, as chart text and table, and exports the table to Excel', async () => {
    // Seed through the payments API as the finance officer: two budgets for this year.
    for (const [fundSource, allocatedFen] of [
      ['central_transfer', 100_000_000],
      ['county_finance', 25_050_000],
    ] as const)
      await mutateAs('xinyi.finance', 'payments', 'setBudget', {
        orgId: 'court-440983',
        year: YEAR,
        fundSource,
        allocatedFen,
      });

    const chief = await signedInPage('xinyi.chief', '/');
    await chief.getByRole('menuitem', { name: '统计分析' }).click();
    const errors: string[] = [];
    chief.on('pageerror', (error) => errors.push(error.message));
    await chief
      .getByRole('heading', { name: '统计看板' })
      .waitFor()
      .catch(async (error: unknown) => {
        await screenshot(chief, 'dashboards-failed');
        throw new Error(`${String(error)}\n${errors.join('\n')}`);
      });
    // The chief reads lead review deadlines and follow-up visits of the agency: both cards are there.
    await chief.getByText('回访覆盖').waitFor();
    await chief.getByText(/线索 \d+/).waitFor();
    // Nothing has been paid at this agency yet.
    await expect
      .poll(() => chief.getByTestId('headline').textContent(), { timeout: 30_000 })
      .toContain('¥0.00');

    const fundSources = chief.getByTestId('fund-sources');
    const chart = fundSources.getByRole('img');
    await expect
      .poll(() => chart.getAttribute('aria-label'), { timeout: 30_000 })
      .toContain('中央政法转移支付 已发放¥0.00，预算¥1,000,000.00');
    expect(await chart.getAttribute('aria-label')).toContain('县级财政 已发放¥0.00，预算¥250,500.00');
    await screenshot(chief, 'dashboards-01-chart');
    // Pointing at the chart draws its tooltip (on the canvas: ECharts' HTML tooltips would break the policy).
    const area = await chart.boundingBox();
    if (!area) throw new Error('the chart is not on screen');
    const unpointed = await chart.screenshot();
    await chief.mouse.move(area.x + area.width / 4, area.y + area.height / 2);
    await chief.mouse.move(area.x + area.width / 4 + 5, area.y + area.height / 2);
    await expect
      .poll(async () => (await chart.screenshot()).equals(unpointed), { timeout: 5_000 })
      .toBe(false);

    await fundSources.getByText('表格', { exact: true }).click();
    const central = fundSources.getByRole('row', { name: /中央政法转移支付/ });
    await central.waitFor();
    expect(await central.getByRole('cell').allTextContents()).toEqual([
      '中央政法转移支付',
      '0',
      '¥0.00',
      '¥1,000,000.00',
      '¥1,000,000.00',
    ]);
    await screenshot(chief, 'dashboards-02-table');

    const [download] = await Promise.all([
      chief.waitForEvent('download'),
      fundSources.getByRole('button', { name: /导出 Excel/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`信宜市人民法院-${YEAR}-资金来源.xlsx`);
    const file = join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('资金来源');
    const rows = (sheet?.getSheetValues() ?? []).filter(Boolean).map((row) => (row as unknown[]).slice(1));
    expect(rows[0]).toEqual(['资金来源', '案件数', '已发放（元）', '预算（元）', '可用余额（元）']);
    expect(rows.slice(1)).toEqual(
      expect.arrayContaining([
        ['中央政法转移支付', 0, 0, 1_000_000, 1_000_000],
        ['县级财政', 0, 0, 250_500, 250_500],
      ]),
    );
    expect(rows).toHaveLength(3);
    await chief.context().close();
  }, 180_000);

  it('the supervisor sees only what the role may read: no refusals, no lead deadlines, no follow-up card', async () => {
    const supervisor = await signedInPage('maoming.supervisor', '/');
    const refused: string[] = [];
    supervisor.on('response', (response) => {
      if (response.status() === 403) refused.push(response.url());
    });
    await supervisor.getByRole('menuitem', { name: '统计分析' }).click();
    await supervisor.getByRole('heading', { name: '统计看板' }).waitFor();
    await expect
      .poll(() => supervisor.getByTestId('headline').textContent(), { timeout: 30_000 })
      .toContain('¥0.00');
    // Overdue approvals are the supervisor's to follow; the deadlines card shows them alone.
    await supervisor.getByText(/逾期审批 \d+/).waitFor();
    await supervisor.getByTestId('funnel').waitFor();
    await supervisor.waitForLoadState('networkidle');
    await screenshot(supervisor, 'dashboards-03-supervisor');

    expect(refused).toEqual([]);
    expect(await supervisor.getByRole('alert').count()).toBe(0);
    expect(await supervisor.getByText(/无权/).count()).toBe(0);
    expect(await supervisor.getByText('回访覆盖').count()).toBe(0);
    expect(await supervisor.getByText(/线索 \d+/).count()).toBe(0);
    await supervisor.context().close();
  }, 120_000);

  it('a caseworker has no dashboards in the menu and is refused the page', async () => {
    const caseworker = await signedInPage('xinyi.caseworker', '/statistics');
    await caseworker.getByRole('menuitem', { name: '我的案件' }).waitFor();
    expect(await caseworker.getByRole('menuitem', { name: '统计分析' }).count()).toBe(0);
    await caseworker.getByText('无权访问').waitFor();
    expect(await caseworker.getByRole('heading', { name: '统计看板' }).count()).toBe(0);
    await caseworker.context().close();
  }, 60_000);
});
