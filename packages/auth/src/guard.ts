import { JIUZHU_API_AUDIENCE, PORTAL_CLIENT_ID, type Principal } from '@jiuzhu/contracts';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import Keycloak from 'keycloak-connect';
import { AUTH_FAILURE_MESSAGES, type AuthFailure, classifyKeycloakError } from './auth-failure.ts';
import { principalFromClaims } from './principal.ts';

declare global {
  // Express's own extension point for request properties.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Who is calling; set by the auth guard on every request it lets through. */
      principal?: Principal;
    }
  }
}

export interface AuthGuardOptions {
  /** Keycloak's auth-server URL, e.g. http://127.0.0.1:8080 (KEYCLOAK_URL). */
  authServerUrl: string;
  /** KEYCLOAK_REALM, normally "jiuzhu". */
  realm: string;
  /** This service's client id, e.g. jiuzhu-intake. */
  clientId: string;
  /** The audience every accepted token must name (`aud`); default `urn:jiuzhu:services`. */
  audience?: string;
  /**
   * Clients people sign in with (`azp`); default the portal. A token issued to any other client (a service
   * account's client credentials) is refused: services never act for a person.
   */
  personClients?: readonly string[];
}

/** The body of every 401 the guard sends. */
export interface UnauthenticatedBody {
  error: 'UNAUTHENTICATED';
  message: string;
}

// What keycloak-connect's protect() reads from the request, and what its Token carries beyond its typings.
interface KeycloakRequest extends Request {
  kauth?: { grant?: Keycloak.Grant };
}
type VerifiedToken = Keycloak.Token & { content: unknown };

function audiences(content: unknown): string[] {
  const aud = (content as { aud?: unknown } | undefined)?.aud;
  return (Array.isArray(aud) ? aud : [aud]).filter((value): value is string => typeof value === 'string');
}

const failures = new WeakMap<Request, AuthFailure>();

function bearerToken(req: Request): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
}

/** A compact JWS: three parts, the first two base64url-encoded JSON objects. */
function isWellFormedJwt(token: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  try {
    const [header, payload] = parts
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
    return typeof header === 'object' && header !== null && typeof payload === 'object' && payload !== null;
  } catch {
    return false;
  }
}

function sendUnauthenticated(res: Response, realm: string, failure: AuthFailure): void {
  const challenge =
    failure === 'missing_token'
      ? `Bearer realm="${realm}"`
      : `Bearer realm="${realm}", error="invalid_token"`;
  const body: UnauthenticatedBody = { error: 'UNAUTHENTICATED', message: AUTH_FAILURE_MESSAGES[failure] };
  res.status(401).set('WWW-Authenticate', challenge).json(body);
}

/**
 * Express middleware that admits only requests bearing a valid access token of the realm, verified by
 * keycloak-connect in bearer-only mode (signature against the realm's published keys, expiry, issuer, `typ`),
 * addressed to the services (`aud`) and issued to a client people sign in with (`azp`, never a service account).
 * On success `req.principal` is set; on any failure the answer is HTTP 401 `{ error: 'UNAUTHENTICATED', message }`.
 * Mount it only where authentication is wanted (not on health endpoints).
 */
export function createAuthGuard({
  authServerUrl,
  realm,
  clientId,
  audience = JIUZHU_API_AUDIENCE,
  personClients = [PORTAL_CLIENT_ID],
}: AuthGuardOptions): RequestHandler {
  const keycloak = new Keycloak(
    {},
    {
      realm,
      'auth-server-url': authServerUrl,
      resource: clientId,
      'bearer-only': true,
      'ssl-required': 'external',
      'confidential-port': 0,
    },
  );
  // keycloak-connect answers 403 "Access denied" by default; a missing or bad token is a 401 here.
  keycloak.accessDenied = (req, res) => sendUnauthenticated(res, realm, failures.get(req) ?? 'invalid_token');

  // keycloak-connect's own grant attacher (keycloak.middleware()) validates the same way but drops the reason,
  // and also mounts /logout and admin callbacks a bearer-only API does not want.
  const attachGrant: RequestHandler = async (req: KeycloakRequest, _res, next) => {
    req.kauth = {};
    const token = bearerToken(req);
    if (!token) failures.set(req, 'missing_token');
    else if (!isWellFormedJwt(token)) failures.set(req, 'malformed_token');
    else {
      try {
        req.kauth.grant = await keycloak.grantManager.createGrant(JSON.stringify({ access_token: token }));
      } catch (error) {
        failures.set(req, classifyKeycloakError(error));
      }
    }
    next();
  };

  const attachPrincipal = (req: KeycloakRequest, res: Response, next: NextFunction) => {
    const token = req.kauth?.grant?.access_token as VerifiedToken | undefined;
    if (!audiences(token?.content).includes(audience)) {
      sendUnauthenticated(res, realm, 'wrong_audience');
      return;
    }
    const azp = (token?.content as { azp?: unknown } | undefined)?.azp;
    if (typeof azp !== 'string' || !personClients.includes(azp)) {
      sendUnauthenticated(res, realm, 'service_account');
      return;
    }
    try {
      req.principal = principalFromClaims(token?.content);
    } catch {
      sendUnauthenticated(res, realm, 'invalid_claims');
      return;
    }
    next();
  };

  const guard = express.Router();
  guard.use(attachGrant, keycloak.protect(), attachPrincipal);
  return guard;
}
