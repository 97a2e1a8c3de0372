import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { CONFIDENTIAL_CLIENT_IDS, PORTAL_CLIENT_ID } from './demo-directory.ts';
import { adminApiRouter } from './admin-api.ts';
import { KEYCLOAK_PATHS, realmUrl } from './keycloak-shape.ts';
import { loginActionsRouter } from './login-actions.ts';
import { createProvider } from './provider.ts';
import { securityHeaders } from './security-headers.ts';
import { generateSigningKey } from './signing-key.ts';
import { userinfoHandler } from './userinfo.ts';

export interface IdentityProviderOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  realm?: string;
  /** The URL people and services reach this server at, when it differs from http://host:port (proxies). */
  publicUrl?: string;
  /** Where the portal may receive authorization codes. */
  portalRedirectUris: string[];
  /** Where the portal may send people after logout; defaults to the root of each redirect URI's origin. */
  portalPostLogoutRedirectUris?: string[];
  /**
   * Secrets of confidential clients (the services' `jiuzhu-<name>`, the portal server's `jiuzhu-portal-server`);
   * each one not given is generated at random for this run, as Keycloak does when it imports the realm.
   */
  clientSecrets?: Readonly<Record<string, string>>;
  accessTokenTtlSeconds?: number;
}

export interface RunningIdentityProvider {
  /** Keycloak's "auth-server-url", e.g. http://127.0.0.1:8080 */
  url: string;
  /** Where this process actually listens; differs from `url` only when `publicUrl` was given. */
  localUrl: string;
  /** `${url}/realms/${realm}`: the `iss` of every token. */
  issuer: string;
  realm: string;
  portalClientId: string;
  /** The secret of every confidential client for this run, by client id. */
  clientSecrets: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

function listenAddress(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * The embedded single sign-on server: a standards-compliant OpenID Connect provider at Keycloak's paths,
 * issuing Keycloak-shaped RS256 access tokens for the demo directory. Production points at a real Keycloak.
 */
export async function startIdentityProvider(
  options: IdentityProviderOptions,
): Promise<RunningIdentityProvider> {
  const host = options.host ?? '127.0.0.1';
  const realm = options.realm ?? 'jiuzhu';
  const accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 900;

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const localUrl = `http://${listenAddress(host)}:${port}`;
  const url = (options.publicUrl ?? localUrl).replace(/\/+$/, '');
  const issuer = realmUrl(url, realm);
  const realmPath = `/realms/${realm}`;

  const clientSecrets = Object.fromEntries(
    CONFIDENTIAL_CLIENT_IDS.map((clientId) => [
      clientId,
      options.clientSecrets?.[clientId] ?? randomBytes(24).toString('base64url'),
    ]),
  );
  const signingKey = await generateSigningKey();
  const provider = createProvider({
    issuer,
    realm,
    portalRedirectUris: options.portalRedirectUris,
    portalPostLogoutRedirectUris: options.portalPostLogoutRedirectUris ?? [
      ...new Set(options.portalRedirectUris.map((uri) => `${new URL(uri).origin}/`)),
    ],
    clientSecrets,
    accessTokenTtlSeconds,
    signingKey,
    cookieKeys: [randomBytes(32).toString('base64url')],
  });
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicKey } = signingKey;
  const isSessionActive = async (sid: string) => Boolean(await provider.Session.findByUid(sid));

  const app = express();
  app.disable('x-powered-by');
  const portalUris = [...options.portalRedirectUris, ...(options.portalPostLogoutRedirectUris ?? [])];
  app.use(securityHeaders(new Set(portalUris.map((uri) => new URL(uri).origin))));
  app.get('/health/ready', (_req, res) => {
    res.json({ status: 'UP' });
  });
  app.use(
    `${realmPath}${KEYCLOAK_PATHS.loginActions}`,
    loginActionsRouter(provider, `${realmPath}${KEYCLOAK_PATHS.loginActions}`),
  );
  app.all(
    `${realmPath}${KEYCLOAK_PATHS.userinfo}`,
    userinfoHandler({
      issuer,
      realm,
      publicKey,
      isSessionActive,
    }),
  );
  app.use(
    `/admin${realmPath}`,
    adminApiRouter({
      issuer,
      realm,
      publicKey,
      isSessionActive,
      allowedOrigins: new Set(options.portalRedirectUris.map((uri) => new URL(uri).origin)),
    }),
  );
  app.use(realmPath, provider.callback());
  server.on('request', app);

  return {
    url,
    localUrl,
    issuer,
    realm,
    portalClientId: PORTAL_CLIENT_ID,
    clientSecrets,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
