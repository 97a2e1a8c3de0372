import {
  Kafka,
  Partitioners,
  logLevel,
  type Consumer,
  type IHeaders,
  type KafkaConfig,
  type KafkaMessage,
  type SASLOptions,
} from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { backoffDelay, pause } from './backoff.ts';
import type { Logger } from './logger.ts';
import { errorMessage, stderrLogger } from './logger.ts';
import type {
  DeliveredMessage,
  OutgoingMessage,
  SubscribeOptions,
  Subscription,
  Transport,
} from './transport.ts';

export interface KafkaTransportOptions {
  brokers: string[];
  clientId: string;
  ssl?: KafkaConfig['ssl'];
  sasl?: SASLOptions;
  /** Partitions of topics that ensureTopics creates. Existing topics are left as they are. */
  topicPartitions?: number;
  /** Replication factor of topics that ensureTopics creates; -1 takes the broker's default. */
  replicationFactor?: number;
  /** How many partitions one subscriber works on at the same time (each one still in order). */
  partitionsConsumedConcurrently?: number;
  /**
   * How long the group waits for a member that stopped answering (a killed instance) before its partitions go
   * to the others; default 10 s (kafkajs's own is 30 s).
   */
  sessionTimeoutMs?: number;
  logger?: Logger;
}

const REDELIVERY_INITIAL_DELAY_MS = 100;
const REDELIVERY_MAX_DELAY_MS = 5_000;

