import { readFile } from 'node:fs/promises';
import { Organisation, Role } from '@jiuzhu/contracts';
import { describe, expect, it } from 'vitest';
import { buildRealmExport, REALM_EXPORT_FILE } from '../src/export-realm.ts';
import { DIRECTORY_READER_CLIENT_IDS } from '../src/keycloak-shape.ts';
import {
  DEMO_PASSWORD,
  DEMO_PEOPLE,
  PORTAL_CLIENT_ID,
  PORTAL_SERVER_CLIENT_ID,
  SERVICE_CLIENT_IDS,
} from '../src/index.ts';

interface Group {
  path: string;
  attributes: Record<string, string[]>;
}
interface User {
  id?: string;
  username: string;
  realmRoles: string[];
  clientRoles?: Record<string, string[]>;
  groups: string[];
  credentials?: Array<{ type: string; value: string }>;
  serviceAccountClientId?: string;
}
interface Mapper {
  protocolMapper: string;
  config: Record<string, string>;
}
interface Client {
  clientId: string;
  publicClient: boolean;
  serviceAccountsEnabled: boolean;
  attributes: Record<string, string>;
  protocolMappers: Mapper[];
}
interface RealmExport {
  realm: string;
  roles: { realm: Array<{ name: string }> };
  groups: Group[];
  clients: Client[];
  users: User[];
}

const realm = buildRealmExport() as unknown as RealmExport;

/** What Keycloak's attribute mappers make of a group's attributes: the nested `org` claim. */
function orgClaim(client: Client, group: Group): Record<string, string> {
  const claim: Record<string, string> = {};
  for (const mapper of client.protocolMappers.filter(
    (m) => m.protocolMapper === 'oidc-usermodel-attribute-mapper',
  )) {
    const value = group.attributes[mapper.config['user.attribute']!]?.[0];
    const [parent, key] = mapper.config['claim.name']!.split('.');
    if (parent === 'org' && key && value !== undefined) claim[key] = value;
  }
  return claim;
}

describe('Keycloak realm export', () => {
  it('is committed exactly as the generator produces it (run `pnpm --filter @jiuzhu/identity export-realm`)', async () => {
    const committed = JSON.parse(await readFile(REALM_EXPORT_FILE, 'utf8')) as unknown;
    expect(committed).toEqual(buildRealmExport());
  });

  it('defines every Jiuzhu role as a realm role', () => {
    expect(realm.realm).toBe('jiuzhu');
    expect(realm.roles.realm.map((role) => role.name).sort()).toEqual([...Role.options].sort());
  });

  it('maps each person group to a valid org claim in access and ID tokens', () => {
    const portal = realm.clients.find((client) => client.clientId === PORTAL_CLIENT_ID)!;
    for (const mapper of portal.protocolMappers.filter(
      (m) => m.protocolMapper === 'oidc-usermodel-attribute-mapper',
    )) {
      expect(mapper.config).toMatchObject({ 'access.token.claim': 'true', 'id.token.claim': 'true' });
    }
    const caseworker = realm.users.find((user) => user.username === 'xinyi.caseworker')!;
    const group = realm.groups.find((g) => g.path === caseworker.groups[0])!;
    expect(Organisation.parse(orgClaim(portal, group))).toEqual({
      id: 'court-440983',
      name: '信宜市人民法院',
      type: 'court',
      level: 'county',
      region: '440983',
      parentId: 'court-440900',
    });
    for (const g of realm.groups) expect(() => Organisation.parse(orgClaim(portal, g)), g.path).not.toThrow();
  });

  it('imports every demo person with their id, roles, one organisation group and the demo password', () => {
    for (const person of DEMO_PEOPLE) {
      const user = realm.users.find((u) => u.username === person.username)!;
      expect(user.id).toBe(person.id);
      expect(user.realmRoles).toEqual(person.roles);
      expect(user.groups).toHaveLength(1);
      expect(realm.groups.map((g) => g.path)).toContain(user.groups[0]);
      expect(user.credentials).toEqual([expect.objectContaining({ type: 'password', value: DEMO_PASSWORD })]);
    }
  });

  it('has a public PKCE portal and confidential service clients whose service accounts hold no Jiuzhu role and no secret', () => {
    const portal = realm.clients.find((client) => client.clientId === PORTAL_CLIENT_ID)!;
    expect(portal.publicClient).toBe(true);
    expect(portal.attributes['pkce.code.challenge.method']).toBe('S256');
    for (const clientId of SERVICE_CLIENT_IDS) {
      const client = realm.clients.find((c) => c.clientId === clientId)!;
      expect(client).toMatchObject({ publicClient: false, serviceAccountsEnabled: true });
      // Keycloak generates each secret at import; the file carries none.
      expect(client).not.toHaveProperty('secret');
      const account = realm.users.find((user) => user.serviceAccountClientId === clientId)!;
      expect(account).toMatchObject({ username: `service-account-${clientId}`, realmRoles: [] });
      expect(account.clientRoles ?? {}).toEqual(
        DIRECTORY_READER_CLIENT_IDS.includes(clientId)
          ? { 'realm-management': ['query-groups', 'view-users'] }
          : {},
      );
    }
  });

  it('gives the portal server a confidential client whose account may read groups but holds no Jiuzhu role', () => {
    const client = realm.clients.find((c) => c.clientId === PORTAL_SERVER_CLIENT_ID)!;
    expect(client).toMatchObject({ publicClient: false, serviceAccountsEnabled: true });
    const account = realm.users.find((user) => user.serviceAccountClientId === PORTAL_SERVER_CLIENT_ID)!;
    expect(account).toMatchObject({
      username: `service-account-${PORTAL_SERVER_CLIENT_ID}`,
      realmRoles: [],
      clientRoles: { 'realm-management': ['query-groups', 'view-users'] },
    });
  });
});
