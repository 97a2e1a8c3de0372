import { describe } from 'vitest';
import { createKafkaTransport } from '../src/index.ts';
import { describeTransportConformance } from './conformance.ts';
import { recordingLogger } from './helpers.ts';

// The broker `./jiuzhu test` starts (JIUZHU_TEST_KAFKA_BROKERS), or a cluster named with KAFKA_BROKERS.
const brokers = (process.env['JIUZHU_TEST_KAFKA_BROKERS'] || process.env['KAFKA_BROKERS'] || '')
  .split(',')
  .map((broker) => broker.trim())
  .filter(Boolean);
if (brokers.length === 0)
  console.warn(
    '[bus] Kafka conformance not run: no broker. `./jiuzhu test` starts one where Java and Maven exist; ' +
      'or run `./jiuzhu engines --kafka -- pnpm --filter @jiuzhu/bus test`, or set KAFKA_BROKERS=host:9092.',
  );

describe.runIf(brokers.length > 0)('Kafka transport', () => {
  describeTransportConformance('Kafka', () =>
    createKafkaTransport({
      brokers,
      clientId: 'jiuzhu-bus-conformance',
      topicPartitions: 4,
      logger: recordingLogger(),
    }),
  );
});
