import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const DEFAULT_TEST_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/test';

export interface TestSchema {
  /** Unique per call: `<prefix>_<random>`; not created until something (e.g. applyMigrations or create()) does. */
  schema: string;
  /** TEST_DATABASE_URL, or the local test database. */
  connectionString: string;
  /** Creates the schema if it does not exist yet. */
  create(): Promise<void>;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/** A uniquely named schema for one test file, so packages can run their tests side by side. */
export function createTestSchema(prefix: string): TestSchema {
  const base =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9_]/g, '_')
      .slice(0, 40) || 'test';
  const schema = `${base}_${randomBytes(6).toString('hex')}`;
  const connectionString = process.env['TEST_DATABASE_URL'] || DEFAULT_TEST_DATABASE_URL;
  const run = async (sql: (ident: string) => string) => {
    const client = new pg.Client({ connectionString });
    client.on('error', () => {});
    await client.connect();
    try {
      await client.query(sql(client.escapeIdentifier(schema)));
    } finally {
      await client.end();
    }
  };
  return {
    schema,
    connectionString,
    create: () => run((ident) => `CREATE SCHEMA IF NOT EXISTS ${ident}`),
    drop: () => run((ident) => `DROP SCHEMA IF EXISTS ${ident} CASCADE`),
  };
}
