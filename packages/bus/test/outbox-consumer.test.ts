import { SpanKind, context, propagation, trace, type SpanContext } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { defineEvent, type EventDefinition, type EventEnvelope } from '@jiuzhu/contracts';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  HEADERS,
  createPgTransport,
  deadLetterTopic,
  enqueue,
  listDeadLetters,
  on,
  openReplayLog,
  outboxTablesSql,
  replayDeadLetters,
  startConsumer,
  startOutboxRelay,
  type Consumer,
  type DeliveredMessage,
  type Handler,
  type OutboxRelay,
  type SqlExecutor,
  type Subscription,
  type Transport,
} from '../src/index.ts';
import { DATABASE_URL, recordingLogger, sqlExecutor, uniqueName, waitUntil } from './helpers.ts';

// The service SDK would do this at start-up; here an in-memory exporter lets the test read the spans.
const spans = new InMemorySpanExporter();
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
trace.setGlobalTracerProvider(
  new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] }),
);

/** Stands in for personal data: it must never reach a log line. */
const PERSONAL = '13800138000';
const actor = { userId: 'user-1', orgId: 'court-110101' };
const NotePayload = z.object({ note: z.string(), phone: z.string().optional() });
type Note = z.infer<typeof NotePayload>;

const svc = uniqueName('jz_bus_svc');
const busSchema = uniqueName('jz_bus_e2e');
const logger = recordingLogger();
let pool: pg.Pool;
let transport: Transport;
let relay: OutboxRelay;
const running: (Consumer | Subscription)[] = [];

