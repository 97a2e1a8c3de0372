import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdentityProvider } from '../src/index.ts';
import { startTestProvider } from './helpers.ts';

let idp: RunningIdentityProvider;
beforeAll(async () => {
  idp = await startTestProvider();
});
afterAll(() => idp.close());

describe('discovery', () => {
  it('publishes the issuer and endpoints at Keycloak paths', async () => {
    const response = await fetch(`${idp.url}/realms/jiuzhu/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as Record<string, unknown>;
    const realm = `${idp.url}/realms/jiuzhu`;
    expect(idp.issuer).toBe(realm);
    expect(document).toMatchObject({
      issuer: realm,
      authorization_endpoint: `${realm}/protocol/openid-connect/auth`,
      token_endpoint: `${realm}/protocol/openid-connect/token`,
      jwks_uri: `${realm}/protocol/openid-connect/certs`,
      userinfo_endpoint: `${realm}/protocol/openid-connect/userinfo`,
      end_session_endpoint: `${realm}/protocol/openid-connect/logout`,
      revocation_endpoint: `${realm}/protocol/openid-connect/revoke`,
      introspection_endpoint: `${realm}/protocol/openid-connect/token/introspect`,
      code_challenge_methods_supported: ['S256'],
    });
    expect(document['grant_types_supported']).toEqual(
      expect.arrayContaining(['authorization_code', 'client_credentials', 'refresh_token']),
    );
  });

  it('serves an RS256 public signing key, without its private parts, at /certs', async () => {
    const response = await fetch(`${idp.issuer}/protocol/openid-connect/certs`);
    const { keys } = (await response.json()) as { keys: Array<Record<string, unknown>> };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
    expect(keys[0]).not.toHaveProperty('d');
  });

  it('answers on Keycloak readiness path', async () => {
    const response = await fetch(`${idp.url}/health/ready`);
    expect(await response.json()).toEqual({ status: 'UP' });
  });
});
