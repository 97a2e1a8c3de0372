import { ENGINE_ENV, provisionEngines, startKafka } from '@jiuzhu/engines';
import { realKeycloak } from '@jiuzhu/identity/testing';
import type { StackOptions } from '../src/stack.ts';

/** What a stack on a platform is started with (beside the database and ports), and how to end it. */
export interface PlatformRun {
  options: Pick<StackOptions, 'keycloak'> & { serviceEnv?: NodeJS.ProcessEnv };
  tearDown(): Promise<void>;
}

/** A way to run the platform: the embedded defaults of a laptop, or the real engines of production. */
export interface Platform {
  name: string;
  /** Whether the tokens come from a real Keycloak (whose realm settings a test may change for a moment). */
  realKeycloak: boolean;
  setUp(): Promise<PlatformRun>;
}

const EMBEDDED: Platform = {
  name: 'the embedded bus and identity provider',
  realKeycloak: false,
  setUp: async () => ({ options: {}, tearDown: async () => {} }),
};

/**
 * The embedded defaults always; real Kafka and Keycloak when the run has them (`./jiuzhu test` starts both
 * where Java and Maven exist), saying so in one line where it has not. Each test file gets a Kafka broker of
 * its own: the platform's topic names are fixed, and one file's leftovers (a killed instance's unfinished
 * events, dead letters) must not reach the next file's services. Keycloak is shared: it only signs people in.
 */
export function platforms(label: string): Platform[] {
  const keycloak = realKeycloak(`${label} on Kafka and Keycloak`);
  if (!process.env[ENGINE_ENV.kafkaBrokers] || !keycloak) {
    if (keycloak) console.warn(`${label} on Kafka and Keycloak not run: no Kafka (see ./jiuzhu test).`);
    return [EMBEDDED];
  }
  return [
    EMBEDDED,
    {
      name: 'Kafka and Keycloak',
      realKeycloak: true,
      async setUp() {
        const kafka = await startKafka(await provisionEngines());
        return {
          options: {
            keycloak: { url: keycloak.authServerUrl, clientSecrets: keycloak.clientSecrets },
            serviceEnv: { KAFKA_BROKERS: kafka.brokers },
          },
          tearDown: () => kafka.stop(),
        };
      },
    },
  ];
}
