import { Client, escapeIdentifier } from 'pg';
import type { EventEnvelope } from '@jiuzhu/contracts';
import { pause } from './backoff.ts';
import { HEADERS } from './headers.ts';
import type { Logger } from './logger.ts';
import { errorMessage, stderrLogger } from './logger.ts';
import { WakeSignal } from './signal.ts';
import { outboxNames } from './sql.ts';
import type { OutgoingMessage, Transport } from './transport.ts';

export interface OutboxRelayOptions {
  connectionString: string;
  /** The service schema whose outbox is relayed. */
  schema: string;
  transport: Transport;
  batchSize?: number;
  /** Fallback poll when no wake-up arrives; also how often a standby relay checks whether it can take over. */
  pollIntervalMs?: number;
  /**
   * How long published outbox rows and handled inbox rows are kept (default 14 days). A consumer only sees an
   * event again from its last committed offset, which is far more recent than this.
   */
  retentionMs?: number;
  /** How often the active relay deletes rows older than the retention (default hourly). */
  pruneIntervalMs?: number;
  logger?: Logger;
}

const DAY_MS = 86_400_000;

export interface OutboxRelay {
  /** Finishes the batch in flight and releases the relay lock. */
  stop(): Promise<void>;
}

interface OutboxRow {
  seq: string;
  topic: string;
  key: string;
  envelope: EventEnvelope;
}

/**
 * Publishes a service's outbox in order. Every instance of a service runs one; a session advisory lock
 * makes exactly one of them active per schema, the others wait as standbys.
 */
export async function startOutboxRelay(options: OutboxRelayOptions): Promise<OutboxRelay> {
  const { connectionString, schema, transport, batchSize = 100, pollIntervalMs = 1_000 } = options;
  const { retentionMs = 14 * DAY_MS, pruneIntervalMs = 3_600_000 } = options;
  const logger = options.logger ?? stderrLogger;
  const { outbox, inbox, channel } = outboxNames(schema);
  let nextPruneAt = 0;
  const wake = new WakeSignal();
  const stopping = new AbortController();
  let client: Client | undefined;
  let leader = false;

  async function connect(): Promise<Client> {
    const c = new Client({ connectionString });
    c.on('notification', () => wake.fire());
    const lost = () => {
      if (client !== c) return;
      client = undefined;
      leader = false;
      void c.end().catch(() => {});
    };
    c.on('error', (error) => {
      logger.warn({ schema, err: errorMessage(error) }, 'outbox relay connection lost');
      lost();
    });
    c.on('end', lost);
    try {
      await c.connect();
      await c.query(`LISTEN ${escapeIdentifier(channel)}`);
    } catch (error) {
      await c.end().catch(() => {});
      throw error;
    }
    return c;
  }

  async function relayBatch(c: Client): Promise<number> {
    const { rows } = await c.query<OutboxRow>(
      `SELECT seq, topic, key, envelope FROM ${outbox} WHERE published_at IS NULL ORDER BY seq LIMIT $1`,
      [batchSize],
    );
    // Consecutive rows of one topic go out together; publishing run by run keeps the outbox order.
    for (const run of runsByTopic(rows)) {
      await transport.publish(run.topic, run.rows.map(toMessage));
      await c.query(`UPDATE ${outbox} SET published_at = now() WHERE seq = ANY($1::bigint[])`, [
        run.rows.map((r) => r.seq),
      ]);
      for (const row of run.rows) {
        logger.debug(
          { eventId: row.envelope.id, type: row.envelope.type, topic: row.topic },
          'event published',
        );
      }
    }
    return rows.length;
  }

  async function prune(c: Client): Promise<void> {
    const cutoff = new Date(Date.now() - retentionMs);
    const published = await c.query(`DELETE FROM ${outbox} WHERE published_at < $1`, [cutoff]);
    const handled = await c.query(`DELETE FROM ${inbox} WHERE handled_at < $1`, [cutoff]);
    if (published.rowCount || handled.rowCount) {
      logger.info(
        { schema, outboxRows: published.rowCount, inboxRows: handled.rowCount },
        'outbox and inbox rows past retention deleted',
      );
    }
  }

  async function step(): Promise<'more' | 'idle'> {
    client ??= await connect();
    if (!leader) {
      const lock = await client.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock(hashtext('jiuzhu.outbox-relay'), hashtext($1)) AS locked`,
        [schema],
      );
      leader = lock.rows[0]?.locked === true;
      if (leader) logger.info({ schema }, 'outbox relay active');
    }
    if (!leader) return 'idle';
    if (Date.now() >= nextPruneAt) {
      await prune(client);
      nextPruneAt = Date.now() + pruneIntervalMs;
    }
    return (await relayBatch(client)) === batchSize ? 'more' : 'idle';
  }

  async function run(): Promise<void> {
    while (!stopping.signal.aborted) {
      const seen = wake.version;
      let outcome: 'more' | 'idle' | 'failed';
      try {
        outcome = await step();
      } catch (error) {
        logger.warn({ schema, err: errorMessage(error) }, 'outbox relay failed; retrying');
        outcome = 'failed';
      }
      if (outcome === 'more') continue;
      if (outcome === 'failed') await pause(pollIntervalMs, stopping.signal);
      else await wake.wait(seen, pollIntervalMs, stopping.signal);
    }
  }

  // Fail fast on a wrong connection string; later failures are retried by the loop.
  client = await connect();
  const loop = run();
  return {
    async stop() {
      stopping.abort();
      await loop;
      const c = client;
      client = undefined;
      leader = false;
      // Closing the session releases the advisory lock, so a standby takes over at once.
      await c?.end().catch(() => {});
    },
  };
}

function runsByTopic(rows: OutboxRow[]): { topic: string; rows: OutboxRow[] }[] {
  const runs: { topic: string; rows: OutboxRow[] }[] = [];
  for (const row of rows) {
    const last = runs.at(-1);
    if (last && last.topic === row.topic) last.rows.push(row);
    else runs.push({ topic: row.topic, rows: [row] });
  }
  return runs;
}

const toMessage = (row: OutboxRow): OutgoingMessage => ({ ...envelopeMessage(row.envelope), key: row.key });

/** The message that carries an event on any transport: keyed by case, trace context in the headers. */
export function envelopeMessage(envelope: EventEnvelope): OutgoingMessage {
  const headers: Record<string, string> = {
    [HEADERS.eventId]: envelope.id,
    [HEADERS.eventType]: envelope.type,
    [HEADERS.eventVersion]: String(envelope.version),
  };
  if (envelope.trace?.traceparent) headers[HEADERS.traceparent] = envelope.trace.traceparent;
  if (envelope.trace?.tracestate) headers[HEADERS.tracestate] = envelope.trace.tracestate;
  return { key: envelope.caseKey, value: JSON.stringify(envelope), headers };
}
