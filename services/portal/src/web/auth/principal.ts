import { decodeJwt } from 'jose';
import { displayNameFromClaims, Organisation, Role } from '@jiuzhu/contracts';

/** The person signed in, as their access token describes them (the services read the same claims). */
export interface PortalPrincipal {
  userId: string;
  username: string;
  displayName: string;
  org: Organisation | undefined;
  roles: Role[];
}

export function principalFromAccessToken(accessToken: string): PortalPrincipal {
  const claims = decodeJwt(accessToken);
  const realmRoles = (claims['realm_access'] as { roles?: unknown } | undefined)?.roles;
  const roles = Array.isArray(realmRoles)
    ? realmRoles.flatMap((role) => {
        const parsed = Role.safeParse(role);
        return parsed.success && parsed.data !== 'service' ? [parsed.data] : [];
      })
    : [];
  const org = Organisation.safeParse(claims['org']);
  const username = typeof claims['preferred_username'] === 'string' ? claims['preferred_username'] : '';
  return {
    userId: claims.sub ?? '',
    username,
    displayName: displayNameFromClaims(claims as Record<string, unknown>),
    org: org.success ? org.data : undefined,
    roles,
  };
}

export function hasAnyRole(principal: PortalPrincipal, roles: readonly Role[]): boolean {
  return principal.roles.some((role) => roles.includes(role));
}
