import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isTransientFailure } from '../src/index.ts';
import { DATABASE_URL, uniqueName } from './helpers.ts';

/** The error a real call fails with. */
async function failureOf(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => {});
  }
}

describe('which failures are the infrastructure’s (retried until they pass) and which the event’s', () => {
  it('counts a refused connection, a terminated session and too many connections as transient', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const refused = await failureOf(() =>
      withClient(`postgresql://postgres@127.0.0.1:${port}/test`, async () => {}),
    );
    expect(isTransientFailure(refused)).toBe(true);

    const terminated = await withClient(DATABASE_URL, async (victim) => {
      const { rows } = await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await withClient(DATABASE_URL, (admin) =>
        admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]),
      );
      return failureOf(() => victim.query('SELECT 1'));
    });
    expect(isTransientFailure(terminated)).toBe(true);

    // A role allowed no connections at all is refused as a full server refuses (SQLSTATE 53300).
    const role = uniqueName('jz_full');
    await withClient(DATABASE_URL, (admin) => admin.query(`CREATE ROLE ${role} LOGIN CONNECTION LIMIT 0`));
    try {
      const url = new URL(DATABASE_URL);
      url.username = role;
      const full = await failureOf(() => withClient(url.toString(), async () => {}));
      expect((full as { code?: string }).code).toBe('53300');
      expect(isTransientFailure(full)).toBe(true);
    } finally {
      await withClient(DATABASE_URL, (admin) => admin.query(`DROP ROLE ${role}`));
    }
  });

  it('looks inside the error Prisma wraps around its driver adapter’s', () => {
    // The shape Prisma 7 with @prisma/adapter-pg throws when the server cannot be reached.
    const unreachable = Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), {
      name: 'PrismaClientKnownRequestError',
      code: 'P2010',
      meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable' } } },
    });
    expect(isTransientFailure(unreachable)).toBe(true);
    const tooMany = Object.assign(new Error('Raw query failed'), {
      code: 'P2010',
      meta: { driverAdapterError: { cause: { kind: 'postgres', originalCode: '53300' } } },
    });
    expect(isTransientFailure(tooMany)).toBe(true);
    const duplicate = Object.assign(new Error('Unique constraint failed'), {
      code: 'P2002',
      meta: { driverAdapterError: { cause: { kind: 'UniqueConstraintViolation' } } },
    });
    expect(isTransientFailure(duplicate)).toBe(false);
  });

  it('counts a bug, bad data or a broken rule as the event’s own failure', async () => {
    const divided = await withClient(DATABASE_URL, (client) => failureOf(() => client.query('SELECT 1/0')));
    expect((divided as { code?: string }).code).toBe('22012');
    expect(isTransientFailure(divided)).toBe(false);
    expect(isTransientFailure(new TypeError("Cannot read properties of undefined (reading 'caseId')"))).toBe(
      false,
    );
    expect(isTransientFailure(new Error('ledger unavailable'))).toBe(false);
    expect(isTransientFailure(undefined)).toBe(false);
  });
});
