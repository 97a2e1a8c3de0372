import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORTAL_CLIENT_ID, type RunningIdentityProvider } from '../src/index.ts';
import { PORTAL_ORIGIN, REDIRECT_URI, startTestProvider } from './helpers.ts';

let idp: RunningIdentityProvider;
beforeAll(async () => {
  idp = await startTestProvider();
});
afterAll(() => idp.close());

/** The login page a browser is sent to when the portal asks for a sign-in. */
async function loginPage(): Promise<Response> {
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
  const cookie = redirect.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return fetch(new URL(redirect.headers.get('location')!, idp.url), { headers: { cookie } });
}

function directives(response: Response): Map<string, string[]> {
  const policy = response.headers.get('content-security-policy') ?? '';
  return new Map(
    policy
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name = '', ...values]) => [name, values]),
  );
}

describe("the identity provider's pages", () => {
  it('run no script, allow only their own style, cannot be framed and post only to themselves or the portal', async () => {
    const page = await loginPage();
    expect(page.status).toBe(200);
    const html = await page.text();
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const styleHash = `'sha256-${createHash('sha256').update(style).digest('base64')}'`;

    const csp = directives(page);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.has('script-src')).toBe(false);
    expect(csp.get('style-src')).toEqual([styleHash]);
    expect(csp.get('form-action')).toEqual(["'self'", PORTAL_ORIGIN]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('send the same headers on the protocol endpoints', async () => {
    const discovery = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    expect(directives(discovery).get('frame-ancestors')).toEqual(["'none'"]);
    expect(discovery.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
