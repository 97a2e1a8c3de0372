import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, serviceConfigSchema } from '../src/config.ts';

describe('service configuration', () => {
  const schema = serviceConfigSchema('intake', 4101);

  it('fills in the embedded defaults a laptop needs', () => {
    const config = loadConfig('intake', schema, {});
    expect(config).toMatchObject({
      PORT: 4101,
      DB_SCHEMA: 'intake',
      KEYCLOAK_REALM: 'jiuzhu',
      KEYCLOAK_CLIENT_ID: 'jiuzhu-intake',
    });
    expect(config.KAFKA_BROKERS).toBeUndefined();
  });

  it('fails fast naming every bad variable', () => {
    const load = () =>
      loadConfig('intake', schema, { PORT: 'eighty', DATABASE_URL: 'mysql://x', DB_SCHEMA: 'Intake-1' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/Invalid configuration for intake:/);
    expect(load).toThrow(/PORT: /);
    expect(load).toThrow(/DATABASE_URL: must be a postgresql:\/\/ connection URL/);
    expect(load).toThrow(/DB_SCHEMA: must be a lower-case PostgreSQL schema name/);
  });

  it('refuses to start in production with a development client secret', () => {
    const production = (secret: string) =>
      loadConfig('intake', schema, { NODE_ENV: 'production', KEYCLOAK_CLIENT_SECRET: secret });
    expect(() => production('dev-secret-intake')).toThrow(/KEYCLOAK_CLIENT_SECRET: is a development secret/);
    expect(() => production('changeme')).toThrow(/KEYCLOAK_CLIENT_SECRET: is a development secret/);
    const generated = 'k8Jz2f0QmW4sV9xR1cT7yB3nH6pL5dA0';
    expect(production(generated).KEYCLOAK_CLIENT_SECRET).toBe(generated);
    // Outside production a developer's own secret is their business.
    expect(loadConfig('intake', schema, { KEYCLOAK_CLIENT_SECRET: 'dev-secret-intake' })).toMatchObject({
      KEYCLOAK_CLIENT_SECRET: 'dev-secret-intake',
    });
  });

  it('refuses to start in production without the client secret when the service checks the organisation directory', () => {
    const production = { NODE_ENV: 'production' };
    const reader = serviceConfigSchema('intake', 4101, { readsDirectory: true });
    expect(() => loadConfig('intake', reader, production)).toThrow(
      /KEYCLOAK_CLIENT_SECRET: required in production \(the secret of jiuzhu-intake/,
    );
    expect(loadConfig('intake', reader, {}).KEYCLOAK_CLIENT_SECRET).toBeUndefined();
    expect(loadConfig('approval', serviceConfigSchema('approval', 4103), production)).toMatchObject({
      KEYCLOAK_CLIENT_ID: 'jiuzhu-approval',
    });
  });

  it('accepts tokens of the portal only, unless told which clients people sign in with', () => {
    expect(loadConfig('intake', schema, {}).KEYCLOAK_PERSON_CLIENTS).toEqual(['jiuzhu-portal']);
    expect(
      loadConfig('intake', schema, { KEYCLOAK_PERSON_CLIENTS: 'jiuzhu-portal, jiuzhu-mobile' })
        .KEYCLOAK_PERSON_CLIENTS,
    ).toEqual(['jiuzhu-portal', 'jiuzhu-mobile']);
  });
});
