import { escapeIdentifier, type Pool } from 'pg';
import { inTransaction } from './pg-transaction.ts';

/** Fully quoted names of the embedded broker's tables in one schema. */
export interface BusTables {
  schema: string;
  topics: string;
  partitionHeads: string;
  log: string;
  groupOffsets: string;
  groupMembers: string;
  /** LISTEN/NOTIFY channel (unquoted; pass to pg_notify) that announces new messages and group changes. */
  channel: string;
}

export function busTables(schema: string): BusTables {
  const q = escapeIdentifier(schema);
  return {
    schema: q,
    topics: `${q}.topics`,
    partitionHeads: `${q}.partition_heads`,
    log: `${q}.log`,
    groupOffsets: `${q}.group_offsets`,
    groupMembers: `${q}.group_members`,
    channel: `${schema}.bus`,
  };
}

function busTablesSql(t: BusTables): string {
  return `
CREATE SCHEMA IF NOT EXISTS ${t.schema};
CREATE TABLE IF NOT EXISTS ${t.topics} (
  topic text PRIMARY KEY,
  partitions integer NOT NULL CHECK (partitions > 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
-- One row per partition; publishers lock it to take the next offsets, so offsets commit in order.
CREATE TABLE IF NOT EXISTS ${t.partitionHeads} (
  topic text NOT NULL REFERENCES ${t.topics} (topic),
  partition integer NOT NULL,
  next_offset bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (topic, partition)
);
CREATE TABLE IF NOT EXISTS ${t.log} (
  topic text NOT NULL,
  partition integer NOT NULL,
  "offset" bigint NOT NULL,
  key text NOT NULL,
  value text NOT NULL,
  headers jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (topic, partition, "offset")
);
-- committed_offset follows Kafka: the next offset the group will read (last handled + 1).
CREATE TABLE IF NOT EXISTS ${t.groupOffsets} (
  group_id text NOT NULL,
  topic text NOT NULL,
  partition integer NOT NULL,
  committed_offset bigint NOT NULL DEFAULT 0,
  lease_owner text,
  lease_expires_at timestamptz,
  PRIMARY KEY (group_id, topic, partition)
);
CREATE TABLE IF NOT EXISTS ${t.groupMembers} (
  group_id text NOT NULL,
  member_id text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (group_id, member_id)
);`;
}

/**
 * Creates the broker's tables if missing. Concurrent CREATE ... IF NOT EXISTS can still collide in the
 * catalogue, so starters serialise on a transaction-scoped advisory lock.
 */
export async function ensureBusStorage(pool: Pool, tables: BusTables): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('jiuzhu.bus.storage'))`);
    await client.query(busTablesSql(tables));
  });
}
