import { Organisation, Role } from '@jiuzhu/contracts';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findPersonByUsername,
  PLATFORM_ORGANISATION,
  PORTAL_CLIENT_ID,
  type RunningIdentityProvider,
} from '../src/index.ts';
import { clientCredentialsToken, signIn, type TokenSet } from '../src/testing.ts';
import { decodeJwt, REDIRECT_URI, startTestProvider } from './helpers.ts';

let idp: RunningIdentityProvider;
let caseworkerTokens: TokenSet;

beforeAll(async () => {
  idp = await startTestProvider();
  caseworkerTokens = await signIn({
    authServerUrl: idp.url,
    realm: 'jiuzhu',
    clientId: PORTAL_CLIENT_ID,
    redirectUri: REDIRECT_URI,
    username: 'xinyi.caseworker',
    password: 'jiuzhu-demo',
  });
});
afterAll(() => idp.close());

describe('portal sign-in (authorization code + PKCE)', () => {
  it('returns a Keycloak-shaped RS256 access token verifiable with the published keys', async () => {
    const keys = createRemoteJWKSet(new URL(`${idp.issuer}/protocol/openid-connect/certs`));
    const { payload, protectedHeader } = await jwtVerify(caseworkerTokens.access_token, keys, {
      issuer: idp.issuer,
    });
    const person = findPersonByUsername('xinyi.caseworker')!;

    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({
      iss: idp.issuer,
      sub: person.id,
      typ: 'Bearer',
      azp: PORTAL_CLIENT_ID,
      preferred_username: 'xinyi.caseworker',
      name: '林晓梅',
      realm_access: { roles: expect.arrayContaining(['caseworker']) },
      resource_access: expect.any(Object),
      org: {
        id: 'court-440983',
        name: '信宜市人民法院',
        type: 'court',
        level: 'county',
        region: '440983',
        parentId: 'court-440900',
      },
    });
    expect(String(payload.scope).split(' ')).toContain('openid');
    expect(Organisation.parse(payload.org)).toEqual(payload.org);
    expect(caseworkerTokens.expires_in).toBe(900);
  });

  it('returns an ID token for the portal carrying the name and organisation', () => {
    const { payload } = decodeJwt(caseworkerTokens.id_token!);
    expect(payload).toMatchObject({
      aud: PORTAL_CLIENT_ID,
      preferred_username: 'xinyi.caseworker',
      name: '林晓梅',
      org: { id: 'court-440983' },
    });
  });

  it('answers userinfo for the access token', async () => {
    const response = await fetch(`${idp.issuer}/protocol/openid-connect/userinfo`, {
      headers: { authorization: `Bearer ${caseworkerTokens.access_token}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      preferred_username: 'xinyi.caseworker',
      org: { id: 'court-440983' },
    });
  });

  it('gives each person the roles and organisation of the directory', async () => {
    const tokens = await signIn({
      authServerUrl: idp.url,
      realm: 'jiuzhu',
      clientId: PORTAL_CLIENT_ID,
      redirectUri: REDIRECT_URI,
      username: 'yiyuan-jcy.chief',
      password: 'jiuzhu-demo',
    });
    const { payload } = decodeJwt(tokens.access_token);
    expect(payload['realm_access']).toEqual({ roles: expect.arrayContaining(['chief']) });
    expect(payload['org']).toEqual({
      id: 'procuratorate-370323',
      name: '沂源县人民检察院',
      type: 'procuratorate',
      level: 'county',
      region: '370323',
      parentId: 'procuratorate-370300',
    });
  });
});

describe('service accounts (client credentials)', () => {
  it('issue a token with no Jiuzhu role, the service-account username and the platform organisation', async () => {
    const tokens = await clientCredentialsToken({
      authServerUrl: idp.url,
      realm: 'jiuzhu',
      clientId: 'jiuzhu-intake',
      secret: idp.clientSecrets['jiuzhu-intake']!,
    });
    const { payload } = decodeJwt(tokens.access_token);
    expect(payload).toMatchObject({
      iss: idp.issuer,
      typ: 'Bearer',
      azp: 'jiuzhu-intake',
      preferred_username: 'service-account-jiuzhu-intake',
      org: PLATFORM_ORGANISATION,
    });
    const roles = (payload['realm_access'] as { roles: string[] }).roles;
    expect(roles.filter((role) => (Role.options as string[]).includes(role))).toEqual([]);
    expect(Organisation.parse(payload['org'])).toEqual(PLATFORM_ORGANISATION);
  });

  it('refuse a wrong secret', async () => {
    await expect(
      clientCredentialsToken({
        authServerUrl: idp.url,
        realm: 'jiuzhu',
        clientId: 'jiuzhu-intake',
        secret: 'guess',
      }),
    ).rejects.toThrow(/invalid_client/);
  });
});
