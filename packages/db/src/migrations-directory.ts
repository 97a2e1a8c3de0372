import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { migrationChecksum } from './checksum.ts';

export interface MigrationFile {
  /** Directory name, e.g. `20250101120000_init`; also the `migration_name` recorded in `_prisma_migrations`. */
  name: string;
  script: string;
  checksum: string;
}

export interface MigrationsDirectory {
  /** Provider named in `migration_lock.toml`, or undefined when there is no lock file. */
  lockedProvider: string | undefined;
  /** In the order Prisma applies them. */
  migrations: MigrationFile[];
}

export async function readMigrationsDirectory(dir: string): Promise<MigrationsDirectory> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new Error(`Migrations directory not found: ${dir}`);
    throw error;
  });
  const lockFile = await readFile(join(dir, 'migration_lock.toml'), 'utf8').catch(() => undefined);

  // Prisma sorts with localeCompare, not by code unit; keep the same order.
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b));

  const migrations = await Promise.all(
    names.map(async (name) => {
      const file = join(dir, name, 'migration.sql');
      const script = await readFile(file, 'utf8').catch(() => {
        throw new Error(`Migration ${name} has no readable migration.sql (${file})`);
      });
      return { name, script, checksum: migrationChecksum(script) };
    }),
  );
  return { lockedProvider: lockFile === undefined ? undefined : providerFromLockFile(lockFile), migrations };
}

function providerFromLockFile(content: string): string {
  const line = content.split(/\r?\n/).find((l) => l.startsWith('provider'));
  if (!line) return '<provider not found>';
  return line
    .replace(/^provider\s*=\s*/, '')
    .trim()
    .replace(/^"|"$/g, '');
}
