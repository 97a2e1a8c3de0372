import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTransportFromEnv,
  envelopeMessage,
  on,
  outboxTablesSql,
  startConsumer,
  type Consumer,
  type SqlExecutor,
  type Transport,
} from '@jiuzhu/bus';
import { caseOpened, type EventEnvelope } from '@jiuzhu/contracts';
import { dropDatabase, ensureDatabase } from '../src/database.ts';
import { platforms, type PlatformRun } from './platforms.ts';

const BASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';
const STACK_DIR = fileURLToPath(new URL('../', import.meta.url));
const run = promisify(execFile);

/** `./jiuzhu dlq …` as an operator runs it (the command behind it, with the platform's environment). */
async function dlq(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, ['--conditions=jiuzhu-source', 'src/dlq.ts', ...args], {
      cwd: STACK_DIR,
      env: { ...process.env, ...env },
    });
    return { code: 0, out: stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { code: failed.code ?? 1, out: failed.stdout ?? '' };
  }
}

describe.each(platforms('[stack] the dlq command'))('on $name', { timeout: 120_000 }, (platform) => {
  let setUp: PlatformRun;
  let databaseUrl: string;
  let env: NodeJS.ProcessEnv;
  let pool: pg.Pool;
  let transport: Transport;
  let consumer: Consumer;
  let broken = true;
  const handled: string[] = [];

  beforeAll(async () => {
    setUp = await platform.setUp();
    const url = new URL(BASE_URL);
    url.pathname = `/jiuzhu_dlq_${randomBytes(4).toString('hex')}`;
    databaseUrl = url.toString();
    await ensureDatabase(databaseUrl);
    env = { ...setUp.options.serviceEnv, DATABASE_URL: databaseUrl };
    pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    await pool.query('CREATE SCHEMA svc');
    await pool.query(outboxTablesSql('svc'));
    transport = createTransportFromEnv({ ...env, BUS_POOL_MAX: '2' });
    // A service whose handler of the case's opening fails for a reason of its own, until it is fixed.
    consumer = await startConsumer<SqlExecutor>({
      transport,
      groupId: 'cli-test',
      schema: 'svc',
      transaction: async (fn) => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await fn({
            $executeRawUnsafe: async (sql, ...values) => (await client.query(sql, values)).rowCount ?? 0,
            $queryRawUnsafe: async (sql, ...values) => (await client.query(sql, values)).rows as never,
          });
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        } finally {
          client.release();
        }
      },
      handlers: [
        on(caseOpened, async (event) => {
          if (broken) throw new Error('no amount table for region 440983');
          handled.push(event.id);
        }),
      ],
      retry: { attempts: 1, initialDelayMs: 10, maxDelayMs: 10 },
    });
  }, 120_000);

  afterAll(async () => {
    await consumer?.stop();
    await transport?.close();
    await pool?.end();
    await setUp?.tearDown();
    if (databaseUrl) await dropDatabase(databaseUrl);
  }, 60_000);

  it('lists a dead letter with its reason, replays it by event id once fixed, and shows it replayed', async () => {
    const caseId = randomUUID();
    const envelope: EventEnvelope<unknown> = {
      id: randomUUID(),
      type: caseOpened.type,
      version: caseOpened.version,
      occurredAt: new Date().toISOString(),
      caseKey: caseId,
      actor: { userId: 'xinyi.caseworker', orgId: 'court-440983' },
      payload: {
        caseId,
        caseNumber: '（2026）粤0983司救1号',
        handlingOrgId: 'court-440983',
        leadSource: 'ex_officio',
        urgent: false,
        requestedAmountFen: 100,
      },
    };
    expect((await dlq(env, 'list')).out).toContain('No dead letters');
    await transport.publish(caseOpened.topic, [envelopeMessage(envelope)]);

    let listing = '';
    for (const deadline = Date.now() + 60_000; !listing.includes(envelope.id);) {
      if (Date.now() > deadline) throw new Error(`no dead letter listed:\n${listing}`);
      listing = (await dlq(env, 'list')).out;
    }
    const line = listing.split('\n').find((row) => row.includes(envelope.id))!;
    expect(line).toContain('waiting');
    expect(line).toContain(`case ${caseId}`);
    expect(line).toContain('group cli-test');
    expect(line).toContain('no amount table for region 440983');
    expect(line).toMatch(/^jiuzhu\.intake\.events\.v1\.dlq:\d+:\d+ /);

    broken = false;
    const replayed = await dlq(env, 'replay', envelope.id);
    expect(replayed.code).toBe(0);
    expect(replayed.out).toContain('replayed');
    for (const deadline = Date.now() + 60_000; !handled.includes(envelope.id);) {
      if (Date.now() > deadline) throw new Error('the replayed event was not handled');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect((await dlq(env, 'list')).out).toMatch(
      new RegExp(`replayed \\S+ +intake\\.case-opened +event ${envelope.id}`),
    );
    // Nothing left to replay on the topic, and an unknown id is said to be so.
    expect(await dlq(env, 'replay', '--topic', caseOpened.topic)).toMatchObject({
      code: 1,
      out: expect.stringContaining('Nothing to replay'),
    });
    expect(await dlq(env, 'replay', randomUUID())).toMatchObject({ code: 1 });
    expect(handled).toEqual([envelope.id]);
  });
});
