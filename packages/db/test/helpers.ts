import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createTestSchema, type TestSchema } from '../src/testing.ts';

const fixtureDir = fileURLToPath(new URL('./fixtures/migrations', import.meta.url));

export interface Workspace {
  db: TestSchema;
  dir: string;
}

/** A fresh schema name plus a writable copy of the fixture migrations; cleaned up by `cleanupAll`. */
export function workspaces() {
  const created: Workspace[] = [];
  return {
    async create(prefix = 'db_migrate'): Promise<Workspace> {
      const dir = await mkdtemp(join(tmpdir(), 'jz-migrations-'));
      await cp(fixtureDir, dir, { recursive: true });
      const ws = { db: createTestSchema(prefix), dir };
      created.push(ws);
      return ws;
    },
    async cleanupAll(): Promise<void> {
      for (const ws of created) {
        await ws.db.drop();
        await rm(ws.dir, { recursive: true, force: true });
      }
    },
  };
}

export async function addMigration(dir: string, name: string, sql: string): Promise<void> {
  await mkdir(join(dir, name), { recursive: true });
  await writeFile(join(dir, name, 'migration.sql'), sql);
}

export async function query<R extends pg.QueryResultRow>(
  connectionString: string,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
