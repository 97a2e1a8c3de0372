import { ROOT_CONTEXT, SpanKind, SpanStatusCode, propagation, trace } from '@opentelemetry/api';
import { EventEnvelope, type EventDefinition } from '@jiuzhu/contracts';
import { backoffDelay, pause } from './backoff.ts';
import { HEADERS } from './headers.ts';
import type { Logger } from './logger.ts';
import { errorMessage, stderrLogger } from './logger.ts';
import { outboxNames, type SqlExecutor } from './sql.ts';
import { deadLetterTopic } from './topics.ts';
import { isTransientFailure } from './transient.ts';
import type { DeliveredMessage, Delivery, Transport } from './transport.ts';

/** A handler for one event type and version; build it with `on`. */
export interface Handler<Tx = SqlExecutor> {
  readonly def: EventDefinition<unknown>;
  readonly handle: (event: EventEnvelope<unknown>, tx: Tx) => Promise<void>;
}

/**
 * Declares what to do with one kind of event. The handler runs inside the transaction that records the
 * event as handled, so its writes and the inbox entry commit together.
 */
export function on<P, Tx = SqlExecutor>(
  def: EventDefinition<P>,
  handle: (event: EventEnvelope<P>, tx: Tx) => Promise<void>,
): Handler<Tx> {
  return { def: def as EventDefinition<unknown>, handle: handle as Handler<Tx>['handle'] };
}

export interface RetryOptions {
  /** Attempts in total before an event whose handler keeps failing for a reason of its own is dead-lettered. */
  attempts?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /**
   * How long a partition may wait on a transient failure (database or broker unavailable) before the consumer
   * raises an operational alert (an error log entry with `alert`); it keeps retrying all the same.
   */
  alertAfterMs?: number;
  /** The longest pause between two tries while the infrastructure is away, so work resumes soon after it is back. */
  transientMaxDelayMs?: number;
}

export interface ConsumerOptions<Tx extends SqlExecutor> {
  transport: Transport;
  /** Usually the service name: every group receives every event once. */
  groupId: string;
  /** Schema holding this service's inbox table (see outboxTablesSql). */
  schema: string;
  /** Runs a function in one database transaction, e.g. `(fn) => prisma.$transaction(fn)`. */
  transaction: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
  handlers: Handler<Tx>[];
  retry?: RetryOptions;
  logger?: Logger;
}

export interface Consumer {
  /** Lets the event in hand finish (or abandons its retry wait; it is redelivered later), then leaves the group. */
  stop(): Promise<void>;
}

type Registry<Tx> = Map<string, Map<string, Map<number, Handler<Tx>>>>;

type Decoded<Tx> =
  | { kind: 'event'; envelope: EventEnvelope<unknown>; handler: Handler<Tx> }
  | { kind: 'ignored'; envelope: EventEnvelope<unknown> }
  | { kind: 'malformed'; reason: string };

const tracer = trace.getTracer('@jiuzhu/bus');
const MAX_ERROR_HEADER_LENGTH = 1_000;

/**
 * Consumes the topics of the given handlers. Each event is handled at most once per group (inbox), in order per
 * case. A handler that fails because the database or the broker is unavailable is retried in place, with
 * growing backoff, until it passes (the partition waits, and an alert is raised if that lasts); one that fails
 * for a reason of its own is retried a few times and then dead-lettered; a malformed message is dead-lettered
 * at once. Neither stops the consumer.
 */
