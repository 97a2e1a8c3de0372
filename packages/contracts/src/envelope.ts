import { z } from 'zod';

/** Who acted: a person (or a service account) and the organisation they acted for. */
export const Actor = z.object({
  userId: z.string().min(1),
  orgId: z.string().min(1),
});
export type Actor = z.infer<typeof Actor>;

/**
 * Every event on the bus travels in this envelope. Wire contract: add optional fields only; anything else
 * is a new schema version.
 */
export const EventEnvelope = z.object({
  id: z.uuid(),
  type: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  /** Partition key: every event about one case carries the same key and keeps its order. */
  caseKey: z.string().min(1),
  actor: Actor,
  /** W3C trace context of the span that produced the event. */
  trace: z.object({ traceparent: z.string(), tracestate: z.string().optional() }).optional(),
  payload: z.unknown(),
});
export type EventEnvelope<P = unknown> = Omit<z.infer<typeof EventEnvelope>, 'payload'> & { payload: P };
