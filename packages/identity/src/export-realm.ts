import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ROLE_LABELS, Role, type Organisation } from '@jiuzhu/contracts';
import {
  CONFIDENTIAL_CLIENT_IDS,
  DEMO_ORGANISATIONS,
  DEMO_PASSWORD,
  DEMO_PEOPLE,
  organisationOf,
  PLATFORM_ORGANISATION,
  PORTAL_CLIENT_ID,
  PORTAL_SERVER_CLIENT_ID,
} from './demo-directory.ts';
import { groupId } from './admin-api.ts';
import {
  ADMIN_API_CLIENT,
  ADMIN_API_ROLES,
  DIRECTORY_READER_CLIENT_IDS,
  DIRECTORY_READER_ROLES,
  JIUZHU_API_AUDIENCE,
  serviceAccountUsername,
} from './keycloak-shape.ts';

/**
 * The Keycloak 26 realm the embedded provider imitates, as an export Keycloak imports (`kc.sh import --file`,
 * or `--import-realm` with the file in /opt/keycloak/data/import). Same realm name, clients, roles, people and
 * organisations; organisations are groups whose attributes the clients' mappers put into the nested `org` claim.
 */

export const REALM_EXPORT_FILE = fileURLToPath(
  new URL('../../../infra/keycloak/jiuzhu-realm.json', import.meta.url),
);

/** The portal of `./jiuzhu start` runs on port 4100; edit redirect URIs in Keycloak for other deployments. */
export const DEFAULT_PORTAL_ORIGINS = ['http://127.0.0.1:4100', 'http://localhost:4100'];