export async function startConsumer<Tx extends SqlExecutor>(options: ConsumerOptions<Tx>): Promise<Consumer> {
  const { transport, groupId, transaction } = options;
  const logger = options.logger ?? stderrLogger;
  const attempts = options.retry?.attempts ?? 5;
  const initialDelayMs = options.retry?.initialDelayMs ?? 200;
  const maxDelayMs = options.retry?.maxDelayMs ?? 30_000;
  const alertAfterMs = options.retry?.alertAfterMs ?? 60_000;
  const transientMaxDelayMs = options.retry?.transientMaxDelayMs ?? 5_000;
  const { inbox } = outboxNames(options.schema);
  const registry = buildRegistry(options.handlers);
  const topics = [...registry.keys()];
  const stopping = new AbortController();

  async function deadLetter(
    message: DeliveredMessage,
    kind: 'malformed' | 'handler-failed',
    reason: string,
    tries: number,
    eventId?: string,
  ) {
    await transport.publish(deadLetterTopic(message.topic), [
      {
        key: message.key,
        value: message.value,
        headers: {
          ...message.headers,
          [HEADERS.errorKind]: kind,
          [HEADERS.error]: reason.slice(0, MAX_ERROR_HEADER_LENGTH),
          [HEADERS.originalTopic]: message.topic,
          [HEADERS.originalPartition]: String(message.partition),
          [HEADERS.originalOffset]: message.offset,
          [HEADERS.consumerGroup]: groupId,
          [HEADERS.attempts]: String(tries),
        },
      },
    ]);
    logger.warn(
      {
        groupId,
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
        eventId,
        kind,
        reason,
      },
      'message dead-lettered',
    );
  }

  async function handle(
    message: DeliveredMessage,
    delivery: Delivery,
    envelope: EventEnvelope<unknown>,
    handler: Handler<Tx>,
  ): Promise<void> {
    const parent = propagation.extract(ROOT_CONTEXT, envelope.trace ?? {});
    const fields = {
      groupId,
      topic: message.topic,
      partition: message.partition,
      eventId: envelope.id,
      type: envelope.type,
    };
    const spanOptions = {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': transport.system,
        'messaging.operation.type': 'process',
        'messaging.destination.name': message.topic,
        'messaging.destination.partition.id': String(message.partition),
        'messaging.consumer.group.name': groupId,
        'messaging.message.id': envelope.id,
        'jiuzhu.event.type': envelope.type,
        'jiuzhu.event.version': envelope.version,
      },
    };
    await tracer.startActiveSpan(`process ${message.topic}`, spanOptions, parent, async (span) => {
      try {
        // Failures of the event itself count towards the dead letter; waits on the infrastructure never do.
        let attempt = 0;
        let waits = 0;
        let waitingSince: number | undefined;
        let alerted = false;
        for (;;) {
          try {
            const outcome = await transaction(async (tx) => {
              const recorded = await tx.$executeRawUnsafe(
                `INSERT INTO ${inbox} (group_id, event_id) VALUES ($1, $2::uuid) ON CONFLICT DO NOTHING`,
                groupId,
                envelope.id,
              );
              if (recorded === 0) return 'duplicate' as const;
              await handler.handle(envelope, tx);
              return 'handled' as const;
            });
            span.setAttribute('jiuzhu.event.duplicate', outcome === 'duplicate');
            if (alerted)
              logger.warn(
                { ...fields, alert: 'event-consumer-recovered', waitedMs: Date.now() - waitingSince! },
                'events of this partition are handled again',
              );
            logger.debug(
              { ...fields, attempt: attempt + waits + 1 },
              outcome === 'duplicate' ? 'event already handled; skipped' : 'event handled',
            );
            return;
          } catch (error) {
            span.recordException(error instanceof Error ? error : String(error));
            // Not committed: the event is delivered again when the group resumes.
            if (stopping.signal.aborted) throw error;
            if (isTransientFailure(error)) {
              waits++;
              waitingSince ??= Date.now();
              const waitedMs = Date.now() - waitingSince;
              if (!alerted && waitedMs >= alertAfterMs) {
                alerted = true;
                logger.error(
                  { ...fields, alert: 'event-consumer-stalled', waitedMs, err: errorMessage(error) },
                  'events of this partition are waiting: the database or the broker is unavailable',
                );
              } else
                logger.warn(
                  { ...fields, waits, err: errorMessage(error) },
                  'event handler could not reach the database or broker; retrying',
                );
              await pause(backoffDelay(waits, initialDelayMs, transientMaxDelayMs), stopping.signal);
              if (stopping.signal.aborted) throw error;
              // However long the wait, the partition stays with this member (and the event in order).
              await delivery.heartbeat();
              continue;
            }
            attempt++;
            if (attempt >= attempts) {
              span.setStatus({ code: SpanStatusCode.ERROR, message: 'dead-lettered' });
              await deadLetter(message, 'handler-failed', errorMessage(error), attempt, envelope.id);
              return;
            }
            logger.warn({ ...fields, attempt, err: errorMessage(error) }, 'event handler failed; retrying');
            await pause(backoffDelay(attempt, initialDelayMs, maxDelayMs), stopping.signal);
            if (stopping.signal.aborted) throw error;
          }
        }
      } finally {
        span.end();
      }
    });
  }

  async function onMessage(message: DeliveredMessage, delivery: Delivery): Promise<void> {
    const decoded = decode(message, registry);
    if (decoded.kind === 'malformed') return deadLetter(message, 'malformed', decoded.reason, 0);
    if (decoded.kind === 'ignored') {
      logger.debug(
        { groupId, topic: message.topic, eventId: decoded.envelope.id, type: decoded.envelope.type },
        'no handler for event type; skipped',
      );
      return;
    }
    return handle(message, delivery, decoded.envelope, decoded.handler);
  }

  await transport.ensureTopics([...topics, ...topics.map(deadLetterTopic)]);
  const subscription = await transport.subscribe({ groupId, topics, onMessage });
  logger.info({ groupId, topics }, 'consumer started');
  return {
    async stop() {
      const stopped = subscription.stop();
      stopping.abort();
      await stopped;
    },
  };
}

function buildRegistry<Tx>(handlers: Handler<Tx>[]): Registry<Tx> {
  const registry: Registry<Tx> = new Map();
  for (const handler of handlers) {
    const { topic, type, version } = handler.def;
    const byType = registry.get(topic) ?? new Map<string, Map<number, Handler<Tx>>>();
    const byVersion = byType.get(type) ?? new Map<number, Handler<Tx>>();
    if (byVersion.has(version)) throw new Error(`two handlers for ${type} v${version} on ${topic}`);
    byVersion.set(version, handler);
    byType.set(type, byVersion);
    registry.set(topic, byType);
  }
  return registry;
}

function decode<Tx>(message: DeliveredMessage, registry: Registry<Tx>): Decoded<Tx> {
  let json: unknown;
  try {
    json = JSON.parse(message.value);
  } catch {
    return { kind: 'malformed', reason: 'value is not JSON' };
  }
  const parsed = EventEnvelope.safeParse(json);
  if (!parsed.success)
    return { kind: 'malformed', reason: `invalid envelope: ${describeIssues(parsed.error.issues)}` };
  const envelope = parsed.data;
  const byVersion = registry.get(message.topic)?.get(envelope.type);
  if (!byVersion) return { kind: 'ignored', envelope };
  const handler = byVersion.get(envelope.version);
  if (!handler)
    return { kind: 'malformed', reason: `unknown version ${envelope.version} of ${envelope.type}` };
  const payload = handler.def.payload.safeParse(envelope.payload);
  if (!payload.success)
    return {
      kind: 'malformed',
      reason: `invalid ${envelope.type} payload: ${describeIssues(payload.error.issues)}`,
    };
  return { kind: 'event', envelope: { ...envelope, payload: payload.data }, handler };
}

/** Where and what failed, without the offending values (they may be personal data). */
function describeIssues(issues: readonly { path: readonly PropertyKey[]; code: string }[]): string {
  return issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.code}`).join('; ');
}