async function inTransaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(sqlExecutor(client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

function noteEvent(): EventDefinition<Note> {
  return defineEvent(uniqueName('e2e.cases'), 'test.case-noted', 1, NotePayload);
}

async function consume(
  groupId: string,
  handlers: Handler[],
  retry?: { attempts: number; initialDelayMs: number; maxDelayMs: number; alertAfterMs?: number },
) {
  const consumer = await startConsumer({
    transport,
    groupId,
    schema: svc,
    transaction: inTransaction,
    handlers,
    retry,
    logger,
  });
  running.push(consumer);
  return consumer;
}

async function readDeadLetters(topic: string): Promise<DeliveredMessage[]> {
  const received: DeliveredMessage[] = [];
  running.push(
    await transport.subscribe({
      groupId: uniqueName('dlq-reader'),
      topics: [deadLetterTopic(topic)],
      onMessage: async (m) => void received.push(m),
    }),
  );
  return received;
}

/** Records a note against a case the way a service does: state change and event in one transaction. */
async function recordNote(
  def: EventDefinition<Note>,
  caseKey: string,
  payload: Note,
): Promise<EventEnvelope<Note>> {
  return inTransaction(async (tx) => {
    await tx.$executeRawUnsafe(
      `INSERT INTO ${svc}.notes (case_key, note) VALUES ($1, $2)`,
      caseKey,
      payload.note,
    );
    return enqueue(tx, svc, def, { caseKey, actor, payload });
  });
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function effectsOf(eventId: string): Promise<number> {
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ${svc}.effects WHERE event_id = $1`, [
    eventId,
  ]);
  return rows[0].n;
}

/** A handler that applies the event's effect in the consumer's transaction and remembers what it saw. */
function recordingHandler(def: EventDefinition<Note>, seen: EventEnvelope<Note>[]) {
  return on(def, async (event, tx) => {
    await tx.$executeRawUnsafe(
      `INSERT INTO ${svc}.effects (event_id, case_key, note) VALUES ($1::uuid, $2, $3)`,
      event.id,
      event.caseKey,
      event.payload.note,
    );
    seen.push(event);
  });
}

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: DATABASE_URL });
  await pool.query(`CREATE SCHEMA ${svc}`);
  await pool.query(outboxTablesSql(svc));
  await pool.query(
    `CREATE TABLE ${svc}.notes (id bigserial PRIMARY KEY, case_key text NOT NULL, note text NOT NULL)`,
  );
  await pool.query(
    `CREATE TABLE ${svc}.effects (seq bigserial PRIMARY KEY, event_id uuid NOT NULL, case_key text NOT NULL, note text NOT NULL)`,
  );
  transport = createPgTransport({
    connectionString: DATABASE_URL,
    schema: busSchema,
    pollIntervalMs: 200,
    leaseMs: 2_000,
    logger,
  });
  relay = await startOutboxRelay({
    connectionString: DATABASE_URL,
    schema: svc,
    transport,
    pollIntervalMs: 200,
    logger,
  });
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

afterAll(async () => {
  await relay?.stop();
  await transport?.close();
  await pool.query(`DROP SCHEMA IF EXISTS ${svc} CASCADE`);
  await pool.query(`DROP SCHEMA IF EXISTS ${busSchema} CASCADE`);
  await pool.end();
});

describe('outbox and consumer on the embedded transport', () => {
  it('publishes an event only when the transaction that recorded it commits', async () => {
    const def = noteEvent();
    const seen: EventEnvelope<Note>[] = [];
    await consume(uniqueName('svc'), [recordingHandler(def, seen)]);

    await expect(
      inTransaction(async (tx) => {
        await tx.$executeRawUnsafe(
          `INSERT INTO ${svc}.notes (case_key, note) VALUES ($1, $2)`,
          'case-tx',
          'rolled back',
        );
        await enqueue(tx, svc, def, { caseKey: 'case-tx', actor, payload: { note: 'rolled back' } });
        throw new Error('a later step of the command failed');
      }),
    ).rejects.toThrow('a later step');
    const committed = await recordNote(def, 'case-tx', { note: 'committed' });

    await waitUntil(() => seen.length >= 1, 'the committed event');
    await waitUntil(async () => {
      const { rows } = await pool.query(`SELECT published_at FROM ${svc}.outbox WHERE id = $1`, [
        committed.id,
      ]);
      return rows[0]?.published_at != null;
    }, 'the relay to mark the event published');

    expect(seen.map((event) => [event.id, event.payload.note])).toEqual([[committed.id, 'committed']]);
    expect(seen[0]).toMatchObject({ type: 'test.case-noted', version: 1, caseKey: 'case-tx', actor });
    const notes = await pool.query(`SELECT note FROM ${svc}.notes WHERE case_key = 'case-tx'`);
    expect(notes.rows).toEqual([{ note: 'committed' }]);
    const outbox = await pool.query(`SELECT id FROM ${svc}.outbox WHERE topic = $1`, [def.topic]);
    expect(outbox.rows.map((row) => row.id)).toEqual([committed.id]);
  });

  it('refuses an event whose payload does not match its schema, recording nothing', async () => {
    const def = noteEvent();
    await expect(
      inTransaction((tx) =>
        enqueue(tx, svc, def, { caseKey: 'case-bad', actor, payload: { note: 5 } as unknown as Note }),
      ),
    ).rejects.toThrow();
    const outbox = await pool.query(`SELECT count(*)::int AS n FROM ${svc}.outbox WHERE topic = $1`, [
      def.topic,
    ]);
    expect(outbox.rows[0].n).toBe(0);
  });

  it('relays each case’s events in the order they were recorded', async () => {
    const def = noteEvent();
    const seen: EventEnvelope<Note>[] = [];
    await consume(uniqueName('svc'), [recordingHandler(def, seen)]);

    const expected: Record<string, string[]> = { 'case-1': [], 'case-2': [] };
    for (let i = 0; i < 12; i++) {
      const caseKey = i % 3 === 0 ? 'case-2' : 'case-1';
      await recordNote(def, caseKey, { note: `${caseKey}#${i}` });
      expected[caseKey]!.push(`${caseKey}#${i}`);
    }
    // Several events of one case in one transaction keep their order too.
    await inTransaction(async (tx) => {
      for (const note of ['case-1#a', 'case-1#b', 'case-1#c']) {
        await enqueue(tx, svc, def, { caseKey: 'case-1', actor, payload: { note } });
        expected['case-1']!.push(note);
      }
    });

    await waitUntil(() => seen.length >= 15, 'all events');
    for (const caseKey of Object.keys(expected)) {
      const { rows } = await pool.query(
        `SELECT note FROM ${svc}.effects WHERE case_key = $1 AND note LIKE $2 ORDER BY seq`,
        [caseKey, `${caseKey}#%`],
      );
      expect(rows.map((row) => row.note)).toEqual(expected[caseKey]);
    }
  });

  it('applies an event once even when it is delivered twice', async () => {
    const def = noteEvent();
    const seen: EventEnvelope<Note>[] = [];
    await consume(uniqueName('svc'), [recordingHandler(def, seen)]);

    const first = await recordNote(def, 'case-dup', { note: 'once' });
    await waitUntil(async () => (await effectsOf(first.id)) === 1, 'the first delivery');
    await waitUntil(async () => {
      const { rows } = await pool.query(`SELECT published_at FROM ${svc}.outbox WHERE id = $1`, [first.id]);
      return rows[0]?.published_at != null;
    }, 'the relay to mark the event published');
    // As if the relay had crashed after publishing but before marking the row: it publishes the event again.
    await pool.query(`UPDATE ${svc}.outbox SET published_at = NULL WHERE id = $1`, [first.id]);
    const next = await recordNote(def, 'case-dup', { note: 'next' });
    await waitUntil(() => seen.some((event) => event.id === next.id), 'the following event');

    expect(await effectsOf(first.id)).toBe(1);
    expect(seen.filter((event) => event.id === first.id)).toHaveLength(1);
    const republished = await pool.query(`SELECT published_at FROM ${svc}.outbox WHERE id = $1`, [first.id]);
    expect(republished.rows[0].published_at).not.toBeNull();
  });

  it('dead-letters malformed messages at once and goes on with the partition', async () => {
    const def = noteEvent();
    const seen: EventEnvelope<Note>[] = [];
    await consume(uniqueName('svc'), [recordingHandler(def, seen)]);
    const deadLetters = await readDeadLetters(def.topic);

    const envelope = (overrides: Record<string, unknown>) =>
      JSON.stringify({
        id: crypto.randomUUID(),
        type: def.type,
        version: 1,
        occurredAt: new Date().toISOString(),
        caseKey: 'case-m',
        actor,
        payload: { note: 'fine' },
        ...overrides,
      });
    const otherType = envelope({ type: 'test.something-else', payload: { phone: PERSONAL } });
    const raw = [
      'this is not json {',
      envelope({ version: 2, payload: { note: 'from the future', phone: PERSONAL } }),
      envelope({ payload: { note: 42, phone: PERSONAL } }),
      otherType,
      envelope({ actor: undefined, payload: { note: 'no actor', phone: PERSONAL } }),
    ];
    await transport.publish(
      def.topic,
      raw.map((value) => ({ key: 'case-m', value, headers: {} })),
    );
    const good = await recordNote(def, 'case-m', { note: 'after the bad ones' });

    await waitUntil(
      () => seen.some((event) => event.id === good.id) && deadLetters.length >= 4,
      'the good event and the dead letters',
    );

    expect(seen.map((event) => event.id)).toEqual([good.id]);
    expect(deadLetters.map((m) => m.value)).toEqual([raw[0], raw[1], raw[2], raw[4]]);
    for (const letter of deadLetters) {
      expect(letter.headers).toMatchObject({
        [HEADERS.errorKind]: 'malformed',
        [HEADERS.originalTopic]: def.topic,
        [HEADERS.attempts]: '0',
      });
      expect(letter.key).toBe('case-m');
    }
    expect(deadLetters.map((m) => m.headers[HEADERS.error])).toEqual([
      expect.stringContaining('not JSON'),
      expect.stringContaining('unknown version 2'),
      expect.stringContaining('invalid test.case-noted payload: note'),
      expect.stringContaining('invalid envelope: actor'),
    ]);
    expect(JSON.stringify(logger.entries)).not.toContain(PERSONAL);
  });

  it('waits out a database that refuses connections, however long, without dead-lettering, and raises an alert', async () => {
    const def = noteEvent();
    const seen: EventEnvelope<Note>[] = [];
    // A database nobody answers at: each attempt fails as a real connection refusal does, until it is back.
    const nowhere = `postgresql://postgres@127.0.0.1:${await closedPort()}/test`;
    let refusalsLeft = 8;
    const handler = on(def, async (event, tx) => {
      if (refusalsLeft > 0) {
        refusalsLeft--;
        const unreachable = new pg.Client({ connectionString: nowhere });
        await unreachable.connect().finally(() => unreachable.end().catch(() => {}));
      }
      await tx.$executeRawUnsafe(
        `INSERT INTO ${svc}.effects (event_id, case_key, note) VALUES ($1::uuid, $2, $3)`,
        event.id,
        event.caseKey,
        event.payload.note,
      );
      seen.push(event);
    });
    const groupId = uniqueName('svc');
    await consume(groupId, [handler], { attempts: 3, initialDelayMs: 10, maxDelayMs: 40, alertAfterMs: 100 });
    const deadLetters = await readDeadLetters(def.topic);

    const waiting = await recordNote(def, 'case-w', { note: 'waits', phone: PERSONAL });
    const after = await recordNote(def, 'case-w', { note: 'after' });
    await waitUntil(async () => (await effectsOf(after.id)) === 1, 'both events, in order');

    expect(refusalsLeft).toBe(0);
    expect(seen.map((event) => event.id)).toEqual([waiting.id, after.id]);
    expect(await effectsOf(waiting.id)).toBe(1);
    expect(deadLetters).toEqual([]);
    const alerts = logger.entries.filter(
      (entry) => entry.fields['groupId'] === groupId && entry.fields['alert'],
    );
    expect(alerts.map((entry) => [entry.level, entry.fields['alert'], entry.fields['eventId']])).toEqual([
      ['error', 'event-consumer-stalled', waiting.id],
      ['warn', 'event-consumer-recovered', waiting.id],
    ]);
    expect(JSON.stringify(logger.entries)).not.toContain(PERSONAL);
  });

  it('retries a failing handler with backoff, then dead-letters the event and handles the next one', async () => {
    const def = noteEvent();
    const seen: EventEnvelope<Note>[] = [];
    let poisonAttempts = 0;
    const handler = on(def, async (event, tx) => {
      await tx.$executeRawUnsafe(
        `INSERT INTO ${svc}.effects (event_id, case_key, note) VALUES ($1::uuid, $2, $3)`,
        event.id,
        event.caseKey,
        event.payload.note,
      );
      if (event.payload.note === 'poison') {
        poisonAttempts++;
        throw new Error('ledger unavailable');
      }
      seen.push(event);
    });
    const groupId = uniqueName('svc');
    await consume(groupId, [handler], { attempts: 3, initialDelayMs: 10, maxDelayMs: 40 });
    const deadLetters = await readDeadLetters(def.topic);

    const poison = await recordNote(def, 'case-p', { note: 'poison', phone: PERSONAL });
    const after = await recordNote(def, 'case-p', { note: 'after' });
    // The handler has run when it records the event; its effect is there once the transaction commits.
    await waitUntil(
      async () =>
        seen.some((event) => event.id === after.id) &&
        deadLetters.length >= 1 &&
        (await effectsOf(after.id)) === 1,
      'the next event and the dead letter',
    );

    expect(poisonAttempts).toBe(3);
    expect(deadLetters).toHaveLength(1);
    expect(JSON.parse(deadLetters[0]!.value).id).toBe(poison.id);
    expect(deadLetters[0]!.headers).toMatchObject({
      [HEADERS.errorKind]: 'handler-failed',
      [HEADERS.error]: 'ledger unavailable',
      [HEADERS.attempts]: '3',
      [HEADERS.consumerGroup]: groupId,
      [HEADERS.eventId]: poison.id,
    });
    // Every failed attempt rolled back, and the event is not marked handled, so a replay from the DLQ applies it.
    expect(await effectsOf(poison.id)).toBe(0);
    const inbox = await pool.query(`SELECT count(*)::int AS n FROM ${svc}.inbox WHERE event_id = $1`, [
      poison.id,
    ]);
    expect(inbox.rows[0].n).toBe(0);
    expect(await effectsOf(after.id)).toBe(1);
    expect(JSON.stringify(logger.entries)).not.toContain(PERSONAL);
  });

  it('lets an operator list a dead letter and replay it once the fault is fixed: it takes effect once', async () => {
    const def = noteEvent();
    let broken = true;
    const handler = on(def, async (event, tx) => {
      if (broken) throw new Error('rule table missing for the region');
      await tx.$executeRawUnsafe(
        `INSERT INTO ${svc}.effects (event_id, case_key, note) VALUES ($1::uuid, $2, $3)`,
        event.id,
        event.caseKey,
        event.payload.note,
      );
    });
    const failing = uniqueName('svc');
    const healthy = uniqueName('svc');
    const healthySeen: EventEnvelope<Note>[] = [];
    await consume(failing, [handler], { attempts: 2, initialDelayMs: 10, maxDelayMs: 20 });
    await consume(healthy, [on(def, async (event) => void healthySeen.push(event))]);
    const replays = openReplayLog(DATABASE_URL, svc);
    try {
      const poisoned = await recordNote(def, 'case-d', { note: 'dead', phone: PERSONAL });
      await waitUntil(
        async () =>
          (await listDeadLetters(transport, replays, [def.topic])).length === 1 && healthySeen.length === 1,
        'the dead letter',
      );
      const [letter] = await listDeadLetters(transport, replays, [def.topic]);
      expect(letter).toMatchObject({
        topic: def.topic,
        eventId: poisoned.id,
        eventType: 'test.case-noted',
        caseKey: 'case-d',
        consumerGroup: failing,
        kind: 'handler-failed',
        error: 'rule table missing for the region',
        attempts: 2,
        replayedAt: undefined,
      });

      broken = false;
      const replayed = await replayDeadLetters(transport, replays, { id: poisoned.id }, 'operator', [
        def.topic,
      ]);
      expect(replayed.map((l) => l.id)).toEqual([letter!.id]);
      await waitUntil(async () => (await effectsOf(poisoned.id)) === 1, 'the replayed event to take effect');
      // Replaying the whole topic again sends nothing more; the healthy group had it already and skips it.
      expect(
        await replayDeadLetters(transport, replays, { topic: def.topic }, 'operator', [def.topic]),
      ).toEqual([]);
      await replayDeadLetters(transport, replays, { id: letter!.id }, 'operator', [def.topic]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await effectsOf(poisoned.id)).toBe(1);
      expect(healthySeen.map((event) => event.id)).toEqual([poisoned.id]);
      const [after] = await listDeadLetters(transport, replays, [def.topic]);
      expect(after!.replayedAt).toBeInstanceOf(Date);
    } finally {
      await replays.close();
    }
  });

  it('keeps one relay active per schema and lets a standby take over when it stops', async () => {
    const def = noteEvent();
    const published: string[] = [];
    running.push(
      await transport.subscribe({
        groupId: uniqueName('raw'),
        topics: [def.topic],
        onMessage: async (m) => void published.push(JSON.parse(m.value).id),
      }),
    );
    const standby = await startOutboxRelay({
      connectionString: DATABASE_URL,
      schema: svc,
      transport,
      pollIntervalMs: 100,
      logger,
    });
    try {
      const recorded: string[] = [];
      for (let i = 0; i < 8; i++)
        recorded.push((await recordNote(def, `case-r${i % 2}`, { note: `before ${i}` })).id);
      await waitUntil(() => published.length >= 8, 'the first events');

      await relay.stop();
      for (let i = 0; i < 8; i++)
        recorded.push((await recordNote(def, `case-r${i % 2}`, { note: `after ${i}` })).id);
      await waitUntil(() => published.length >= 16, 'the standby to publish the rest');

      expect(new Set(published).size).toBe(published.length);
      expect([...published].sort()).toEqual([...recorded].sort());
    } finally {
      await standby.stop();
      relay = await startOutboxRelay({
        connectionString: DATABASE_URL,
        schema: svc,
        transport,
        pollIntervalMs: 200,
        logger,
      });
    }
  });

  it('continues the producer’s trace in the consumer', async () => {
    const def = noteEvent();
    let activeInHandler: SpanContext | undefined;
    const handled: string[] = [];
    await consume(uniqueName('svc'), [
      on(def, async (event) => {
        activeInHandler = trace.getActiveSpan()?.spanContext();
        handled.push(event.id);
      }),
    ]);

    let producer: SpanContext | undefined;
    const event = await trace.getTracer('test-service').startActiveSpan('open case', async (span) => {
      producer = span.spanContext();
      try {
        return await recordNote(def, 'case-trace', { note: 'traced' });
      } finally {
        span.end();
      }
    });
    await waitUntil(() => handled.includes(event.id), 'the traced event');
    await waitUntil(
      () => spans.getFinishedSpans().some((s) => s.attributes['messaging.message.id'] === event.id),
      'the consumer span to end',
    );

    const consumerSpan = spans
      .getFinishedSpans()
      .find((s) => s.attributes['messaging.message.id'] === event.id);
    expect(event.trace?.traceparent).toContain(producer!.traceId);
    expect(consumerSpan?.kind).toBe(SpanKind.CONSUMER);
    expect(consumerSpan?.spanContext().traceId).toBe(producer!.traceId);
    expect(consumerSpan?.parentSpanContext?.spanId).toBe(producer!.spanId);
    expect(activeInHandler?.traceId).toBe(producer!.traceId);
    expect(activeInHandler?.spanId).toBe(consumerSpan?.spanContext().spanId);
  });
});

