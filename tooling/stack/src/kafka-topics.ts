import { createTransportFromEnv, platformTopics } from '@jiuzhu/bus';

/**
 * `./jiuzhu kafka-topics`: creates every topic of the registry and its dead-letter topic on the Kafka cluster
 * KAFKA_BROKERS names (with KAFKA_SSL / KAFKA_SASL_* as the services use them), KAFKA_TOPIC_PARTITIONS
 * partitions each (default 12) and a replication factor of KAFKA_TOPIC_REPLICATION (default the broker's).
 * Existing topics are left as they are.
 */
if (!process.env['KAFKA_BROKERS']) {
  process.stderr.write('usage: KAFKA_BROKERS=host:9092[,host:9092] ./jiuzhu kafka-topics\n');
  process.exit(2);
}
const transport = createTransportFromEnv({
  KAFKA_TOPIC_PARTITIONS: '12',
  ...process.env,
});
try {
  const topics = platformTopics();
  await transport.ensureTopics(topics);
  process.stdout.write(`${topics.map((topic) => `  ${topic}`).join('\n')}\nTopics ready. / 主题已就绪。\n`);
} finally {
  await transport.close();
}
