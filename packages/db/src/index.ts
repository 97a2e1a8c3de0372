export { applyMigrations, PRISMA_MIGRATE_LOCK_KEY } from './apply-migrations.ts';
export type { ApplyMigrationsOptions, ApplyMigrationsResult } from './apply-migrations.ts';
export { MigrationError } from './migration-error.ts';
export type { MigrationErrorCode } from './migration-error.ts';
export { migrationChecksum } from './checksum.ts';
