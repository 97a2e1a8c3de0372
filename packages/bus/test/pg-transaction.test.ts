import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../src/pg-transaction.ts';
import { DATABASE_URL } from './helpers.ts';

const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
const admin = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
afterAll(async () => {
  await pool.end();
  await admin.end();
});

describe('a bus transaction whose connection is cut', () => {
  it('fails the work instead of ending the process, and the pool serves the next one on a new connection', async () => {
    let cutPid = 0;
    const attempt = inTransaction(pool, async (client) => {
      cutPid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      // The connection drops between two queries, as when the database restarts during a publish.
      await admin.query('SELECT pg_terminate_backend($1)', [cutPid]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await client.query('SELECT 1');
    });
    await expect(attempt).rejects.toThrow(/terminat|not queryable/i);

    const next = await inTransaction(pool, async (client) =>
      client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'),
    );
    expect(next.rows[0]!.pid).not.toBe(cutPid);
  });
});
