import pg from 'pg';
import { HEADERS } from './headers.ts';
import { platformTopics } from './topics.ts';
import type { DeliveredMessage, Transport } from './transport.ts';

const DLQ_SUFFIX = '.dlq';

/** A message a consumer gave up on, as an operator sees it (never its payload: it may hold personal data). */
export interface DeadLetter {
  /** Where it lies: `<dead-letter topic>:<partition>:<offset>`. */
  id: string;
  /** The topic it came from, where a replay puts it back. */
  topic: string;
  eventId: string | undefined;
  eventType: string | undefined;
  /** The case it belongs to (the message key). */
  caseKey: string;
  consumerGroup: string | undefined;
  kind: string | undefined;
  error: string | undefined;
  attempts: number | undefined;
  /** When it was put back on its topic, if it was. */
  replayedAt: Date | undefined;
  message: DeliveredMessage;
}

/** Replays are recorded in PostgreSQL, so each dead letter is shown as replayed whichever broker holds it. */
export interface ReplayLog {
  replayed(): Promise<Map<string, Date>>;
  record(id: string, by: string): Promise<void>;
  close(): Promise<void>;
}

export function openReplayLog(connectionString: string, schema = 'jiuzhu_ops'): ReplayLog {
  const pool = new pg.Pool({ connectionString, max: 1 });
  const table = `${pg.escapeIdentifier(schema)}.dead_letter_replays`;
  let ready: Promise<unknown> | undefined;
  const ensure = () =>
    (ready ??= pool.query(
      `CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(schema)};
       CREATE TABLE IF NOT EXISTS ${table} (
         dead_letter_id text PRIMARY KEY,
         replayed_at timestamptz NOT NULL DEFAULT now(),
         replayed_by text NOT NULL
       )`,
    ));
  return {
    async replayed() {
      await ensure();
      const { rows } = await pool.query<{ id: string; at: Date }>(
        `SELECT dead_letter_id AS id, replayed_at AS at FROM ${table}`,
      );
      return new Map(rows.map((row) => [row.id, row.at]));
    },
    async record(id, by) {
      await ensure();
      await pool.query(
        `INSERT INTO ${table} (dead_letter_id, replayed_by) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [id, by],
      );
    },
    close: () => pool.end(),
  };
}

function deadLetterOf(message: DeliveredMessage, replayed: Map<string, Date>): DeadLetter {
  const id = `${message.topic}:${message.partition}:${message.offset}`;
  const header = (name: string) => message.headers[name];
  const attempts = header(HEADERS.attempts);
  return {
    id,
    topic: header(HEADERS.originalTopic) ?? message.topic.slice(0, -DLQ_SUFFIX.length),
    eventId: header(HEADERS.eventId),
    eventType: header(HEADERS.eventType),
    caseKey: message.key,
    consumerGroup: header(HEADERS.consumerGroup),
    kind: header(HEADERS.errorKind),
    error: header(HEADERS.error),
    attempts: attempts === undefined ? undefined : Number(attempts),
    replayedAt: replayed.get(id),
    message,
  };
}

/**
 * Every dead letter of the given topics' dead-letter topics (by default the registry's), oldest first per
 * topic and partition.
 */
export async function listDeadLetters(
  transport: Transport,
  log: ReplayLog,
  topics: readonly string[] = platformTopics().filter((topic) => !topic.endsWith(DLQ_SUFFIX)),
): Promise<DeadLetter[]> {
  const replayed = await log.replayed();
  const messages = await Promise.all(topics.map((topic) => transport.read(`${topic}${DLQ_SUFFIX}`)));
  return messages.flat().map((message) => deadLetterOf(message, replayed));
}

/** Which dead letters to replay: one (by its id or its event's id), or all of a topic not replayed yet. */
export type ReplaySelection = { id: string } | { topic: string };

const DEAD_LETTER_HEADERS = new Set<string>([
  HEADERS.error,
  HEADERS.errorKind,
  HEADERS.originalTopic,
  HEADERS.originalPartition,
  HEADERS.originalOffset,
  HEADERS.consumerGroup,
  HEADERS.attempts,
]);

/**
 * Puts dead letters back on the topic they came from, as they were first published. Every consumer group
 * receives them again; the groups that had handled them find them in their inbox and change nothing.
 * Returns the dead letters replayed.
 */
export async function replayDeadLetters(
  transport: Transport,
  log: ReplayLog,
  selection: ReplaySelection,
  by: string,
  topics?: readonly string[],
): Promise<DeadLetter[]> {
  const all = await listDeadLetters(transport, log, topics);
  const chosen =
    'id' in selection
      ? all.filter((letter) => letter.id === selection.id || letter.eventId === selection.id)
      : all.filter(
          (letter) =>
            !letter.replayedAt &&
            (letter.topic === selection.topic || letter.message.topic === selection.topic),
        );
  for (const letter of chosen) {
    const headers = Object.fromEntries(
      Object.entries(letter.message.headers).filter(([name]) => !DEAD_LETTER_HEADERS.has(name)),
    );
    // Published first, recorded after: a replay cut short in between is repeated, which the inboxes absorb.
    await transport.publish(letter.topic, [
      { key: letter.message.key, value: letter.message.value, headers },
    ]);
    await log.record(letter.id, by);
  }
  return chosen;
}
