import { findPersonByUsername } from '@jiuzhu/identity';
import { realKeycloak } from '@jiuzhu/identity/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, startBrowserStack, type BrowserStack } from './browser-stack.ts';

/**
 * The portal against a real Keycloak 26 with the committed realm (the one `./jiuzhu test` starts): people
 * sign in on Keycloak's own login page, work, and sign out of the single sign-on session; the organisation
 * pickers read Keycloak's directory through the portal server's own client.
 */
const keycloak = realKeycloak('[portal] signing in through a real Keycloak');

describe.runIf(HAS_CHROMIUM && keycloak)('the portal with a real Keycloak', () => {
  let stack: BrowserStack;

  beforeAll(async () => {
    stack = await startBrowserStack('keycloak', ['intake'], {}, { keycloak: keycloak! });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it(
    "signs a caseworker in on Keycloak's login page, takes down a lead, and ends the SSO session on sign-out",
    { timeout: 120_000 },
    async () => {
      const page = await stack.newPage();
      page.setDefaultTimeout(20_000);
      // Where it stopped, if it does: the screenshot and the address say more than a timeout.
      page.on('pageerror', (error) => console.warn(`[portal page] ${error.message}`));
      try {
        await signInWorkAndSignOut(page);
      } catch (error) {
        await stack.screenshot(page, 'keycloak-failure');
        throw new Error(`stopped at ${page.url()}: ${(error as Error).message}`, { cause: error });
      } finally {
        await page.context().close();
      }
    },
  );

  async function signInWorkAndSignOut(page: Page) {
    await page.goto(stack.portal.url);
    // Keycloak's own page, in Chinese (the realm's default locale), not the portal's.
    await page.waitForURL((url) => url.origin === keycloak!.authServerUrl);
    expect(new URL(page.url()).pathname).toBe('/realms/jiuzhu/protocol/openid-connect/auth');
    await page.getByLabel('用户名').fill('xinyi.caseworker');
    await page.getByLabel('密码', { exact: true }).fill('jiuzhu-demo');
    const signingIn = Date.now();
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((url) => url.origin === stack.portal.url && url.pathname === '/cases');
    // Other test files sign the same person in on this Keycloak: this page's session is the one begun now.
    const person = findPersonByUsername('xinyi.caseworker')!;
    const sessionsBegunSince = async (since: number) =>
      (
        (await (await keycloak!.admin()).get(`/users/${person.id}/sessions`)) as {
          id: string;
          start: number;
        }[]
      )
        .filter((session) => session.start >= since - 1_000)
        .map((session) => session.id);
    const ours = await sessionsBegunSince(signingIn);
    expect(ours.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('current-user').textContent()).toBe('林晓梅');
    await expect.poll(() => page.getByTestId('current-org').textContent()).toBe('信宜市人民法院');

    // One step of the journey: a lead taken down, its page open.
    await page.getByRole('menuitem', { name: '登记线索' }).click();
    await page.getByLabel('线索来源').click();
    await page.getByTitle('依职权发现').click();
    await page.getByLabel('申请人姓名').fill('孔繁荣');
    await page.getByLabel('身份证号码').fill('440983198506120025');
    await page.getByLabel('联系电话').fill('13900139000');
    await page.getByLabel('行政区划代码').fill('440983');
    await page.getByLabel('详细地址').fill('信宜市丁堡镇丁堡村12号');
    await page.getByLabel('案件情况简述').fill('被害人在抢劫案中受伤，加害人未归案。');
    await page.getByLabel('申请救助金额（元）').fill('8000');
    await page.getByLabel('申请人同意核查其个人及家庭信息').check();
    await page.getByLabel('书面').check();
    await page.getByRole('button', { name: '提交登记' }).click();
    await page.waitForURL(/\/leads\/[0-9a-f-]{36}$/);
    await page.getByText('孔繁荣').first().waitFor();

    // The receiving agencies come from Keycloak's groups, read by the portal server's own client.
    await page.getByLabel('接收机构').click();
    await page.keyboard.type('高州');
    await page.locator('.ant-select-dropdown:visible').getByText('高州市人民法院').waitFor();
    await page.keyboard.press('Escape');
    await stack.screenshot(page, 'keycloak-01-lead');

    // Signing out ends the session at Keycloak: back at the portal, Keycloak asks for the password again.
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL((url) => url.origin === keycloak!.authServerUrl && url.pathname.includes('/auth'));
    await page.getByLabel('用户名').waitFor();
    const remaining = await sessionsBegunSince(signingIn);
    expect(ours.filter((id) => remaining.includes(id))).toEqual([]);
  }
});
