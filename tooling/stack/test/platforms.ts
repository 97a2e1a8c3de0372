import { ENGINE_ENV } from '@jiuzhu/engines';
import { realKeycloak } from '@jiuzhu/identity/testing';
import type { StackOptions } from '../src/stack.ts';

/** A way to run the platform: the embedded defaults of a laptop, or the real engines of production. */
export interface Platform {
  name: string;
  /** What the stack is started with on this platform (beside the database and ports). */
  options: Pick<StackOptions, 'keycloak'> & { serviceEnv?: NodeJS.ProcessEnv };
  /** Whether the tokens come from a real Keycloak (whose realm settings a test may change for a moment). */
  realKeycloak: boolean;
}

const EMBEDDED: Platform = {
  name: 'the embedded bus and identity provider',
  options: {},
  realKeycloak: false,
};

/**
 * The embedded defaults always; the real Kafka broker and Keycloak when the run has them (`./jiuzhu test`
 * starts both where Java and Maven exist), saying so in one line where it has not.
 */
export function platforms(label: string): Platform[] {
  const brokers = process.env[ENGINE_ENV.kafkaBrokers];
  const keycloak = realKeycloak(`${label} on Kafka and Keycloak`);
  if (!brokers || !keycloak) {
    if (!brokers)
      console.warn(`${label} on Kafka and Keycloak not run: no Kafka broker (see ./jiuzhu test).`);
    return [EMBEDDED];
  }
  return [
    EMBEDDED,
    {
      name: 'Kafka and Keycloak',
      options: {
        keycloak: { url: keycloak.authServerUrl, clientSecrets: keycloak.clientSecrets },
        serviceEnv: { KAFKA_BROKERS: brokers },
      },
      realKeycloak: true,
    },
  ];
}
