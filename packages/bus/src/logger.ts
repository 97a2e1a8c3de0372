/** The part of a pino logger the bus uses; any pino logger fits. Never pass payloads: they carry personal data. */
export interface Logger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

const ignore = () => {};

/** Used when the caller gives no logger: problems still reach stderr, routine messages are dropped. */
export const stderrLogger: Logger = {
  debug: ignore,
  info: ignore,
  warn: (fields, message) => console.warn(JSON.stringify({ level: 'warn', msg: message, ...fields })),
  error: (fields, message) => console.error(JSON.stringify({ level: 'error', msg: message, ...fields })),
};

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
