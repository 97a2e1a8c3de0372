export * from './transport.ts';
export { createPgTransport, partitionForKey, type PgTransportOptions } from './pg-transport.ts';
export { createKafkaTransport, type KafkaTransportOptions } from './kafka-transport.ts';
export { createTransportFromEnv } from './from-env.ts';
export type { SqlExecutor } from './sql.ts';
export { outboxTablesSql, enqueue, type NewEvent } from './outbox.ts';
export {
  envelopeMessage,
  startOutboxRelay,
  type OutboxRelay,
  type OutboxRelayOptions,
} from './outbox-relay.ts';
export {
  on,
  startConsumer,
  type Consumer,
  type ConsumerOptions,
  type Handler,
  type RetryOptions,
} from './consumer.ts';
export { deadLetterTopic, platformTopics } from './topics.ts';
export { isTransientFailure } from './transient.ts';
export {
  listDeadLetters,
  openReplayLog,
  replayDeadLetters,
  type DeadLetter,
  type ReplayLog,
  type ReplaySelection,
} from './dead-letters.ts';
export { HEADERS } from './headers.ts';
export type { Logger } from './logger.ts';
