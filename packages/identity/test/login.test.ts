import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORTAL_CLIENT_ID, type RunningIdentityProvider } from '../src/index.ts';
import { signIn, SignInError, TestBrowser } from '../src/testing.ts';
import { decodeJwt, PORTAL_ORIGIN, REDIRECT_URI, startTestProvider } from './helpers.ts';

let idp: RunningIdentityProvider;
beforeAll(async () => {
  idp = await startTestProvider();
});
afterAll(() => idp.close());

const credentials = (username: string, password: string) => ({
  authServerUrl: idp.url,
  realm: 'jiuzhu',
  clientId: PORTAL_CLIENT_ID,
  redirectUri: REDIRECT_URI,
  username,
  password,
});

describe('login page', () => {
  it('is our own zh-CN form', async () => {
    const authorize = new URL(`${idp.issuer}/protocol/openid-connect/auth`);
    authorize.search = new URLSearchParams({
      client_id: PORTAL_CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'openid',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }).toString();
    const redirect = await fetch(authorize, { redirect: 'manual' });
    const location = new URL(redirect.headers.get('location')!, idp.url);
    expect(location.pathname).toMatch(/^\/realms\/jiuzhu\/login-actions\//);

    const page = await fetch(location, {
      headers: {
        cookie: redirect.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; '),
      },
    });
    const html = await page.text();
    expect(html).toContain('lang="zh-CN"');
    expect(html).toContain('用户名');
    expect(html).toContain('密码');
    expect(html).toContain('Jiuzhu 门户');
  });

  it('shows a clear error for a wrong password', async () => {
    const failure = signIn(credentials('xinyi.caseworker', 'wrong-password'));
    await expect(failure).rejects.toThrow(SignInError);
    await expect(failure).rejects.toThrow('用户名或密码错误');
  });

  it('shows the same error for an unknown user', async () => {
    await expect(signIn(credentials('nobody.here', 'jiuzhu-demo'))).rejects.toThrow('用户名或密码错误');
  });
});

describe('single sign-on session and logout', () => {
  it('reuses the session until logout, then asks for the password again', async () => {
    const browser = new TestBrowser();
    const first = await browser.signIn(credentials('xinyi.head', 'jiuzhu-demo'));

    // Signed in: the second authorization does not show the login form, so the password is never checked.
    const second = await browser.signIn(credentials('ignored', 'ignored'));
    expect(decodeJwt(second.access_token).payload['preferred_username']).toBe('xinyi.head');

    const landedAt = await browser.signOut({
      authServerUrl: idp.url,
      realm: 'jiuzhu',
      idTokenHint: first.id_token!,
      postLogoutRedirectUri: `${PORTAL_ORIGIN}/`,
    });
    expect(landedAt.href).toBe(`${PORTAL_ORIGIN}/`);

    await expect(browser.signIn(credentials('ignored', 'ignored'))).rejects.toThrow('用户名或密码错误');
    const userinfo = await fetch(`${idp.issuer}/protocol/openid-connect/userinfo`, {
      headers: { authorization: `Bearer ${second.access_token}` },
    });
    expect(userinfo.status).toBe(401);
  });
});
