import { findPersonByUsername, startIdentityProvider, type RunningIdentityProvider } from '@jiuzhu/identity';
import { clientCredentialsToken, signIn } from '@jiuzhu/identity/testing';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertAllowed, createAuthGuard, ForbiddenError, OUT_OF_REACH } from '../src/index.ts';
import { decodePayload, listen, startClaimsIssuer, withPayload } from './helpers.ts';

const REALM = 'jiuzhu';
const REDIRECT_URI = 'http://127.0.0.1:4100/auth/callback';

let idp: RunningIdentityProvider;
let api: { url: string; close: () => Promise<void> };
let caseworkerToken: string;

function startProvider(extra: { publicUrl?: string; accessTokenTtlSeconds?: number } = {}) {
  return startIdentityProvider({
    port: 0,
    realm: REALM,
    portalRedirectUris: [REDIRECT_URI],
    ...extra,
  });
}

async function portalToken(provider: RunningIdentityProvider, username: string): Promise<string> {
  const tokens = await signIn({
    authServerUrl: provider.localUrl,
    realm: REALM,
    clientId: 'jiuzhu-portal',
    redirectUri: REDIRECT_URI,
    username,
    password: 'jiuzhu-demo',
  });
  return tokens.access_token;
}

/** An API with one open and two protected routes, as a service would mount the guard. */
function protectedApi(authServerUrl: string) {
  const app = express();
  const guard = createAuthGuard({ authServerUrl, realm: REALM, clientId: 'jiuzhu-intake' });
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/me', guard, (req, res) => {
    res.json(req.principal);
  });
  app.get('/cases/:handlingOrgId', guard, (req, res) => {
    try {
      assertAllowed(req.principal!, 'case.read', { handlingOrgId: String(req.params['handlingOrgId']) });
      res.json({ ok: true });
    } catch (error) {
      if (!(error instanceof ForbiddenError)) throw error;
      res.status(403).json({ error: 'FORBIDDEN', message: error.message });
    }
  });
  return app;
}

async function callMe(token?: string) {
  const response = await fetch(
    `${api.url}/me`,
    token ? { headers: { authorization: `Bearer ${token}` } } : {},
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, response };
}

beforeAll(async () => {
  idp = await startProvider();
  api = await listen(protectedApi(idp.url));
  caseworkerToken = await portalToken(idp, 'xinyi.caseworker');
});
afterAll(async () => {
  await api?.close();
  await idp?.close();
});