export function createKafkaTransport(options: KafkaTransportOptions): Transport {
  const logger = options.logger ?? stderrLogger;
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ssl: options.ssl,
    sasl: options.sasl,
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => {
      const { message, ...fields } = entry.log;
      const log = entry.level <= logLevel.ERROR ? logger.error : logger.warn;
      log.call(logger, { kafka: entry.namespace, ...fields }, message);
    },
  });
  // Idempotent: the broker drops duplicates of a retried send; one request in flight keeps order per partition.
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  let producerConnected: Promise<void> | undefined;
  const subscriptions = new Set<Subscription>();
  let closed: Promise<void> | undefined;

  const connectProducer = () => {
    producerConnected ??= producer.connect().catch((error: unknown) => {
      producerConnected = undefined;
      throw error;
    });
    return producerConnected;
  };

  async function publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await connectProducer();
    await producer.send({
      topic,
      acks: -1,
      messages: messages.map(({ key, value, headers }) => ({ key, value, headers })),
    });
  }

  async function ensureTopics(topics: string[]): Promise<void> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      // Resolves false (without failing) when the topics exist already.
      await admin.createTopics({
        waitForLeaders: true,
        topics: [...new Set(topics)].map((topic) => ({
          topic,
          numPartitions: options.topicPartitions ?? 8,
          replicationFactor: options.replicationFactor ?? -1,
        })),
      });
    } finally {
      await admin.disconnect();
    }
  }

  async function read(topic: string): Promise<DeliveredMessage[]> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      if (!(await admin.listTopics()).includes(topic)) return [];
      // Up to where each partition ends now; a reader of its own (no group's position moves) takes it all.
      const ends = new Map(
        (await admin.fetchTopicOffsets(topic))
          .filter(({ low, high }) => BigInt(high) > BigInt(low))
          .map(({ partition, high }) => [partition, BigInt(high)]),
      );
      if (ends.size === 0) return [];
      const groupId = `jiuzhu-reader-${randomUUID()}`;
      const reader = kafka.consumer({ groupId });
      const messages: DeliveredMessage[] = [];
      await reader.connect();
      try {
        await reader.subscribe({ topics: [topic], fromBeginning: true });
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`reading ${topic} took too long`)), 60_000);
          reader
            .run({
              autoCommit: false,
              eachMessage: async ({ partition, message }) => {
                const end = ends.get(partition);
                if (end === undefined) return;
                messages.push(toDelivered(topic, partition, message));
                if (BigInt(message.offset) + 1n >= end) ends.delete(partition);
                if (ends.size === 0) {
                  clearTimeout(timer);
                  resolve();
                }
              },
            })
            .catch(reject);
        });
      } finally {
        await reader.disconnect();
        await admin.deleteGroups([groupId]).catch(() => {});
      }
      return messages.sort(
        (a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)),
      );
    } finally {
      await admin.disconnect();
    }
  }

  async function subscribe({ groupId, topics, onMessage }: SubscribeOptions): Promise<Subscription> {
    const sessionTimeout = options.sessionTimeoutMs ?? 10_000;
    const stopping = new AbortController();
    // Messages whose handler is running. stop() lets them finish and commit before the member leaves:
    // kafkajs drops commits made once its runner has begun to stop, which would hand them out again.
    const inFlight = new Set<Promise<void>>();
    let consumer: Consumer;

    async function handleMessage(
      member: Consumer,
      topic: string,
      partition: number,
      message: KafkaMessage,
      heartbeat: () => Promise<void>,
    ): Promise<void> {
      const delivered = toDelivered(topic, partition, message);
      for (let attempt = 1; ; attempt++) {
        try {
          // A handler waiting on the database keeps the member in the group by heartbeating.
          await onMessage(delivered, { heartbeat });
          break;
        } catch (error) {
          if (stopping.signal.aborted) return;
          logger.warn(
            { groupId, topic, partition, offset: message.offset, attempt, err: errorMessage(error) },
            'message handler failed; delivering the message again',
          );
          await pause(
            backoffDelay(attempt, REDELIVERY_INITIAL_DELAY_MS, REDELIVERY_MAX_DELAY_MS),
            stopping.signal,
          );
          if (stopping.signal.aborted) return;
          // Throws if the group is rebalancing; kafkajs then rejoins and the message is fetched again.
          await heartbeat();
        }
      }
      await commit(member, topic, partition, message.offset);
    }

    /** One member of the group; after a crash kafkajs does not recover from, a new one takes its place. */
    async function join(): Promise<void> {
      const member = kafka.consumer({
        groupId,
        sessionTimeout,
        heartbeatInterval: Math.max(500, Math.floor(sessionTimeout / 3)),
      });
      consumer = member;
      member.on(member.events.CRASH, ({ payload }) => {
        if (payload.restart || stopping.signal.aborted) return;
        logger.error(
          { groupId, err: errorMessage(payload.error) },
          'Kafka consumer stopped after an error; joining the group again',
        );
        const rejoin = async (attempt: number): Promise<void> => {
          await pause(
            backoffDelay(attempt, REDELIVERY_INITIAL_DELAY_MS, REDELIVERY_MAX_DELAY_MS),
            stopping.signal,
          );
          if (stopping.signal.aborted) return;
          await join().catch((error: unknown) => {
            logger.warn(
              { groupId, attempt, err: errorMessage(error) },
              'joining the group failed; trying again',
            );
            return rejoin(attempt + 1);
          });
        };
        void rejoin(1);
      });
      await member.connect();
      try {
        await member.subscribe({ topics, fromBeginning: true });
        // Offsets are committed by hand, one message at a time and only after its handler resolved.
        // run() returns once the member has joined the group.
        await member.run({
          autoCommit: false,
          partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 4,
          eachMessage: async ({ topic, partition, message, heartbeat }) => {
            // While stopping, nothing new starts and nothing is committed: the rest is redelivered to the group.
            if (stopping.signal.aborted) return;
            const handled = handleMessage(member, topic, partition, message, heartbeat);
            inFlight.add(handled);
            try {
              await handled;
            } finally {
              inFlight.delete(handled);
            }
          },
        });
      } catch (error) {
        await member.disconnect().catch(() => {});
        throw error;
      }
    }

    await join();
    let stopped: Promise<void> | undefined;
    const subscription: Subscription = {
      stop() {
        subscriptions.delete(subscription);
        stopping.abort();
        // Lets the messages in flight finish and commit, then leaves the group so its partitions are reassigned.
        stopped ??= Promise.allSettled([...inFlight]).then(() => consumer.disconnect());
        return stopped;
      },
    };
    subscriptions.add(subscription);
    return subscription;
  }

  return {
    system: 'kafka',
    publish,
    ensureTopics,
    read,
    subscribe,
    close() {
      closed ??= (async () => {
        await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
        if (producerConnected) {
          await producerConnected.catch(() => {});
          await producer.disconnect();
        }
      })();
      return closed;
    },
  };
}

/** Kafka's committed offset is the next one to read. */
function commit(consumer: Consumer, topic: string, partition: number, offset: string): Promise<void> {
  return consumer.commitOffsets([{ topic, partition, offset: (BigInt(offset) + 1n).toString() }]);
}

function toDelivered(topic: string, partition: number, message: KafkaMessage): DeliveredMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString() ?? '',
    value: message.value?.toString() ?? '',
    headers: headersToStrings(message.headers),
  };
}

function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    result[name] = Array.isArray(value) ? value.map(String).join(',') : value.toString();
  }
  return result;
}
