import type { SASLOptions } from 'kafkajs';
import { createKafkaTransport } from './kafka-transport.ts';
import type { Logger } from './logger.ts';
import { createPgTransport } from './pg-transport.ts';
import type { Transport } from './transport.ts';

/**
 * Kafka when `KAFKA_BROKERS` (comma-separated host:port list) is set, otherwise the embedded PostgreSQL
 * broker on `BUS_DATABASE_URL` or `DATABASE_URL`. Optional: KAFKA_CLIENT_ID, KAFKA_SSL=true, KAFKA_SESSION_TIMEOUT_MS,
 * KAFKA_TOPIC_PARTITIONS and KAFKA_TOPIC_REPLICATION (for topics it creates),
 * KAFKA_SASL_MECHANISM (plain | scram-sha-256 | scram-sha-512) with KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD,
 * BUS_SCHEMA (embedded broker's schema, default jiuzhu_bus), BUS_POOL_MAX (its connection pool size).
 */
export function createTransportFromEnv(
  env: Record<string, string | undefined> = process.env,
  logger?: Logger,
): Transport {
  const brokers = (env['KAFKA_BROKERS'] ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  if (brokers.length > 0) {
    return createKafkaTransport({
      brokers,
      clientId: env['KAFKA_CLIENT_ID'] ?? 'jiuzhu',
      ssl: env['KAFKA_SSL'] === 'true',
      sasl: saslFromEnv(env),
      ...(env['KAFKA_SESSION_TIMEOUT_MS']
        ? { sessionTimeoutMs: Number(env['KAFKA_SESSION_TIMEOUT_MS']) }
        : {}),
      ...(env['KAFKA_TOPIC_PARTITIONS'] ? { topicPartitions: Number(env['KAFKA_TOPIC_PARTITIONS']) } : {}),
      ...(env['KAFKA_TOPIC_REPLICATION']
        ? { replicationFactor: Number(env['KAFKA_TOPIC_REPLICATION']) }
        : {}),
      logger,
    });
  }
  const connectionString = env['BUS_DATABASE_URL'] || env['DATABASE_URL'];
  if (!connectionString) {
    throw new Error(
      'event bus: set KAFKA_BROKERS for Kafka, or BUS_DATABASE_URL / DATABASE_URL for the embedded broker',
    );
  }
  return createPgTransport({
    connectionString,
    schema: env['BUS_SCHEMA'] || 'jiuzhu_bus',
    maxConnections: env['BUS_POOL_MAX'] ? Number(env['BUS_POOL_MAX']) : undefined,
    logger,
  });
}

function saslFromEnv(env: Record<string, string | undefined>): SASLOptions | undefined {
  const mechanism = env['KAFKA_SASL_MECHANISM']?.toLowerCase();
  if (!mechanism) return undefined;
  const username = env['KAFKA_SASL_USERNAME'] ?? '';
  const password = env['KAFKA_SASL_PASSWORD'] ?? '';
  switch (mechanism) {
    case 'plain':
    case 'scram-sha-256':
    case 'scram-sha-512':
      return { mechanism, username, password };
    default:
      throw new Error(`event bus: unsupported KAFKA_SASL_MECHANISM ${mechanism}`);
  }
}
