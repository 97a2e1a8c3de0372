import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organisation } from '@jiuzhu/contracts';
import {
  DEMO_ORGANISATIONS,
  DEMO_PASSWORD,
  PORTAL_CLIENT_ID,
  startIdentityProvider,
  type RunningIdentityProvider,
} from '@jiuzhu/identity';
import { signIn } from '@jiuzhu/identity/testing';
import { SERVICE_NAMES, startPortal, type RunningPortal, type ServiceName } from '../src/index.ts';
import { ORGANISATIONS_PATH } from '../src/shared/portal-config.ts';
import { freePort } from './free-port.ts';

let identity: RunningIdentityProvider;
let portal: RunningPortal;
let webRoot: string;
let caseworkerToken: string;

/** The portal server with its directory client's secret (as the identity provider generated it, by default). */
async function startPortalAgainst(
  secret: string | undefined = identity.clientSecrets['jiuzhu-portal-server'],
): Promise<RunningPortal> {
  const nowhere = `http://127.0.0.1:${await freePort()}`;
  return startPortal(
    {
      port: 0,
      authServerUrl: identity.url,
      realm: identity.realm,
      serviceUrls: Object.fromEntries(SERVICE_NAMES.map((name) => [name, nowhere])) as Record<
        ServiceName,
        string
      >,
      webRoot,
      ...(secret ? { directoryClient: { clientId: 'jiuzhu-portal-server', secret } } : {}),
    },
    () => {},
  );
}

beforeAll(async () => {
  const port = await freePort();
  const redirectUri = `http://127.0.0.1:${port}/auth/callback`;
  identity = await startIdentityProvider({ port: 0, portalRedirectUris: [redirectUri] });
  webRoot = await mkdtemp(join(tmpdir(), 'portal-directory-web-'));
  await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>portal shell</title>');
  portal = await startPortalAgainst();
  caseworkerToken = (
    await signIn({
      authServerUrl: identity.url,
      realm: identity.realm,
      clientId: PORTAL_CLIENT_ID,
      redirectUri,
      username: 'xinyi.caseworker',
      password: DEMO_PASSWORD,
    })
  ).access_token;
});

afterAll(async () => {
  await portal?.close();
  await identity?.close();
  if (webRoot) await rm(webRoot, { recursive: true, force: true });
});

const organisations = (token?: string, at = portal) =>
  fetch(`${at.url}${ORGANISATIONS_PATH}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

const byId = (list: readonly Organisation[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));

describe('organisation directory', () => {
  it("gives a signed-in caseworker the SSO's organisations, with names, types and lines of supervision", async () => {
    const response = await organisations(caseworkerToken);
    expect(response.status).toBe(200);
    const listed = (await response.json()) as Organisation[];
    // Exactly the demo directory: the platform group the service accounts live in is not an organisation.
    expect(byId(listed)).toEqual(byId(DEMO_ORGANISATIONS));
    expect(listed.find((org) => org.id === 'civil-affairs-440983')).toEqual({
      id: 'civil-affairs-440983',
      name: '信宜市民政局',
      type: 'civil_affairs',
      level: 'county',
      region: '440983',
      parentId: 'civil-affairs-440900',
    });
  });

  it('answers 401 without a token or with a token that is not the SSO’s', async () => {
    const missing = await organisations();
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: 'UNAUTHENTICATED' });
    expect((await organisations(`${caseworkerToken.slice(0, -6)}AAAAAA`)).status).toBe(401);
    expect((await organisations('not-a-token')).status).toBe(401);
  });

  it('says the directory is unavailable when the SSO refuses the portal server’s own client', async () => {
    const misconfigured = await startPortalAgainst('wrong-secret');
    try {
      const response = await organisations(caseworkerToken, misconfigured);
      expect(response.status).toBe(502);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
        '无法读取机构目录',
      );
    } finally {
      await misconfigured.close();
    }
  });
});
