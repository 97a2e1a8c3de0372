import { randomUUID } from 'node:crypto';
import { context, propagation } from '@opentelemetry/api';
import type { Actor, EventDefinition, EventEnvelope } from '@jiuzhu/contracts';
import { outboxNames, type SqlExecutor } from './sql.ts';

/**
 * DDL of the outbox (events waiting for the relay) and the inbox (events this service has handled) in a
 * service's own schema. Services copy it into a committed migration; it is idempotent.
 */
export function outboxTablesSql(schema: string): string {
  const { outbox, inbox } = outboxNames(schema);
  return `CREATE TABLE IF NOT EXISTS ${outbox} (
  seq bigserial PRIMARY KEY,
  id uuid NOT NULL UNIQUE,
  topic text NOT NULL,
  key text NOT NULL,
  envelope jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX IF NOT EXISTS outbox_unpublished_idx ON ${outbox} (seq) WHERE published_at IS NULL;
CREATE TABLE IF NOT EXISTS ${inbox} (
  group_id text NOT NULL,
  event_id uuid NOT NULL,
  handled_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, event_id)
);
`;
}

export interface NewEvent<P> {
  caseKey: string;
  actor: Actor;
  payload: P;
}

/**
 * Records an event in the service's outbox inside the caller's transaction, so it is published if and only
 * if the state change commits. Call it after the state change (which locks the case's rows), so events of one
 * case enter the outbox in the order their transactions commit. Throws if the payload fails its schema.
 */
export async function enqueue<P>(
  tx: SqlExecutor,
  schema: string,
  def: EventDefinition<P>,
  event: NewEvent<P>,
): Promise<EventEnvelope<P>> {
  const payload = def.payload.parse(event.payload);
  const carrier: { traceparent?: string; tracestate?: string } = {};
  propagation.inject(context.active(), carrier);
  const envelope: EventEnvelope<P> = {
    id: randomUUID(),
    type: def.type,
    version: def.version,
    occurredAt: new Date().toISOString(),
    caseKey: event.caseKey,
    actor: { userId: event.actor.userId, orgId: event.actor.orgId },
    ...(carrier.traceparent
      ? {
          trace: {
            traceparent: carrier.traceparent,
            ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}),
          },
        }
      : {}),
    payload,
  };
  const { outbox, channel } = outboxNames(schema);
  // One round trip: the NOTIFY is delivered when (and only if) the transaction commits.
  await tx.$executeRawUnsafe(
    `WITH added AS (
       INSERT INTO ${outbox} (id, topic, key, envelope) VALUES ($1::uuid, $2, $3, $4::jsonb) RETURNING seq
     )
     SELECT pg_notify($5, '') FROM added`,
    envelope.id,
    def.topic,
    envelope.caseKey,
    JSON.stringify(envelope),
    channel,
  );
  return envelope;
}
