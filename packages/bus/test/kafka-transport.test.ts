import { afterAll, beforeAll, describe } from 'vitest';
import { KafkaContainer, type StartedKafkaContainer } from '@testcontainers/kafka';
import { getContainerRuntimeClient } from 'testcontainers';
import { createKafkaTransport } from '../src/index.ts';
import { describeTransportConformance } from './conformance.ts';
import { recordingLogger } from './helpers.ts';

// Kafka runs when KAFKA_BROKERS points at a cluster, or when a container runtime can start one.
const configuredBrokers =
  process.env['KAFKA_BROKERS']
    ?.split(',')
    .map((broker) => broker.trim())
    .filter(Boolean) ?? [];

async function containerRuntimeAvailable(): Promise<boolean> {
  try {
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

const useContainer = configuredBrokers.length === 0 && (await containerRuntimeAvailable());
const enabled = configuredBrokers.length > 0 || useContainer;
if (!enabled) {
  console.warn(
    '[bus] Kafka conformance run not executed: KAFKA_BROKERS is not set and no container runtime was found. ' +
      'Run `KAFKA_BROKERS=host:9092 pnpm --filter @jiuzhu/bus test` to check the Kafka transport.',
  );
}

describe.runIf(enabled)('Kafka transport', () => {
  let container: StartedKafkaContainer | undefined;
  let brokers = configuredBrokers;

  beforeAll(async () => {
    if (!useContainer) return;
    container = await new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start();
    brokers = [`${container.getHost()}:${container.getMappedPort(9093)}`];
  }, 180_000);

  afterAll(async () => {
    await container?.stop();
  });

  describeTransportConformance('Kafka', () =>
    createKafkaTransport({
      brokers,
      clientId: 'jiuzhu-bus-conformance',
      topicPartitions: 4,
      logger: recordingLogger(),
    }),
  );
});
