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
});
