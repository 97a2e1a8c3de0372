import { Role } from '@jiuzhu/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisationsUnder } from '../src/admin-api.ts';
import {
  DEMO_ORGANISATIONS,
  findPersonByUsername,
  PLATFORM_ORGANISATION,
  PORTAL_CLIENT_ID,
  PORTAL_SERVER_CLIENT_ID,
  type RunningIdentityProvider,
} from '../src/index.ts';
import { clientCredentialsToken, signIn } from '../src/testing.ts';
import { PORTAL_ORIGIN, REDIRECT_URI, startTestProvider } from './helpers.ts';

let idp: RunningIdentityProvider;
let adminToken: string;
let caseworkerToken: string;

const signInAs = async (username: string) =>
  (
    await signIn({
      authServerUrl: idp.url,
      realm: 'jiuzhu',
      clientId: PORTAL_CLIENT_ID,
      redirectUri: REDIRECT_URI,
      username,
      password: 'jiuzhu-demo',
    })
  ).access_token;

beforeAll(async () => {
  idp = await startTestProvider();
  adminToken = await signInAs('xinyi.admin');
  caseworkerToken = await signInAs('xinyi.caseworker');
});
afterAll(() => idp.close());

async function adminGet(path: string, token?: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${idp.url}/admin/realms/jiuzhu${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, body: await response.json() };
}

interface Group {
  id: string;
  name: string;
  path: string;
  attributes?: Record<string, string[]>;
}
interface User {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
}
interface RoleMapping {
  name: string;
  description?: string;
  clientRole: boolean;
}

describe('Keycloak Admin REST API subset', () => {
  it("shows an agency's administrator their organisation with its attributes", async () => {
    const { status, body } = await adminGet('/groups?briefRepresentation=false', adminToken);
    expect(status).toBe(200);
    const groups = body as Group[];
    expect(groups.map((group) => group.name)).toEqual(['信宜市人民法院']);
    expect(groups[0]).toMatchObject({
      path: '/信宜市人民法院',
      attributes: {
        org_id: ['court-440983'],
        org_type: ['court'],
        org_region: ['440983'],
        org_parent: ['court-440900'],
      },
    });
    const brief = (await adminGet('/groups', adminToken)).body as Group[];
    expect(brief[0]).not.toHaveProperty('attributes');
  });

  it("lists the agency's users and their members, and nobody of another agency", async () => {
    const users = (await adminGet('/users', adminToken)).body as User[];
    const usernames = users.map((user) => user.username);
    expect(usernames).toEqual(expect.arrayContaining(['xinyi.caseworker', 'xinyi.head', 'xinyi.admin']));
    expect(usernames).not.toContain('gaozhou.caseworker');
    expect(users.find((user) => user.username === 'xinyi.caseworker')).toMatchObject({
      firstName: '晓梅',
      lastName: '林',
    });

    const [court] = (await adminGet('/groups', adminToken)).body as Group[];
    const members = (await adminGet(`/groups/${court!.id}/members`, adminToken)).body as User[];
    expect(members.map((user) => user.username).sort()).toEqual([...usernames].sort());

    const outsider = findPersonByUsername('gaozhou.caseworker')!;
    expect((await adminGet(`/users/${outsider.id}`, adminToken)).status).toBe(404);
    expect((await adminGet(`/users/${outsider.id}/role-mappings/realm`, adminToken)).status).toBe(404);
  });

  it("gives a user's realm roles as mapped in the SSO", async () => {
    const head = findPersonByUsername('xinyi.head')!;
    const { status, body } = await adminGet(`/users/${head.id}/role-mappings/realm`, adminToken);
    expect(status).toBe(200);
    const roles = body as RoleMapping[];
    expect(roles.map((role) => role.name)).toEqual(['department_head', 'default-roles-jiuzhu']);
    expect(roles[0]).toMatchObject({ clientRole: false, description: '部门负责人' });
    const groups = (await adminGet(`/users/${head.id}/groups`, adminToken)).body as Group[];
    expect(groups.map((group) => group.name)).toEqual(['信宜市人民法院']);
  });

  it('refuses people without the admin role, service accounts and callers without a token', async () => {
    expect((await adminGet('/users', caseworkerToken)).status).toBe(403);
    expect((await adminGet('/groups', caseworkerToken)).status).toBe(403);
    const serviceToken = await clientCredentialsToken({
      authServerUrl: idp.url,
      realm: 'jiuzhu',
      clientId: 'jiuzhu-payments',
      secret: idp.clientSecrets['jiuzhu-payments']!,
    });
    expect((await adminGet('/users', serviceToken.access_token)).status).toBe(403);
    expect((await adminGet('/users')).status).toBe(401);
    expect((await adminGet('/users', `${adminToken.slice(0, -4)}AAAA`)).status).toBe(401);
  });

  it("lets the portal server's service account read every organisation of the realm, and no more than that role", async () => {
    const { access_token: token } = await clientCredentialsToken({
      authServerUrl: idp.url,
      realm: 'jiuzhu',
      clientId: PORTAL_SERVER_CLIENT_ID,
      secret: idp.clientSecrets[PORTAL_SERVER_CLIENT_ID]!,
    });
    const { status, body } = await adminGet('/groups?briefRepresentation=false', token);
    expect(status).toBe(200);
    const ids = (body as Group[]).map((group) => group.attributes?.['org_id']?.[0]);
    expect(ids.sort()).toEqual(
      [PLATFORM_ORGANISATION, ...DEMO_ORGANISATIONS].map((organisation) => organisation.id).sort(),
    );
    // Its token carries no Jiuzhu role: no service would let it act on a case.
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as {
      realm_access: { roles: string[] };
    };
    expect(payload.realm_access.roles.filter((role) => (Role.options as string[]).includes(role))).toEqual(
      [],
    );
    await expect(
      clientCredentialsToken({
        authServerUrl: idp.url,
        realm: 'jiuzhu',
        clientId: PORTAL_SERVER_CLIENT_ID,
        secret: 'wrong-secret',
      }),
    ).rejects.toThrow(/invalid_client/);
  });

  it('lets the portal call it from the browser (CORS preflight)', async () => {
    const response = await fetch(`${idp.url}/admin/realms/jiuzhu/users`, {
      method: 'OPTIONS',
      headers: {
        origin: PORTAL_ORIGIN,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(PORTAL_ORIGIN);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
  });

  it('lets an administrator of a parent agency see the agencies below it', () => {
    const ids = organisationsUnder('court-440900').map((organisation) => organisation.id);
    expect(ids.sort()).toEqual(['court-440900', 'court-440981', 'court-440983']);
  });
});