describe('auth guard', () => {
  it('leaves routes it is not mounted on alone', async () => {
    const response = await fetch(`${api.url}/health`);
    expect(response.status).toBe(200);
  });

  it('admits a portal token and sets the principal', async () => {
    const { status, body } = await callMe(caseworkerToken);
    expect(status).toBe(200);
    expect(body).toEqual({
      userId: findPersonByUsername('xinyi.caseworker')!.id,
      username: 'xinyi.caseworker',
      displayName: '林晓梅',
      org: {
        id: 'court-440983',
        name: '信宜市人民法院',
        type: 'court',
        level: 'county',
        region: '440983',
        parentId: 'court-440900',
      },
      roles: ['caseworker'],
    });
  });

  it("refuses a service account's client-credentials token: services never act for a person", async () => {
    const { access_token } = await clientCredentialsToken({
      authServerUrl: idp.url,
      realm: REALM,
      clientId: 'jiuzhu-payments',
      secret: idp.clientSecrets['jiuzhu-payments']!,
    });
    const { status, body } = await callMe(access_token);
    expect(status).toBe(401);
    expect(body).toEqual({ error: 'UNAUTHENTICATED', message: expect.stringContaining('服务账号') });
  });

  it('answers 401 with a JSON reason when there is no token', async () => {
    const { status, body, response } = await callMe();
    expect(status).toBe(401);
    expect(body).toEqual({ error: 'UNAUTHENTICATED', message: expect.stringContaining('未提供访问令牌') });
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="jiuzhu"');
  });

  it('answers 401 for a token that is not a JWT', async () => {
    const { status, body } = await callMe('not-a-token');
    expect(status).toBe(401);
    expect(body).toEqual({ error: 'UNAUTHENTICATED', message: expect.stringContaining('格式不正确') });
  });

  it('answers 401 for a token with a flipped payload character', async () => {
    const [header, payload = '', signature] = caseworkerToken.split('.');
    const middle = Math.floor(payload.length / 2);
    const flipped = payload[middle] === 'A' ? 'B' : 'A';
    const tampered = `${header}.${payload.slice(0, middle)}${flipped}${payload.slice(middle + 1)}.${signature}`;
    const { status, body } = await callMe(tampered);
    expect(status).toBe(401);
    expect(body['error']).toBe('UNAUTHENTICATED');
  });

  it('answers 401 naming the signature when someone rewrites their claims', async () => {
    const payload = decodePayload(caseworkerToken);
    const promoted = withPayload(caseworkerToken, { ...payload, realm_access: { roles: ['chief'] } });
    const { status, body } = await callMe(promoted);
    expect(status).toBe(401);
    expect(body).toEqual({ error: 'UNAUTHENTICATED', message: expect.stringContaining('签名无效') });
  });

  it('answers 401 for an expired token', async () => {
    const shortLived = await startProvider({ accessTokenTtlSeconds: 1 });
    const shortApi = await listen(protectedApi(shortLived.url));
    try {
      const token = await portalToken(shortLived, 'xinyi.head');
      const expiresAtMs = Number(decodePayload(token)['exp']) * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAtMs - Date.now()) + 50));
      const response = await fetch(`${shortApi.url}/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        error: 'UNAUTHENTICATED',
        message: expect.stringContaining('已过期'),
      });
    } finally {
      await shortApi.close();
      await shortLived.close();
    }
  });

  it("answers 401 for a token signed with another provider's keys under the same issuer", async () => {
    const impostor = await startProvider({ publicUrl: idp.url });
    try {
      const token = await portalToken(impostor, 'xinyi.chief');
      expect(decodePayload(token)['iss']).toBe(idp.issuer);
      const { status, body } = await callMe(token);
      expect(status).toBe(401);
      expect(body).toEqual({ error: 'UNAUTHENTICATED', message: expect.stringContaining('签名无效') });
    } finally {
      await impostor.close();
    }
  });

  it('answers 401 naming the issuer for a token of another identity provider', async () => {
    const other = await startProvider();
    try {
      const { status, body } = await callMe(await portalToken(other, 'xinyi.chief'));
      expect(status).toBe(401);
      expect(body).toEqual({ error: 'UNAUTHENTICATED', message: expect.stringContaining('签发') });
    } finally {
      await other.close();
    }
  });

  it('answers 401 for a genuine token whose claims lack the organisation', async () => {
    const issuer = await startClaimsIssuer(REALM);
    const issuerApi = await listen(protectedApi(issuer.url));
    try {
      const call = async (claims: Record<string, unknown>) => {
        const response = await fetch(`${issuerApi.url}/me`, {
          headers: { authorization: `Bearer ${await issuer.sign(claims)}` },
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      const person = {
        sub: 'u-1',
        preferred_username: 'someone',
        realm_access: { roles: ['caseworker'] },
        aud: 'urn:jiuzhu:services',
        azp: 'jiuzhu-portal',
      };
      const org = {
        id: 'court-440983',
        name: '信宜市人民法院',
        type: 'court',
        level: 'county',
        region: '440983',
      };

      expect((await call({ ...person, org })).status).toBe(200);
      const missingOrg = await call(person);
      expect(missingOrg).toEqual({
        status: 401,
        body: { error: 'UNAUTHENTICATED', message: expect.stringContaining('机构') },
      });
      expect((await call({ ...person, org: { ...org, region: '44' } })).status).toBe(401);
      expect((await call({ ...person, org, typ: 'Refresh' })).status).toBe(401);

      // Genuine, but meant for another API, or issued to a client that is not the portal.
      const elsewhere = await call({ ...person, org, aud: 'account' });
      expect(elsewhere).toEqual({
        status: 401,
        body: { error: 'UNAUTHENTICATED', message: expect.stringContaining('不是签发给本平台业务接口') },
      });
      expect((await call({ ...person, org, aud: ['account', 'urn:jiuzhu:services'] })).status).toBe(200);
      expect((await call({ ...person, org, azp: 'jiuzhu-intake' })).status).toBe(401);
    } finally {
      await issuerApi.close();
      await issuer.close();
    }
  });

  it("lets the policy refuse another agency's case with 403 after authentication", async () => {
    const own = await fetch(`${api.url}/cases/court-440983`, {
      headers: { authorization: `Bearer ${caseworkerToken}` },
    });
    expect(own.status).toBe(200);
    const other = await fetch(`${api.url}/cases/court-440981`, {
      headers: { authorization: `Bearer ${caseworkerToken}` },
    });
    expect(other.status).toBe(403);
    expect(await other.json()).toEqual({ error: 'FORBIDDEN', message: OUT_OF_REACH });
  });
});
