import { createHash } from 'node:crypto';
import { Pool } from 'pg';
import type { Logger } from './logger.ts';
import { errorMessage, stderrLogger } from './logger.ts';
import { GroupMember, partitionSignalName } from './pg-group-member.ts';
import { PgListener } from './pg-listener.ts';
import { inTransaction } from './pg-transaction.ts';
import { busTables, ensureBusStorage } from './pg-storage.ts';
import { WakeSignals } from './signal.ts';
import type { DeliveredMessage, OutgoingMessage, Transport } from './transport.ts';

export interface PgTransportOptions {
  connectionString: string;
  /** Schema the embedded broker owns; created on first use. */
  schema?: string;
  /** Partitions of a topic created by this transport (an existing topic keeps its count). */
  partitions?: number;
  /** How often idle consumers look for new messages when no wake-up arrived. */
  pollIntervalMs?: number;
  /** How long a member's hold on a partition lasts without renewal; a dead member's work resumes after it. */
  leaseMs?: number;
  /** Connections of the publishing/consuming pool (the wake-up listener uses one more). */
  maxConnections?: number;
  logger?: Logger;
}

/** Partition of a key: a stable hash, so a case's messages always land in the same partition. */
export function partitionForKey(key: string, partitions: number): number {
  return createHash('sha1').update(key).digest().readUInt32BE(0) % partitions;
}

/**
 * The embedded broker: a partitioned log in PostgreSQL with Kafka's semantics (per-partition order, offsets,
 * consumer groups), used when no Kafka is configured.
 */
export function createPgTransport(options: PgTransportOptions): Transport {
  const {
    connectionString,
    schema = 'jiuzhu_bus',
    partitions = 8,
    pollIntervalMs = 1_000,
    leaseMs = 10_000,
  } = options;
  const logger = options.logger ?? stderrLogger;
  const pool = new Pool({ connectionString, max: options.maxConnections ?? 10 });
  pool.on('error', (error) => logger.warn({ err: errorMessage(error) }, 'idle bus connection failed'));
  const tables = busTables(schema);
  const signals = new WakeSignals();
  const partitionCounts = new Map<string, number>();
  const members = new Set<GroupMember>();
  let storageReady: Promise<void> | undefined;
  let listener: Promise<PgListener> | undefined;
  let closed: Promise<void> | undefined;

  const ready = () => {
    storageReady ??= ensureBusStorage(pool, tables).catch((error: unknown) => {
      storageReady = undefined;
      throw error;
    });
    return storageReady;
  };

  const listen = () => {
    listener ??= (async () => {
      const l = new PgListener({
        connectionString,
        channel: tables.channel,
        onNotification: (payload) => signals.get(payload).fire(),
        onConnected: () => signals.fireAll(),
        retryDelayMs: pollIntervalMs,
        logger,
      });
      await l.start();
      return l;
    })().catch((error: unknown) => {
      listener = undefined;
      throw error;
    });
    return listener;
  };

  async function ensureTopics(topics: string[]): Promise<void> {
    await ready();
    const missing = [...new Set(topics)].filter((topic) => !partitionCounts.has(topic));
    if (missing.length === 0) return;
    await pool.query(
      `INSERT INTO ${tables.topics} (topic, partitions) SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING`,
      [missing, partitions],
    );
    await pool.query(
      `INSERT INTO ${tables.partitionHeads} (topic, partition)
       SELECT t.topic, p.partition
       FROM ${tables.topics} t CROSS JOIN LATERAL generate_series(0, t.partitions - 1) AS p(partition)
       WHERE t.topic = ANY($1::text[])
       ON CONFLICT DO NOTHING`,
      [missing],
    );
    const existing = await pool.query<{ topic: string; partitions: number }>(
      `SELECT topic, partitions FROM ${tables.topics} WHERE topic = ANY($1::text[])`,
      [missing],
    );
    for (const row of existing.rows) partitionCounts.set(row.topic, row.partitions);
  }

  async function publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await ensureTopics([topic]);
    const count = partitionCounts.get(topic);
    if (count === undefined) throw new Error(`bus topic ${topic} could not be created`);
    const byPartition = new Map<number, OutgoingMessage[]>();
    for (const message of messages) {
      const partition = partitionForKey(message.key, count);
      byPartition.set(partition, [...(byPartition.get(partition) ?? []), message]);
    }
    // Partitions are locked in ascending order so concurrent multi-partition publishes cannot deadlock.
    const batches = [...byPartition].sort(([a], [b]) => a - b);
    await inTransaction(pool, async (client) => {
      for (const [partition, batch] of batches) {
        // Taking offsets locks the partition's head row until commit, so offsets become visible in order.
        const head = await client.query<{ next_offset: string }>(
          `UPDATE ${tables.partitionHeads} SET next_offset = next_offset + $3
           WHERE topic = $1 AND partition = $2 RETURNING next_offset`,
          [topic, partition, batch.length],
        );
        const nextOffset = head.rows[0]?.next_offset;
        if (nextOffset === undefined) throw new Error(`bus partition ${topic}/${partition} does not exist`);
        await client.query(
          `INSERT INTO ${tables.log} (topic, partition, "offset", key, value, headers)
           SELECT $1, $2, $3::bigint + m.ordinality - 1, m.key, m.value, m.headers
           FROM unnest($4::text[], $5::text[], $6::jsonb[]) WITH ORDINALITY AS m(key, value, headers, ordinality)`,
          [
            topic,
            partition,
            Number(nextOffset) - batch.length,
            batch.map((m) => m.key),
            batch.map((m) => m.value),
            batch.map((m) => JSON.stringify(m.headers)),
          ],
        );
        await client.query('SELECT pg_notify($1, $2)', [
          tables.channel,
          partitionSignalName(topic, partition),
        ]);
      }
    });
  }

  async function read(topic: string): Promise<DeliveredMessage[]> {
    await ready();
    const { rows } = await pool.query<{
      partition: number;
      offset: string;
      key: string;
      value: string;
      headers: Record<string, string>;
    }>(
      `SELECT partition, "offset"::text AS "offset", key, value, headers FROM ${tables.log}
       WHERE topic = $1 ORDER BY partition, "offset"`,
      [topic],
    );
    return rows.map((row) => ({ topic, ...row }));
  }

  return {
    system: 'jiuzhu_postgresql',
    publish,
    ensureTopics,
    read,
    async subscribe({ groupId, topics, onMessage }) {
      await ensureTopics(topics);
      await listen();
      const member = new GroupMember({
        pool,
        tables,
        signals,
        groupId,
        topics,
        onMessage,
        leaseMs,
        pollIntervalMs,
        logger,
      });
      members.add(member);
      try {
        await member.join();
      } catch (error) {
        members.delete(member);
        await member.stop();
        throw error;
      }
      return {
        async stop() {
          members.delete(member);
          await member.stop();
        },
      };
    },
    close() {
      closed ??= (async () => {
        await Promise.all([...members].map((member) => member.stop()));
        members.clear();
        const l = await listener?.catch(() => undefined);
        await l?.close();
        await pool.end();
      })();
      return closed;
    },
  };
}
