import { Role } from '@jiuzhu/contracts';
import { findPersonByUsername, organisationOf, startIdentityProvider } from '@jiuzhu/identity';
import { clientCredentialsToken, realKeycloak, signIn, type RealmLocation } from '@jiuzhu/identity/testing';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthGuard } from '../src/index.ts';
import { decodePayload, listen } from './helpers.ts';

/**
 * Tokens issued by a real Keycloak 26 with the committed realm (the one `./jiuzhu test` starts) carry exactly
 * what the services read — `typ`, `aud`, `azp`, the `org` claim, the realm roles — and the services' guard
 * turns them into the same principal as the embedded identity provider's tokens for the same person.
 */
const keycloak = realKeycloak('[auth] tokens of a real Keycloak');
const REDIRECT_URI = 'http://127.0.0.1:4100/auth/callback';

/** People of every kind of organisation and role, including a superior agency and a partner department. */
const PEOPLE = [
  'xinyi.caseworker',
  'xinyi.head',
  'xinyi.chief',
  'xinyi.finance',
  'xinyi.admin',
  'maoming.supervisor',
  'maoming.chief',
  'xinyi-civil.officer',
  'yiyuan-jcy.caseworker',
  'yiyuan-jcy.referrer',
];

function tokenAt(location: RealmLocation, username: string) {
  return signIn({
    ...location,
    clientId: 'jiuzhu-portal',
    redirectUri: REDIRECT_URI,
    username,
    password: 'jiuzhu-demo',
  });
}

/** A service's guard in front of one route that echoes the principal. */
async function guardedEcho(authServerUrl: string) {
  const app = express();
  app.get(
    '/me',
    createAuthGuard({ authServerUrl, realm: 'jiuzhu', clientId: 'jiuzhu-intake' }),
    (req, res) => {
      res.json(req.principal);
    },
  );
  return listen(app);
}

describe.runIf(keycloak)('tokens of a real Keycloak', () => {
  let embedded: Awaited<ReturnType<typeof startIdentityProvider>>;
  let atKeycloak: Awaited<ReturnType<typeof listen>>;
  let atEmbedded: Awaited<ReturnType<typeof listen>>;
  const me = async (api: { url: string }, token: string) => {
    const response = await fetch(`${api.url}/me`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    embedded = await startIdentityProvider({ port: 0, portalRedirectUris: [REDIRECT_URI] });
    atKeycloak = await guardedEcho(keycloak!.authServerUrl);
    atEmbedded = await guardedEcho(embedded.url);
  });
  afterAll(async () => {
    await atKeycloak?.close();
    await atEmbedded?.close();
    await embedded?.close();
  });

  it.each(PEOPLE)(
    'carry what the services read about %s, and nothing they would misread',
    async (username) => {
      const person = findPersonByUsername(username)!;
      const { access_token: token } = await tokenAt(keycloak!, username);
      const claims = decodePayload(token);
      expect(claims).toMatchObject({
        iss: `${keycloak!.authServerUrl}/realms/jiuzhu`,
        typ: 'Bearer',
        azp: 'jiuzhu-portal',
        sub: person.id,
        preferred_username: username,
        org: organisationOf(person),
      });
      const audiences = [claims['aud']].flat();
      expect(audiences).toContain('urn:jiuzhu:services');
      const realmRoles = (claims['realm_access'] as { roles: string[] }).roles;
      expect(realmRoles.filter((role) => (Role.options as string[]).includes(role)).sort()).toEqual(
        [...person.roles].sort(),
      );

      // The services' guard makes the same principal of it as of the embedded provider's token.
      const fromKeycloak = await me(atKeycloak, token);
      expect(fromKeycloak.status).toBe(200);
      const fromEmbedded = await me(
        atEmbedded,
        (await tokenAt({ authServerUrl: embedded.url, realm: 'jiuzhu' }, username)).access_token,
      );
      expect(fromKeycloak.body).toEqual(fromEmbedded.body);
      expect(fromKeycloak.body).toMatchObject({
        userId: person.id,
        displayName: person.displayName,
        roles: person.roles,
      });
    },
  );

  it("refuses a service account's token from Keycloak: it is not a person's", async () => {
    const { access_token: token } = await clientCredentialsToken({
      ...keycloak!,
      clientId: 'jiuzhu-intake',
      secret: keycloak!.clientSecrets['jiuzhu-intake']!,
    });
    expect(decodePayload(token)).toMatchObject({
      azp: 'jiuzhu-intake',
      preferred_username: 'service-account-jiuzhu-intake',
    });
    const { status, body } = await me(atKeycloak, token);
    expect(status).toBe(401);
    expect(body).toEqual({ error: 'UNAUTHENTICATED', message: expect.stringContaining('服务账号') });
  });

  it('refuses a Keycloak token once it has expired', async () => {
    const admin = await keycloak!.admin();
    const { accessTokenLifespan } = (await admin.get('')) as { accessTokenLifespan: number };
    let token: string;
    // Two seconds for the tokens issued now; every later token has the realm's own lifespan again.
    await admin.put('', { accessTokenLifespan: 2 });
    try {
      token = (await tokenAt(keycloak!, 'xinyi.head')).access_token;
    } finally {
      await admin.put('', { accessTokenLifespan });
    }
    expect((await me(atKeycloak, token)).status).toBe(200);
    const expiresAtMs = Number(decodePayload(token)['exp']) * 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAtMs - Date.now()) + 1_100));
    const { status, body } = await me(atKeycloak, token);
    expect(status).toBe(401);
    expect(body).toEqual({ error: 'UNAUTHENTICATED', message: expect.stringContaining('已过期') });
  });
});
