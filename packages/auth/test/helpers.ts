import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

export async function listen(app: Express): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

/** Same header and signature, payload rewritten: what someone editing their own token would produce. */
export function withPayload(token: string, payload: Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  return `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
}

/**
 * A bare-bones issuer at Keycloak's paths that signs whatever claims a test asks for, to reach the guard's
 * claim validation with tokens whose signature, issuer and type are all genuine.
 */
export async function startClaimsIssuer(realm: string) {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  const app = express();
  app.get(`/realms/${realm}/protocol/openid-connect/certs`, (_req, res) => {
    res.json({ keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] });
  });
  const server = await listen(app);
  const issuer = `${server.url}/realms/${realm}`;
  return {
    url: server.url,
    close: server.close,
    sign: (claims: JWTPayload) =>
      new SignJWT({ typ: 'Bearer', ...claims })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuer(issuer)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey),
  };
}
