import { KEYCLOAK_TEST_ENV } from '@jiuzhu/identity/testing';
import type { RunningKafka } from './kafka.ts';
import type { RunningKeycloak } from './keycloak.ts';

/**
 * How a run hands the engines it started to the tests it runs. Tests that need a real broker or a real
 * Keycloak read these (and say in one line that they are not run where they are absent).
 */
export const ENGINE_ENV = {
  kafkaBrokers: 'JIUZHU_TEST_KAFKA_BROKERS',
  keycloakUrl: KEYCLOAK_TEST_ENV.url,
  keycloakAdmin: KEYCLOAK_TEST_ENV.admin,
  keycloakSecrets: KEYCLOAK_TEST_ENV.clientSecrets,
  keycloakLog: KEYCLOAK_TEST_ENV.log,
} as const;

export interface Engines {
  kafka?: RunningKafka;
  keycloak?: RunningKeycloak;
}

export function enginesEnv({ kafka, keycloak }: Engines): Record<string, string> {
  return {
    ...(kafka ? { [ENGINE_ENV.kafkaBrokers]: kafka.brokers } : {}),
    ...(keycloak
      ? {
          [ENGINE_ENV.keycloakUrl]: keycloak.url,
          [ENGINE_ENV.keycloakAdmin]: `${keycloak.admin.username}:${keycloak.admin.password}`,
          [ENGINE_ENV.keycloakSecrets]: JSON.stringify(keycloak.clientSecrets),
          [ENGINE_ENV.keycloakLog]: keycloak.logFile,
        }
      : {}),
  };
}
