import type { RequestHandler, Response } from 'express';
import { createLocalJWKSet, type JWK, jwtVerify } from 'jose';
import { findPersonById } from './demo-directory.ts';
import { personClaims, serviceAccountClaims } from './keycloak-shape.ts';

export interface UserinfoOptions {
  issuer: string;
  realm: string;
  publicKey: JWK;
  /** Whether the single sign-on session a token names (`sid`) still exists, i.e. nobody logged out. */
  isSessionActive: (sid: string) => Promise<boolean>;
}

function reject(res: Response, status: number, error: string, description: string): void {
  res
    .status(status)
    .set('WWW-Authenticate', `Bearer error="${error}", error_description="${description}"`)
    .json({ error, error_description: description });
}

/**
 * Keycloak's userinfo endpoint accepts the realm's own access tokens. oidc-provider refuses tokens that carry
 * an audience there, and ours always do (they are for the Jiuzhu services), so this endpoint is answered here.
 * Like Keycloak, it refuses tokens whose session has ended (logout).
 */
export function userinfoHandler({
  issuer,
  realm,
  publicKey,
  isSessionActive,
}: UserinfoOptions): RequestHandler {
  const keys = createLocalJWKSet({ keys: [publicKey] });
  return async (req, res) => {
    res.set('Cache-Control', 'no-store').set('Access-Control-Allow-Origin', '*');
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token) {
      reject(res, 401, 'invalid_request', 'missing bearer token');
      return;
    }
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keys, { issuer, algorithms: ['RS256'] }));
    } catch {
      reject(res, 401, 'invalid_token', 'token is invalid or expired');
      return;
    }
    const sessionEnded = typeof payload.sid === 'string' && !(await isSessionActive(payload.sid));
    if (payload.typ !== 'Bearer' || !payload.sub || sessionEnded) {
      reject(res, 401, 'invalid_token', 'token is not an active access token');
      return;
    }
    const scopes = new Set(String(payload.scope ?? '').split(' '));
    if (!scopes.has('openid')) {
      reject(res, 403, 'insufficient_scope', 'access token lacks the openid scope');
      return;
    }
    const entry = findPersonById(payload.sub);
    if (entry) {
      const { preferred_username, name, given_name, family_name, org } = personClaims(entry, realm);
      const profile = scopes.has('profile') ? { preferred_username, name, given_name, family_name } : {};
      res.json({ sub: entry.id, ...profile, org });
      return;
    }
    const { preferred_username, org } = serviceAccountClaims(String(payload.azp ?? payload.sub), realm);
    res.json({ sub: payload.sub, preferred_username, org });
  };
}
