import { displayNameFromClaims, Organisation, Principal, Role } from '@jiuzhu/contracts';
import { z } from 'zod';

/**
 * The claims of a Keycloak access token that Jiuzhu relies on. Keycloak adds more (`default-roles-*`,
 * `offline_access`, account client roles …); those are ignored.
 */
const KeycloakAccessClaims = z.object({
  sub: z.string().min(1),
  preferred_username: z.string().min(1),
  name: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  realm_access: z.object({ roles: z.array(z.string()) }).optional(),
  org: Organisation,
});

/** The token is genuine but does not say who is calling in the way Jiuzhu needs (no organisation, …). */
export class InvalidClaimsError extends Error {
  constructor(detail: string) {
    super(`access token claims are not usable: ${detail}`);
    this.name = 'InvalidClaimsError';
  }
}

function jiuzhuRoles(roles: readonly string[]): Role[] {
  const known = new Set<string>(Role.options);
  return [...new Set(roles)].filter((role): role is Role => known.has(role));
}

/** Builds the caller's Principal from verified access-token claims; throws InvalidClaimsError if unusable. */
export function principalFromClaims(claims: unknown): Principal {
  const parsed = KeycloakAccessClaims.safeParse(claims);
  if (!parsed.success) throw new InvalidClaimsError(z.prettifyError(parsed.error));
  const data = parsed.data;
  return Principal.parse({
    userId: data.sub,
    username: data.preferred_username,
    displayName: displayNameFromClaims(data),
    org: data.org,
    roles: jiuzhuRoles(data.realm_access?.roles ?? []),
  });
}