describe('outbox retention', () => {
  it('deletes published outbox rows and handled inbox rows past the retention, and nothing else', async () => {
    const schema = uniqueName('jz_bus_retention');
    await pool.query(`CREATE SCHEMA ${schema}`);
    await pool.query(outboxTablesSql(schema));
    const envelope = JSON.stringify({
      id: crypto.randomUUID(),
      type: 'test.old',
      version: 1,
      caseKey: 'case-old',
    });
    const insertOutbox = (id: string, publishedAt: string | null, createdAt: string) =>
      pool.query(
        `INSERT INTO ${schema}.outbox (id, topic, key, envelope, created_at, published_at)
         VALUES ($1, 'jiuzhu.test', 'case-old', $2, $3, $4)`,
        [id, envelope, createdAt, publishedAt],
      );
    const old = '2020-01-01T00:00:00Z';
    const recent = new Date().toISOString();
    const ids = {
      publishedLongAgo: crypto.randomUUID(),
      publishedRecently: crypto.randomUUID(),
      neverPublished: crypto.randomUUID(),
    };
    // An event written long ago but never published must stay until it is.
    await insertOutbox(ids.publishedLongAgo, old, old);
    await insertOutbox(ids.publishedRecently, recent, old);
    await insertOutbox(ids.neverPublished, null, old);
    await pool.query(
      `INSERT INTO ${schema}.inbox (group_id, event_id, handled_at) VALUES ($1, $2, $3), ($1, $4, $5)`,
      ['followup', ids.publishedLongAgo, old, ids.publishedRecently, recent],
    );
    const housekeeper = await startOutboxRelay({
      connectionString: DATABASE_URL,
      schema,
      transport,
      retentionMs: 7 * 86_400_000,
      pollIntervalMs: 100,
      logger,
    });
    try {
      await waitUntil(async () => {
        const { rows } = await pool.query(
          `SELECT count(*)::int AS n FROM ${schema}.outbox WHERE published_at IS NULL`,
        );
        return rows[0].n === 0;
      }, 'the relay to publish the late event');
      const outbox = await pool.query(`SELECT id FROM ${schema}.outbox`);
      expect(outbox.rows.map((r) => r.id).sort()).toEqual([ids.publishedRecently, ids.neverPublished].sort());
      const inbox = await pool.query(`SELECT event_id FROM ${schema}.inbox`);
      expect(inbox.rows.map((r) => r.event_id)).toEqual([ids.publishedRecently]);
      const late = await pool.query(`SELECT published_at FROM ${schema}.outbox WHERE id = $1`, [
        ids.neverPublished,
      ]);
      expect(late.rows[0].published_at).not.toBeNull();
    } finally {
      await housekeeper.stop();
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  });
});
