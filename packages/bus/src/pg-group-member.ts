import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { backoffDelay, pause } from './backoff.ts';
import type { Logger } from './logger.ts';
import { errorMessage } from './logger.ts';
import type { BusTables } from './pg-storage.ts';
import type { WakeSignals } from './signal.ts';
import type { Delivery, DeliveredMessage } from './transport.ts';

/** Leases are renewed on the member's own schedule, whatever a handler does: no heartbeat to send. */
const LEASED: Delivery = { heartbeat: async () => {} };

export const partitionSignalName = (topic: string, partition: number) => `p:${partition}:${topic}`;
export const groupSignalName = (groupId: string) => `g:${groupId}`;

export interface GroupMemberOptions {
  pool: Pool;
  tables: BusTables;
  signals: WakeSignals;
  groupId: string;
  topics: string[];
  onMessage(message: DeliveredMessage, delivery: Delivery): Promise<void>;
  leaseMs: number;
  pollIntervalMs: number;
  logger: Logger;
}

const FETCH_SIZE = 100;
const REDELIVERY_INITIAL_DELAY_MS = 100;
const REDELIVERY_MAX_DELAY_MS = 5_000;

interface LeaseRow {
  topic: string;
  partition: number;
  committed_offset: string;
}

interface LogRow {
  offset: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * One member of a consumer group on the embedded broker. Partitions are held by lease: the member renews its
 * leases, takes free or expired ones up to its fair share (partitions / live members) and gives back any
 * surplus, so members of a group share the work and a dead member's partitions move to the survivors.
 */
export class GroupMember {
  readonly memberId = randomUUID();
  private readonly options: GroupMemberOptions;
  private readonly workers = new Map<string, PartitionWorker>();
  /** Partitions being given up: their in-flight message finishes while the lease is still renewed. */
  private readonly retiring = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(options: GroupMemberOptions) {
    this.options = options;
  }

  private get tickMs(): number {
    return Math.max(50, Math.floor(this.options.leaseMs / 4));
  }

  async join(): Promise<void> {
    const { pool, tables, groupId, topics } = this.options;
    await pool.query(
      `INSERT INTO ${tables.groupOffsets} (group_id, topic, partition)
       SELECT $1, t.topic, p.partition
       FROM ${tables.topics} t CROSS JOIN LATERAL generate_series(0, t.partitions - 1) AS p(partition)
       WHERE t.topic = ANY($2::text[])
       ON CONFLICT DO NOTHING`,
      [groupId, topics],
    );
    const groupSignal = this.options.signals.get(groupSignalName(groupId));
    const seen = groupSignal.version;
    await this.rebalance();
    await this.announce();
    this.loop = this.rebalanceLoop(seen);
  }

  async stop(): Promise<void> {
    if (this.stopping.signal.aborted) return this.loop;
    this.stopping.abort();
    // Stop taking new messages at once; in-flight ones finish below.
    for (const worker of this.workers.values()) worker.requestStop();
    const finished = (async () => {
      await this.loop;
      await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
      this.workers.clear();
      await Promise.all(this.retiring.values());
      const { pool, tables, groupId } = this.options;
      try {
        await pool.query(
          `UPDATE ${tables.groupOffsets} SET lease_owner = NULL, lease_expires_at = NULL
           WHERE group_id = $1 AND lease_owner = $2`,
          [groupId, this.memberId],
        );
        await pool.query(`DELETE FROM ${tables.groupMembers} WHERE group_id = $1 AND member_id = $2`, [
          groupId,
          this.memberId,
        ]);
        await this.announce();
      } catch (error) {
        // The leases expire on their own; the others take over a little later.
        this.options.logger.warn(
          { groupId, err: errorMessage(error) },
          'could not release partitions on stop',
        );
      }
    })();
    this.loop = finished;
    return finished;
  }

  private async rebalanceLoop(seenAtJoin: number): Promise<void> {
    const signal = this.options.signals.get(groupSignalName(this.options.groupId));
    let seen = seenAtJoin;
    while (!this.stopping.signal.aborted) {
      await signal.wait(seen, this.tickMs, this.stopping.signal);
      if (this.stopping.signal.aborted) return;
      seen = signal.version;
      try {
        await this.rebalance();
      } catch (error) {
        this.options.logger.warn(
          { groupId: this.options.groupId, err: errorMessage(error) },
          'consumer group rebalance failed',
        );
      }
    }
  }

  /** Tells the other members (through NOTIFY) that the group changed, so they rebalance now. */
  private async announce(): Promise<void> {
    const { pool, tables, groupId } = this.options;
    await pool.query('SELECT pg_notify($1, $2)', [tables.channel, groupSignalName(groupId)]);
  }

