/**
 * Whether a failure is the infrastructure's, not the event's: the database or the broker unreachable, full,
 * restarting, or too slow for a moment. Such a failure passes when the infrastructure comes back, so the
 * event is retried until it does; only an event that fails for a reason of its own is ever dead-lettered.
 */

/** SQLSTATE classes and codes of PostgreSQL that say "not now", not "never". */
const TRANSIENT_SQLSTATE = [
  /^08/, // connection exception
  /^53/, // insufficient resources: too many connections, out of memory, disk full
  /^57P0[1-4]$/, // admin or crash shutdown, cannot connect now, database dropped
  /^40001$/, // serialization failure
  /^40P01$/, // deadlock detected
  /^55P03$/, // lock not available
  /^57014$/, // query cancelled (statement timeout)
  /^3D000$/, // database does not exist (yet, or being restored)
  /^28/, // invalid authorisation: a rotated password is put right by an operator, not by the event
];

/** The kinds of error Prisma's driver adapters report for a database that is away or overwhelmed. */
const TRANSIENT_ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'DatabaseDoesNotExist',
  'DatabaseAccessDenied',
  'AuthenticationFailed',
  'ConnectionClosed',
  'TlsConnectionError',
  'TooManyConnections',
  'SocketTimeout',
  'TransactionWriteConflict',
  'TransactionAlreadyClosed',
]);

/** Prisma's own codes for the same: unreachable, timed out, connection closed, pool exhausted, conflicts. */
const TRANSIENT_PRISMA_CODES = new Set([
  'P1001',
  'P1002',
  'P1003',
  'P1008',
  'P1010',
  'P1011',
  'P1017',
  'P2024',
  'P2028',
  'P2034',
]);

/** Errors of Node's network stack. */
const TRANSIENT_SYSTEM_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** What node-postgres says when a connection dies or cannot be had, without a code of its own. */
const TRANSIENT_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|terminating connection|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery mode)/i;

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  message?: unknown;
  retriable?: unknown;
  cause?: unknown;
  errors?: unknown;
  meta?: { driverAdapterError?: unknown };
}

function isTransientOne(error: ErrorLike): boolean {
  const code = typeof error.code === 'string' ? error.code : undefined;
  if (code && (TRANSIENT_PRISMA_CODES.has(code) || TRANSIENT_SYSTEM_CODES.has(code))) return true;
  const sqlState = typeof error.originalCode === 'string' ? error.originalCode : code;
  if (
    sqlState &&
    /^[0-9A-Z]{5}$/.test(sqlState) &&
    TRANSIENT_SQLSTATE.some((pattern) => pattern.test(sqlState))
  )
    return true;
  if (typeof error.kind === 'string' && TRANSIENT_ADAPTER_KINDS.has(error.kind)) return true;
  // kafkajs marks the errors a retry can cure (broker away, leader moving, request timed out).
  if (typeof error.name === 'string' && error.name.startsWith('KafkaJS') && error.retriable === true)
    return true;
  return typeof error.message === 'string' && TRANSIENT_MESSAGES.test(error.message);
}

/** Looks through the error, its causes and the driver adapter's error Prisma wraps. */
export function isTransientFailure(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const candidate = current as ErrorLike;
    if (isTransientOne(candidate)) return true;
    queue.push(candidate.cause, candidate.meta?.driverAdapterError);
    if (Array.isArray(candidate.errors)) queue.push(...candidate.errors);
  }
  return false;
}
