import type { z } from 'zod';

/** One kind of event: where it travels, what it is called, its schema version and its payload schema. */
export interface EventDefinition<P = unknown> {
  readonly topic: string;
  readonly type: string;
  readonly version: number;
  readonly payload: z.ZodType<P>;
}

export function defineEvent<P>(
  topic: string,
  type: string,
  version: number,
  payload: z.ZodType<P>,
): EventDefinition<P> {
  return { topic, type, version, payload };
}

export type PayloadOf<D> = D extends EventDefinition<infer P> ? P : never;