  private async rebalance(): Promise<void> {
    const { pool, tables, groupId, topics, leaseMs } = this.options;
    await pool.query(
      `INSERT INTO ${tables.groupMembers} (group_id, member_id, expires_at)
       VALUES ($1, $2, now() + $3 * interval '1 millisecond')
       ON CONFLICT (group_id, member_id) DO UPDATE SET expires_at = EXCLUDED.expires_at`,
      [groupId, this.memberId, leaseMs],
    );
    const renewed = await pool.query<LeaseRow>(
      `UPDATE ${tables.groupOffsets} SET lease_expires_at = now() + $3 * interval '1 millisecond'
       WHERE group_id = $1 AND lease_owner = $2
       RETURNING topic, partition, committed_offset`,
      [groupId, this.memberId, leaseMs],
    );
    const held = new Set(renewed.rows.map((row) => workerKey(row.topic, row.partition)));
    for (const [key, worker] of this.workers) {
      if (!held.has(key)) this.retire(worker, 'partition lease lost', false);
    }
    // A lease we hold without working on it (say, a claim whose reply was lost) is picked up, not left idle.
    for (const row of renewed.rows) {
      const key = workerKey(row.topic, row.partition);
      if (!this.workers.has(key) && !this.retiring.has(key) && !this.stopping.signal.aborted)
        this.startWorker(row);
    }

    await pool.query(`DELETE FROM ${tables.groupMembers} WHERE group_id = $1 AND expires_at < now()`, [
      groupId,
    ]);
    const counts = await pool.query<{ live: string; total: string }>(
      `SELECT (SELECT count(*) FROM ${tables.groupMembers} WHERE group_id = $1 AND expires_at > now()) AS live,
              (SELECT count(*) FROM ${tables.groupOffsets} WHERE group_id = $1 AND topic = ANY($2::text[])) AS total`,
      [groupId, topics],
    );
    const live = Math.max(1, Number(counts.rows[0]?.live ?? 1));
    const fairShare = Math.ceil(Number(counts.rows[0]?.total ?? 0) / live);

    if (this.workers.size > fairShare) {
      for (const worker of [...this.workers.values()].slice(fairShare)) {
        this.retire(worker, 'partition handed to another member', true);
      }
    } else if (this.workers.size < fairShare && !this.stopping.signal.aborted) {
      await this.claim(fairShare - this.workers.size);
    }
  }

  private async claim(count: number): Promise<void> {
    const { pool, tables, groupId, topics, leaseMs } = this.options;
    const claimed = await pool.query<LeaseRow>(
      `UPDATE ${tables.groupOffsets} AS g
       SET lease_owner = $2, lease_expires_at = now() + $4 * interval '1 millisecond'
       FROM (
         SELECT topic, partition FROM ${tables.groupOffsets}
         WHERE group_id = $1 AND topic = ANY($3::text[]) AND (lease_owner IS NULL OR lease_expires_at < now())
         ORDER BY topic, partition
         LIMIT $5
         FOR UPDATE SKIP LOCKED
       ) AS free
       WHERE g.group_id = $1 AND g.topic = free.topic AND g.partition = free.partition
       RETURNING g.topic, g.partition, g.committed_offset`,
      [groupId, this.memberId, topics, leaseMs, count],
    );
    for (const row of claimed.rows) this.startWorker(row);
  }

  private startWorker(lease: LeaseRow): void {
    const worker = new PartitionWorker(
      this.options,
      this.memberId,
      lease.topic,
      lease.partition,
      Number(lease.committed_offset),
      (lost) => this.forget(lost),
    );
    this.workers.set(workerKey(lease.topic, lease.partition), worker);
  }

  /**
   * Stops working on a partition without holding up the rebalance loop (which must keep renewing the other
   * leases); with `releaseLease`, frees the partition for the others once the in-flight message is done.
   */
  private retire(worker: PartitionWorker, reason: string, releaseLease: boolean): void {
    const key = workerKey(worker.topic, worker.partition);
    const { pool, tables, groupId, logger } = this.options;
    this.forget(worker);
    const task: Promise<void> = (async () => {
      await worker.stop();
      if (releaseLease) {
        try {
          await pool.query(
            `UPDATE ${tables.groupOffsets} SET lease_owner = NULL, lease_expires_at = NULL
             WHERE group_id = $1 AND topic = $2 AND partition = $3 AND lease_owner = $4`,
            [groupId, worker.topic, worker.partition, this.memberId],
          );
          await this.announce();
        } catch (error) {
          logger.warn(
            { groupId, topic: worker.topic, partition: worker.partition, err: errorMessage(error) },
            'could not release a partition',
          );
        }
      }
      logger.debug({ groupId, topic: worker.topic, partition: worker.partition }, reason);
    })().finally(() => {
      if (this.retiring.get(key) === task) this.retiring.delete(key);
    });
    this.retiring.set(key, task);
  }

