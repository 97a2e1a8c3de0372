import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { REALM_EXPORT_FILE } from '../src/export-realm.ts';
import { realKeycloak } from '../src/testing.ts';

/**
 * The committed realm export imported into a real Keycloak 26 (the one `./jiuzhu test` starts): nothing in
 * it is refused or silently dropped. Keycloak ignores fields it does not know, so "imported" is not enough:
 * every field the file sets is read back through the admin API and must hold the value the file gave it.
 */
const keycloak = realKeycloak('[identity] realm import into a real Keycloak');

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/**
 * Where `actual` does not hold what `expected` sets: each key of an object, each element of an array (objects
 * matched by `name`, or by position when they have none) — extra content in `actual` is Keycloak's own.
 */
function missingFrom(expected: Json, actual: Json | undefined, path: string): string[] {
  if (expected === null || typeof expected !== 'object')
    return expected === actual
      ? []
      : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected a list, got ${JSON.stringify(actual)}`];
    return expected.flatMap((item, index) => {
      if (
        item !== null &&
        typeof item === 'object' &&
        !Array.isArray(item) &&
        typeof item['name'] === 'string'
      ) {
        const match = actual.find(
          (candidate) =>
            candidate !== null &&
            typeof candidate === 'object' &&
            !Array.isArray(candidate) &&
            candidate['name'] === item['name'],
        );
        return missingFrom(item, match, `${path}[${item['name']}]`);
      }
      if (item === null || typeof item !== 'object')
        return actual.includes(item) ? [] : [`${path}: ${JSON.stringify(item)} missing`];
      return missingFrom(item, actual[index], `${path}[${index}]`);
    });
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual))
    return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
  return Object.entries(expected).flatMap(([key, value]) =>
    missingFrom(value, actual[key], `${path}.${key}`),
  );
}

describe.runIf(keycloak)('the realm export in a real Keycloak', () => {
  const admin = () => keycloak!.admin();
  const fileRealm = async () => JSON.parse(await readFile(REALM_EXPORT_FILE, 'utf8')) as JsonObject;

  it('imports without an error, and without a warning of its own', async () => {
    const log = await readFile(keycloak!.logFile, 'utf8');
    expect(log).toContain("Realm 'jiuzhu' imported");
    expect(log).toContain('Import finished successfully');
    const problems = log
      .split('\n')
      .filter((line) => /\s(WARN|ERROR|FATAL)\s/.test(line))
      // Keycloak's own notice at every start, about features it enables by default: not about the realm.
      .filter((line) => !/\[org\.keycloak\.common\.Profile\].*Deprecated features/.test(line));
    expect(problems).toEqual([]);
  });

  it('keeps every realm setting, role, organisation and client setting the file gives', async () => {
    const file = await fileRealm();
    const { users: _users, groups, clients, roles, ...settings } = file;
    const api = await admin();
    const read = async (path: string) => (await api.get(path)) as Json;
    expect(missingFrom(settings, await read(''), 'realm')).toEqual([]);
    expect(missingFrom(roles!, { realm: await read('/roles') }, 'roles')).toEqual([]);
    expect(missingFrom(groups!, await read('/groups?briefRepresentation=false&max=1000'), 'groups')).toEqual(
      [],
    );
    const imported = (await api.get('/clients?max=1000')) as JsonObject[];
    for (const client of clients as JsonObject[]) {
      const match = imported.find((candidate) => candidate['clientId'] === client['clientId']);
      expect(missingFrom(client, match, `clients[${client['clientId']}]`)).toEqual([]);
    }
  });

  it('keeps every person and service account with their roles and organisation', async () => {
    const file = await fileRealm();
    const api = await admin();
    const clients = (await api.get('/clients?max=1000')) as JsonObject[];
    const clientUuid = (clientId: string) => clients.find((c) => c['clientId'] === clientId)!['id'] as string;
    for (const user of file['users'] as JsonObject[]) {
      // Keycloak keeps only a hash of the password; signing in with it is tested with the tokens (packages/auth).
      const {
        credentials: _credentials,
        realmRoles,
        clientRoles,
        groups,
        serviceAccountClientId,
        ...profile
      } = user;
      const found = serviceAccountClientId
        ? ((await api.get(
            `/clients/${clientUuid(serviceAccountClientId as string)}/service-account-user`,
          )) as JsonObject)
        : (
            (await api.get(
              `/users?exact=true&username=${encodeURIComponent(user['username'] as string)}`,
            )) as JsonObject[]
          )[0];
      const where = `users[${user['username']}]`;
      expect(found, where).toBeDefined();
      expect(missingFrom(profile, found, where)).toEqual([]);
      const id = found!['id'] as string;
      const mappings = (await api.get(`/users/${id}/role-mappings`)) as {
        realmMappings?: { name: string }[];
        clientMappings?: Record<string, { mappings: { name: string }[] }>;
      };
      expect(
        missingFrom(
          realmRoles!,
          (mappings.realmMappings ?? []).map((role) => role.name),
          `${where}.realmRoles`,
        ),
      ).toEqual([]);
      for (const [client, roles] of Object.entries((clientRoles ?? {}) as Record<string, string[]>))
        expect(
          missingFrom(
            roles,
            (mappings.clientMappings?.[client]?.mappings ?? []).map((role) => role.name),
            `${where}.clientRoles`,
          ),
        ).toEqual([]);
      const memberOf = ((await api.get(`/users/${id}/groups`)) as { path: string }[]).map(
        (group) => group.path,
      );
      expect(memberOf, `${where}.groups`).toEqual(groups);
    }
  });

  it('generates a secret for every confidential client, since the file carries none', async () => {
    const file = await fileRealm();
    const confidential = (file['clients'] as JsonObject[]).filter(
      (client) => client['publicClient'] === false,
    );
    expect(confidential.length).toBeGreaterThan(0);
    for (const client of confidential) {
      expect(client).not.toHaveProperty('secret');
      expect(keycloak!.clientSecrets[client['clientId'] as string], String(client['clientId'])).toMatch(
        /^\S{24,}$/,
      );
    }
  });
});