export interface RealmExportOptions {
  realm?: string;
  portalOrigins?: string[];
  accessTokenTtlSeconds?: number;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const SERVICE_NAMES: Record<string, string> = {
  'jiuzhu-intake': 'Jiuzhu 受理服务',
  'jiuzhu-investigation': 'Jiuzhu 调查核实服务',
  'jiuzhu-approval': 'Jiuzhu 审批服务',
  'jiuzhu-payments': 'Jiuzhu 发放服务',
  'jiuzhu-referral': 'Jiuzhu 衔接服务',
  'jiuzhu-followup': 'Jiuzhu 回访服务',
  [PORTAL_SERVER_CLIENT_ID]: 'Jiuzhu 门户服务端（读取机构目录）',
};

// Group attribute → nested claim of the `org` object (Organisation in @jiuzhu/contracts).
const ORG_CLAIMS: ReadonlyArray<[attribute: string, claim: keyof Organisation]> = [
  ['org_id', 'id'],
  ['org_name', 'name'],
  ['org_type', 'type'],
  ['org_level', 'level'],
  ['org_region', 'region'],
  ['org_parent', 'parentId'],
];

function groupPath(organisation: Organisation): string {
  return `/${organisation.name}`;
}

function organisationGroup(organisation: Organisation): JsonObject {
  const attributes: JsonObject = {};
  for (const [attribute, claim] of ORG_CLAIMS) {
    const value = organisation[claim];
    if (value !== undefined) attributes[attribute] = [value];
  }
  // The same id as the embedded provider's Admin API gives the group.
  return {
    id: groupId(organisation),
    name: organisation.name,
    path: groupPath(organisation),
    attributes,
    subGroups: [],
  };
}

function orgClaimMappers(): JsonObject[] {
  return ORG_CLAIMS.map(([attribute, claim]) => ({
    name: `org.${claim}`,
    protocol: 'openid-connect',
    protocolMapper: 'oidc-usermodel-attribute-mapper',
    consentRequired: false,
    config: {
      // The user has no such attribute; Keycloak then takes it from the user's group.
      'user.attribute': attribute,
      'claim.name': `org.${claim}`,
      'jsonType.label': 'String',
      multivalued: 'false',
      'aggregate.attrs': 'false',
      'access.token.claim': 'true',
      'id.token.claim': 'true',
      'userinfo.token.claim': 'true',
      'introspection.token.claim': 'true',
    },
  }));
}

function audienceMapper(): JsonObject {
  return {
    name: 'jiuzhu-services-audience',
    protocol: 'openid-connect',
    protocolMapper: 'oidc-audience-mapper',
    consentRequired: false,
    config: {
      'included.custom.audience': JIUZHU_API_AUDIENCE,
      'access.token.claim': 'true',
      'id.token.claim': 'false',
      'introspection.token.claim': 'true',
    },
  };
}

const clientDefaults = (): JsonObject => ({
  enabled: true,
  protocol: 'openid-connect',
  consentRequired: false,
  fullScopeAllowed: true,
  implicitFlowEnabled: false,
  frontchannelLogout: true,
  // Built-in scopes Keycloak creates for a realm imported without `clientScopes`: they give `sub`,
  // `preferred_username`, `name`, `realm_access` and `resource_access`; `typ: "Bearer"` is always set.
  defaultClientScopes: ['web-origins', 'acr', 'profile', 'roles', 'basic', 'email'],
  optionalClientScopes: ['address', 'phone', 'offline_access', 'microprofile-jwt'],
  protocolMappers: [...orgClaimMappers(), audienceMapper()],
});

function portalClient(origins: readonly string[]): JsonObject {
  return {
    ...clientDefaults(),
    clientId: PORTAL_CLIENT_ID,
    name: 'Jiuzhu 门户',
    publicClient: true,
    standardFlowEnabled: true,
    directAccessGrantsEnabled: false,
    serviceAccountsEnabled: false,
    redirectUris: origins.map((origin) => `${origin}/*`),
    webOrigins: [...origins],
    attributes: {
      'pkce.code.challenge.method': 'S256',
      'post.logout.redirect.uris': origins.map((origin) => `${origin}/*`).join('##'),
      // Full tokens: services read roles and the organisation from the access token itself.
      'client.use.lightweight.access.token.enabled': 'false',
    },
  };
}

/** No secret: Keycloak generates one at import; read it from the admin console (Clients → Credentials). */
function confidentialClient(clientId: string): JsonObject {
  return {
    ...clientDefaults(),
    clientId,
    name: SERVICE_NAMES[clientId] ?? clientId,
    publicClient: false,
    clientAuthenticatorType: 'client-secret',
    standardFlowEnabled: false,
    directAccessGrantsEnabled: false,
    serviceAccountsEnabled: true,
    redirectUris: [],
    webOrigins: [],
    attributes: { 'client.use.lightweight.access.token.enabled': 'false' },
  };
}

function personUser(entry: (typeof DEMO_PEOPLE)[number]): JsonObject {
  return {
    id: entry.id,
    username: entry.username,
    enabled: true,
    // Keycloak's default user profile requires these; without them the first login asks for them.
    firstName: entry.givenName,
    lastName: entry.familyName,
    email: `${entry.username}@demo.jiuzhu.example`,
    emailVerified: true,
    credentials: [{ type: 'password', value: DEMO_PASSWORD, temporary: false }],
    realmRoles: [...entry.roles],
    // Administrators read their agency's users, organisations and role mappings through the Admin REST API.
    ...(entry.roles.includes('admin') ? { clientRoles: { [ADMIN_API_CLIENT]: [...ADMIN_API_ROLES] } } : {}),
    groups: [groupPath(organisationOf(entry))],
  };
}

/** A confidential client's service account: no Jiuzhu role; directory readers read organisations (groups). */
function serviceAccountUser(clientId: string): JsonObject {
  return {
    username: serviceAccountUsername(clientId),
    enabled: true,
    serviceAccountClientId: clientId,
    realmRoles: [],
    ...(DIRECTORY_READER_CLIENT_IDS.includes(clientId)
      ? { clientRoles: { [ADMIN_API_CLIENT]: [...DIRECTORY_READER_ROLES] } }
      : {}),
    groups: [groupPath(PLATFORM_ORGANISATION)],
  };
}

/** The realm export as a JSON value (deterministic: the committed file must equal it). */
export function buildRealmExport(options: RealmExportOptions = {}): JsonObject {
  const realm = options.realm ?? 'jiuzhu';
  const accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 900;
  return {
    realm,
    displayName: 'Jiuzhu 司法救助平台',
    enabled: true,
    sslRequired: 'external',
    registrationAllowed: false,
    loginWithEmailAllowed: false,
    duplicateEmailsAllowed: false,
    resetPasswordAllowed: false,
    editUsernameAllowed: false,
    bruteForceProtected: true,
    accessTokenLifespan: accessTokenTtlSeconds,
    ssoSessionIdleTimeout: 1800,
    ssoSessionMaxLifespan: 36000,
    internationalizationEnabled: true,
    supportedLocales: ['zh-CN', 'en'],
    defaultLocale: 'zh-CN',
    roles: {
      realm: Role.options.map((role) => ({ name: role, description: ROLE_LABELS[role] })),
    },
    groups: [PLATFORM_ORGANISATION, ...DEMO_ORGANISATIONS].map(organisationGroup),
    clients: [
      portalClient(options.portalOrigins ?? DEFAULT_PORTAL_ORIGINS),
      ...CONFIDENTIAL_CLIENT_IDS.map(confidentialClient),
    ],
    users: [...DEMO_PEOPLE.map(personUser), ...CONFIDENTIAL_CLIENT_IDS.map(serviceAccountUser)],
  };
}

export function renderRealmExport(options?: RealmExportOptions): string {
  return `${JSON.stringify(buildRealmExport(options), null, 2)}\n`;
}

export async function writeRealmExport(
  path = REALM_EXPORT_FILE,
  options?: RealmExportOptions,
): Promise<void> {
  await writeFile(path, renderRealmExport(options));
}

if (import.meta.main) {
  await writeRealmExport();
  process.stdout.write(`wrote ${REALM_EXPORT_FILE}\n`);
}
