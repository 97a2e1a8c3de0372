import type { Organisation, Role } from '@jiuzhu/contracts';
import {
  type DemoPerson,
  organisationOf,
  PLATFORM_ORGANISATION,
  PORTAL_SERVER_CLIENT_ID,
} from './demo-directory.ts';

/**
 * Clients whose service accounts read the organisation directory (groups): the portal server for its
 * pickers, intake, referral and followup to check the organisations people name (transfers, partner departments,
 * the organisation responsible for a joint-meeting decision).
 * The other services' accounts hold nothing; no service account holds a Jiuzhu role, so none can act on a case.
 */
export const DIRECTORY_READER_CLIENT_IDS: readonly string[] = [
  PORTAL_SERVER_CLIENT_ID,
  'jiuzhu-intake',
  'jiuzhu-referral',
  'jiuzhu-followup',
];

/**
 * Keycloak's endpoint paths below `/realms/{realm}`. The embedded provider serves exactly these, so anything
 * configured with an auth-server URL and realm (keycloak-connect, the portal) works against either server.
 */
export const KEYCLOAK_PATHS = {
  authorization: '/protocol/openid-connect/auth',
  token: '/protocol/openid-connect/token',
  jwks: '/protocol/openid-connect/certs',
  userinfo: '/protocol/openid-connect/userinfo',
  endSession: '/protocol/openid-connect/logout',
  revocation: '/protocol/openid-connect/revoke',
  introspection: '/protocol/openid-connect/token/introspect',
  pushedAuthorizationRequest: '/protocol/openid-connect/ext/par/request',
  loginActions: '/login-actions',
} as const;

export { JIUZHU_API_AUDIENCE } from '@jiuzhu/contracts';

/** Realm roles Keycloak gives every user through `default-roles-{realm}`; tokens carry them next to ours. */
export function keycloakDefaultRealmRoles(realm: string): string[] {
  return [`default-roles-${realm}`, 'offline_access', 'uma_authorization'];
}

const ACCOUNT_CLIENT_ROLES = { account: { roles: ['manage-account', 'view-profile'] } };

/**
 * Keycloak's realm-management roles an administrator (`admin`) holds: read users, groups (organisations) and
 * their role mappings through the Admin REST API. The realm export assigns them; the embedded provider honours
 * them on its subset of that API.
 */
export const ADMIN_API_CLIENT = 'realm-management';
export const ADMIN_API_ROLES = ['view-users', 'query-users', 'query-groups'] as const;

/**
 * What the portal server's service account holds to read the organisation directory: Keycloak 26 lists groups
 * to `query-groups` but returns only those the caller may view, which realm-wide takes `view-users`.
 */
export const DIRECTORY_READER_ROLES = ['query-groups', 'view-users'] as const;

function resourceAccess(roles: readonly Role[]): Record<string, { roles: string[] }> {
  return roles.includes('admin')
    ? { ...ACCOUNT_CLIENT_ROLES, [ADMIN_API_CLIENT]: { roles: [...ADMIN_API_ROLES] } }
    : ACCOUNT_CLIENT_ROLES;
}

export function realmUrl(authServerUrl: string, realm: string): string {
  return `${authServerUrl.replace(/\/+$/, '')}/realms/${realm}`;
}

export interface KeycloakIdentityClaims {
  preferred_username: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  realm_access: { roles: string[] };
  resource_access: Record<string, { roles: string[] }>;
  org: Organisation;
}

function realmAccess(roles: readonly Role[], realm: string): { roles: string[] } {
  return { roles: [...roles, ...keycloakDefaultRealmRoles(realm)] };
}

/** What Keycloak (with the realm export's mappers) puts about a person into access tokens. */
export function personClaims(entry: DemoPerson, realm: string): KeycloakIdentityClaims {
  return {
    preferred_username: entry.username,
    name: entry.displayName,
    given_name: entry.givenName,
    family_name: entry.familyName,
    realm_access: realmAccess(entry.roles, realm),
    resource_access: resourceAccess(entry.roles),
    org: organisationOf(entry),
  };
}

/** Keycloak names a client's service-account user `service-account-{clientId}`. */
export function serviceAccountUsername(clientId: string): string {
  return `service-account-${clientId}`;
}

/**
 * What a client-credentials (service account) token says about its holder: no Jiuzhu role; the directory
 * reader's roles for the clients that read the directory.
 */
export function serviceAccountClaims(clientId: string, realm: string): KeycloakIdentityClaims {
  const readsDirectory = DIRECTORY_READER_CLIENT_IDS.includes(clientId);
  return {
    preferred_username: serviceAccountUsername(clientId),
    realm_access: realmAccess([], realm),
    resource_access: readsDirectory
      ? { ...ACCOUNT_CLIENT_ROLES, [ADMIN_API_CLIENT]: { roles: [...DIRECTORY_READER_ROLES] } }
      : ACCOUNT_CLIENT_ROLES,
    org: PLATFORM_ORGANISATION,
  };
}
