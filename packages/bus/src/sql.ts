import { escapeIdentifier } from 'pg';

/**
 * What the bus needs from a database transaction: exactly what a Prisma interactive-transaction client
 * offers, so services pass their `tx` straight in.
 */
export interface SqlExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/** Quoted `<schema>.outbox` / `<schema>.inbox` names and the relay's wake-up channel. */
export function outboxNames(schema: string) {
  const q = escapeIdentifier(schema);
  return { outbox: `${q}.outbox`, inbox: `${q}.inbox`, channel: `${schema}.outbox` };
}