  private forget(worker: PartitionWorker): void {
    const key = workerKey(worker.topic, worker.partition);
    if (this.workers.get(key) === worker) this.workers.delete(key);
  }
}

const workerKey = (topic: string, partition: number) => `${partition}:${topic}`;

/** Delivers one leased partition's messages in order, one at a time, committing each after its handler. */
class PartitionWorker {
  readonly topic: string;
  readonly partition: number;
  private nextOffset: number;
  private readonly options: GroupMemberOptions;
  private readonly memberId: string;
  private readonly onLeaseLost: (worker: PartitionWorker) => void;
  private readonly stopping = new AbortController();
  private readonly done: Promise<void>;

  constructor(
    options: GroupMemberOptions,
    memberId: string,
    topic: string,
    partition: number,
    nextOffset: number,
    onLeaseLost: (worker: PartitionWorker) => void,
  ) {
    this.options = options;
    this.memberId = memberId;
    this.topic = topic;
    this.partition = partition;
    this.nextOffset = nextOffset;
    this.onLeaseLost = onLeaseLost;
    this.done = this.run();
  }

  requestStop(): void {
    this.stopping.abort();
  }

  async stop(): Promise<void> {
    this.requestStop();
    await this.done;
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private async run(): Promise<void> {
    const { signals, pollIntervalMs, logger, groupId } = this.options;
    const wake = signals.get(partitionSignalName(this.topic, this.partition));
    while (!this.stopped) {
      const seen = wake.version;
      let rows: LogRow[];
      try {
        rows = await this.fetch();
      } catch (error) {
        logger.warn(
          { groupId, topic: this.topic, partition: this.partition, err: errorMessage(error) },
          'reading the bus log failed',
        );
        await pause(pollIntervalMs, this.stopping.signal);
        continue;
      }
      if (rows.length === 0) {
        await wake.wait(seen, pollIntervalMs, this.stopping.signal);
        continue;
      }
      for (const row of rows) {
        if (this.stopped || !(await this.deliver(row))) return;
        if (!(await this.commit(Number(row.offset) + 1))) {
          this.onLeaseLost(this);
          return;
        }
      }
    }
  }

  private async fetch(): Promise<LogRow[]> {
    const { pool, tables } = this.options;
    const result = await pool.query<LogRow>(
      `SELECT "offset", key, value, headers FROM ${tables.log}
       WHERE topic = $1 AND partition = $2 AND "offset" >= $3
       ORDER BY "offset" LIMIT ${FETCH_SIZE}`,
      [this.topic, this.partition, this.nextOffset],
    );
    return result.rows;
  }

  /** Hands the message to the subscriber until it succeeds; false if the worker was stopped first. */
  private async deliver(row: LogRow): Promise<boolean> {
    const { onMessage, logger, groupId } = this.options;
    const message: DeliveredMessage = {
      topic: this.topic,
      partition: this.partition,
      offset: String(row.offset),
      key: row.key,
      value: row.value,
      headers: row.headers,
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await onMessage(message, LEASED);
        return true;
      } catch (error) {
        if (this.stopped) return false;
        logger.warn(
          {
            groupId,
            topic: this.topic,
            partition: this.partition,
            offset: message.offset,
            attempt,
            err: errorMessage(error),
          },
          'message handler failed; delivering the message again',
        );
        await pause(
          backoffDelay(attempt, REDELIVERY_INITIAL_DELAY_MS, REDELIVERY_MAX_DELAY_MS),
          this.stopping.signal,
        );
        if (this.stopped) return false;
      }
    }
  }

  /** Records progress; false when another member has taken the partition over (our lease had expired). */
  private async commit(nextOffset: number): Promise<boolean> {
    const { pool, tables, groupId, logger, pollIntervalMs } = this.options;
    for (;;) {
      try {
        const result = await pool.query(
          `UPDATE ${tables.groupOffsets} SET committed_offset = GREATEST(committed_offset, $4)
           WHERE group_id = $1 AND topic = $2 AND partition = $3 AND lease_owner = $5`,
          [groupId, this.topic, this.partition, nextOffset, this.memberId],
        );
        if (result.rowCount !== 1) return false;
        this.nextOffset = nextOffset;
        return true;
      } catch (error) {
        // Uncommitted progress is redelivered to whoever holds the partition next: at-least-once.
        logger.warn(
          { groupId, topic: this.topic, partition: this.partition, err: errorMessage(error) },
          'committing an offset failed',
        );
        if (this.stopped) return false;
        await pause(pollIntervalMs, this.stopping.signal);
      }
    }
  }
}
