export type MigrationErrorCode =
  /** A migration recorded as started but neither finished nor rolled back (Prisma P3009). */
  | 'FAILED_MIGRATION_RECORDED'
  /** An applied migration's migration.sql no longer has the recorded checksum. */
  | 'MIGRATION_MODIFIED'
  /** A migration recorded as applied has no directory in the migrations folder. */
  | 'MIGRATION_MISSING'
  /** The schema has tables but no `_prisma_migrations` history yet (Prisma P3005); it needs a baseline. */
  | 'SCHEMA_NOT_EMPTY'
  /** migration_lock.toml names a provider other than postgresql (Prisma P3019). */
  | 'PROVIDER_MISMATCH'
  /** A migration's SQL failed during this run; its row is left marked as failed (Prisma P3018). */
  | 'MIGRATION_FAILED'
  /** Another migrator held Prisma's advisory lock for longer than the configured wait. */
  | 'LOCK_TIMEOUT';

export class MigrationError extends Error {
  readonly code: MigrationErrorCode;
  /** Names of the migrations concerned. */
  readonly migrations: readonly string[];

  constructor(
    code: MigrationErrorCode,
    migrations: readonly string[],
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'MigrationError';
    this.code = code;
    this.migrations = migrations;
  }
}
