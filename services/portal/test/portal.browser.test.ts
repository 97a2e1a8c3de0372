import { type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, startBrowserStack, webStorageOf, type BrowserStack } from './browser-stack.ts';

const APPLICANT = '王建国';
const ID_NUMBER = '440983199003071238';
/** Set by the journey; the other agency's test types it into the address bar. */
let caseUrl = '';
let stack: BrowserStack;
const signedInPage = (username: string, path?: string) => stack.signedInPage(username, path);
const screenshot = (page: Page, name: string) => stack.screenshot(page, name);

/** Presses Tab until `target` has the focus: the keyboard reaches it, or the test fails. */
async function tabTo(page: Page, target: Locator) {
  for (let presses = 0; presses < 30; presses++) {
    if (await target.evaluate((element) => element === element.ownerDocument.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reaches ${String(target)}`);
}

describe.runIf(HAS_CHROMIUM)('portal in Chromium', () => {
  beforeAll(async () => {
    stack = await startBrowserStack('intake', ['intake']);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('signs a caseworker in through the SSO login page and shows the caseworker menu, usable by keyboard', async () => {
    const page = await signedInPage('xinyi.caseworker');
    await expect.poll(() => page.getByTestId('current-user').textContent()).toBe('林晓梅');
    await expect.poll(() => page.getByTestId('current-org').textContent()).toBe('信宜市人民法院');
    const menu = page.getByRole('navigation').getByRole('menuitem');
    await expect.poll(() => menu.allTextContents()).toEqual(['我的案件', '登记线索', '衔接移送', '回访']);
    expect(new URL(page.url()).pathname).toBe('/cases');
    // The tokens are held in the page's memory: nothing in web storage once signed in.
    expect(await webStorageOf(page)).toEqual({ session: {}, local: {} });
    await screenshot(page, '01-worklist-caseworker');

    await page.getByRole('button', { name: 'English' }).click();
    await expect
      .poll(() => menu.allTextContents())
      .toEqual(['My cases', 'Register a lead', 'Referrals', 'Follow-up visits']);
    await page.getByRole('button', { name: '中文' }).click();

    // Keyboard only: Tab into the menu, arrows to a screen, Enter opens it.
    await tabTo(page, page.getByRole('navigation').getByRole('menu'));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator(':focus').textContent()).toBe('登记线索');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/leads/new');

    // The lead form, filled and submitted without the mouse.
    const type = async (label: string, text: string) => {
      await tabTo(page, page.getByLabel(label, { exact: true }));
      await page.keyboard.type(text);
    };
    await tabTo(page, page.getByLabel('线索来源', { exact: true }));
    await page.keyboard.press('ArrowDown'); // opens the list at its first choice
    await page.locator('.ant-select-dropdown:visible').waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await type('申请人姓名', '赵桂兰');
    await type('身份证号码', '440983198506120025');
    await type('联系电话', '13900139000');
    await type('行政区划代码', '440983');
    await type('详细地址', '信宜市丁堡镇丁堡村12号');
    await type('案件情况简述', '被害人在抢劫案中受伤，加害人未归案。');
    await type('申请救助金额（元）', '8000');
    await tabTo(page, page.getByLabel('申请人同意核查其个人及家庭信息'));
    await page.keyboard.press('Space');
    await tabTo(page, page.getByLabel('书面'));
    await page.keyboard.press('Space');
    await tabTo(page, page.getByRole('button', { name: '提交登记' }));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/leads\/[0-9a-f-]{36}$/);
    await page.getByText('被害人在抢劫案中受伤').waitFor();
    await page.getByText('依职权发现').first().waitFor();
    await page.getByText('赵桂兰').first().waitFor();
    await page.context().close();
  });

  it('registers a lead: Chinese messages at the fields, nothing lost on a failed submit, no personal data in web storage', async () => {
    const page = await signedInPage('xinyi.caseworker', '/leads/new');
    await page.getByLabel('线索来源').click();
    await page.getByTitle('依职权发现').click();
    await page.getByLabel('申请人姓名').fill(APPLICANT);
    await page.getByLabel('身份证号码').fill('440983199003071230');
    await page.getByLabel('联系电话').fill('13800138000');
    await page.getByLabel('行政区划代码').fill('440983');
    await page.getByLabel('详细地址').fill('信宜市东镇街道新城路8号');
    await page.getByLabel('案件情况简述').fill('被害人在故意伤害案中致残，被告人无赔偿能力。');
    await page.getByLabel('申请救助金额（元）').fill('20000');
    await page.getByLabel('急需医疗救治').check();
    await page.getByRole('button', { name: '提交登记' }).click();

    // The contract's own messages, in Chinese, next to what needs fixing.
    await page.getByText('身份证号码无效（应为18位，出生日期和校验位须正确）').waitFor();
    await page.getByText('须取得申请人同意核查其个人及家庭信息（同意核查）').waitFor();
    await screenshot(page, '02-new-lead-validation');
    await page.getByLabel('身份证号码').fill(ID_NUMBER);
    await page.getByLabel('申请人同意核查其个人及家庭信息').check();
    await page.getByLabel('书面').check();

    // The network fails while submitting: the page says so and keeps every field.
    await page.route('**/api/intake/createLead**', (route) => route.abort('connectionrefused'));
    await page.getByRole('button', { name: '提交登记' }).click();
    await page.getByText('提交未成功，您填写的内容都还在').waitFor();
    expect(await page.getByLabel('申请人姓名').inputValue()).toBe(APPLICANT);
    expect(await page.getByLabel('身份证号码').inputValue()).toBe(ID_NUMBER);
    await screenshot(page, '03-new-lead-server-error');

    // The draft, ID number and all, is kept in the page's memory, never in web storage.
    expect(await webStorageOf(page)).toEqual({ session: {}, local: {} });

    await page.unroute('**/api/intake/createLead**');
    await page.getByRole('button', { name: '提交登记' }).click();
    await page.waitForURL(/\/leads\/[0-9a-f-]{36}$/);
    await page.getByText('被害人在故意伤害案中致残').waitFor();
    expect(await page.getByText(ID_NUMBER).count()).toBe(0);
    await screenshot(page, '04-lead-page');

    // Transfer targets come from the SSO's organisation directory: other political-legal units, no partners.
    await page.getByLabel('接收机构').fill('信宜');
    const targets = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await expect
      .poll(async () => (await targets.allTextContents()).sort())
      .toEqual(['信宜市人民检察院', '信宜市公安局', '信宜市司法局'].sort());
    await page.keyboard.press('Escape');
    await page.context().close();
  });

  it('keeps a person signed in on the same page across a reload; a half-typed form does not outlive the page', async () => {
    const page = await signedInPage('xinyi.caseworker', '/leads/new');
    await page.getByLabel('申请人姓名').fill('周小红');
    await page.getByLabel('身份证号码').fill(ID_NUMBER);
    await page.getByRole('menuitem', { name: '我的案件' }).click();
    await page.getByRole('menuitem', { name: '登记线索' }).click();
    // Moving between screens keeps the draft...
    expect(await page.getByLabel('身份证号码').inputValue()).toBe(ID_NUMBER);

    // ...a reload signs in again through the identity provider's session, without a password, and comes back.
    await page.reload();
    await page.getByTestId('current-user').waitFor();
    expect(new URL(page.url()).pathname).toBe('/leads/new');
    expect(await page.getByTestId('current-user').textContent()).toBe('林晓梅');
    expect(await page.getByLabel('申请人姓名').inputValue()).toBe('');
    expect(await page.getByLabel('身份证号码').inputValue()).toBe('');
    expect(await webStorageOf(page)).toEqual({ session: {}, local: {} });
    await page.context().close();
  });

  it('shows the lead in the worklist; accepting it opens the case page with masked data and a timeline', async () => {
    const page = await signedInPage('xinyi.caseworker', '/cases');
    await page.getByRole('link', { name: APPLICANT }).click();
    await page.waitForURL(/\/leads\//);
    await page.getByRole('button', { name: '受理立案' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    caseUrl = page.url();

    await page.getByRole('heading', { name: /案件 JZ-/ }).waitFor();
    expect(await page.getByTestId('id-number').textContent()).toMatch(/^440983\*+1238$/);
    expect(await page.getByText(ID_NUMBER).count()).toBe(0);
    await page.getByTestId('step-opened').waitFor();
    // Services that are not running are named, and the rest of the page still works.
    await page.getByTestId('step-payments').getByText('救助金发放服务暂时无法访问').waitFor();
    await screenshot(page, '05-case-page');

    await page.getByRole('menuitem', { name: '我的案件' }).click();
    await page.getByRole('tab', { name: '已立案案件' }).click();
    await page.getByRole('link', { name: /JZ-/ }).waitFor();
    await screenshot(page, '06-worklist-cases');
    await page.context().close();
  });

  it('does not show the case to a caseworker of another agency who types its address', async () => {
    expect(caseUrl).not.toBe('');
    const page = await signedInPage('gaozhou.caseworker', new URL(caseUrl).pathname);
    await page.getByText('无权访问').waitFor();
    expect(await page.getByText(APPLICANT).count()).toBe(0);
    expect(await page.getByText(/JZ-/).count()).toBe(0);
    await screenshot(page, '07-other-agency-forbidden');
    await page.context().close();
  });

  it('asks a person whose session ended to sign in again, and brings back what they had typed', async () => {
    const page = await signedInPage('xinyi.caseworker', '/leads/new');
    await page.getByLabel('申请人姓名').fill('李春花');
    await page.getByLabel('案件情况简述').fill('交通事故受害人，肇事者逃逸，急需治疗。');
    // A service rejecting the token is how an ended session shows itself.
    await page.route('**/api/intake/**', (route) =>
      route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: JSON.stringify({ error: 'UNAUTHENTICATED', message: 'token expired' }),
      }),
    );
    await page.getByRole('menuitem', { name: '我的案件' }).click();
    await page.getByText('登录已过期').waitFor();
    await screenshot(page, '08-session-expired');
    await page.unroute('**/api/intake/**');
    await page.getByRole('button', { name: '重新登录' }).click();
    await page.waitForURL((url) => url.origin === stack.portal.url && url.pathname === '/cases');
    await page.getByRole('menuitem', { name: '登记线索' }).click();
    expect(await page.getByLabel('申请人姓名').inputValue()).toBe('李春花');
    expect(await page.getByLabel('案件情况简述').inputValue()).toBe('交通事故受害人，肇事者逃逸，急需治疗。');
    await page.context().close();
  });

  it('gives a finance officer their own menu and keeps them out of the caseworker screens', async () => {
    const page = await signedInPage('xinyi.finance');
    const menu = page.getByRole('navigation').getByRole('menuitem');
    await expect.poll(() => menu.allTextContents()).toEqual(['救助金发放']);
    await page.getByRole('tab', { name: '预算' }).waitFor();
    await page.goto(`${stack.portal.url}/leads/new`);
    await page.getByText('您的角色无权使用此页面。').waitFor();

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL((url) => url.origin === stack.identity.url && url.pathname.endsWith('/logout'));
    await page.getByRole('button', { name: '退出登录' }).click(); // the identity provider asks to confirm
    // Back at the portal with the single sign-on session gone: it asks for a password again.
    await page.getByLabel('用户名').waitFor();
    await page.context().close();
  });
});
