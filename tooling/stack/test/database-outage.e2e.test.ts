import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransportFromEnv, listDeadLetters, openReplayLog } from '@jiuzhu/bus';
import { dropDatabase } from '../src/database.ts';
import { serviceClients } from '../src/clients.ts';
import { startStack, type Stack } from '../src/stack.ts';
import { startCuttableProxy } from './cuttable-proxy.ts';
import {
  USERS,
  aLead,
  approveThroughChain,
  fundBudget,
  investigateAndSubmit,
  openCase,
  payApprovedCase,
  QUIET_BANK,
  tokenOf,
} from './fixtures.ts';
import { platforms, type PlatformRun } from './platforms.ts';

const BASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';
const OUTAGE_MS = 10_000;

/**
 * The incident of a shared PostgreSQL that refused connections for a while: the event of a case just opened
 * must wait, not be dead-lettered, and the case must go on once the database is back.
 */
describe.each(platforms('[stack] a database outage'))('on $name', { timeout: 240_000 }, (platform) => {
  let stack: Stack;
  let run: PlatformRun | undefined;
  let proxy: Awaited<ReturnType<typeof startCuttableProxy>>;
  let databaseUrl: string;
  const output: string[] = [];

  const tokenFor = async (username: string) => await tokenOf(stack, username);

  beforeAll(async () => {
    const direct = new URL(BASE_URL);
    proxy = await startCuttableProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    // Every service, and on the embedded bus the bus itself, reaches the database through the proxy.
    const url = new URL(BASE_URL);
    url.host = `127.0.0.1:${proxy.port}`;
    url.pathname = `/jiuzhu_outage_${randomBytes(4).toString('hex')}`;
    databaseUrl = url.toString();
    run = await platform.setUp();
    stack = await startStack({
      databaseUrl,
      ports: 'random',
      ...run.options,
      serviceEnv: {
        ...run.options.serviceEnv,
        ...QUIET_BANK,
      },
      onOutput: (service, line) => output.push(`[${service}] ${line}`),
    });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await run?.tearDown();
    await proxy?.close();
    if (databaseUrl) {
      const direct = new URL(databaseUrl);
      direct.host = new URL(BASE_URL).host;
      await dropDatabase(direct.toString());
    }
  }, 60_000);

  it('lets the case just opened wait for the database, dead-letters nothing, and completes it', async () => {
    const [caseworker, finance] = await Promise.all([
      tokenFor(USERS.caseworker),
      tokenFor(USERS.financeOfficer),
    ]);
    const [head, chief] = await Promise.all([tokenFor(USERS.head), tokenFor(USERS.chief)]);
    const urls = stack.serviceUrls;
    const people = {
      intake: serviceClients.intake(urls.intake, caseworker),
      investigation: serviceClients.investigation(urls.investigation, caseworker),
      approval: {
        caseworker: serviceClients.approval(urls.approval, caseworker),
        head: serviceClients.approval(urls.approval, head),
        chief: serviceClients.approval(urls.approval, chief),
      },
      finance: serviceClients.payments(urls.payments, finance),
      followup: serviceClients.followup(urls.followup, caseworker),
    };
    await fundBudget(people.finance, 'court-440983', 100_000_000);

    // The case is opened; its event is on its way to every service when the database goes away.
    const { caseId } = await openCase(people.intake, aLead());
    await proxy.cut(OUTAGE_MS);

    // Back again: the case reached investigation and goes on to payment and follow-up.
    try {
      await investigateAndSubmit(people.investigation, caseId);
      await approveThroughChain(people.approval, caseId);
      await payApprovedCase(people.finance, caseId);
      const deadline = Date.now() + 90_000;
      while ((await people.followup.listVisits.query({ caseId }).catch(() => [])).length !== 4) {
        if (Date.now() > deadline) throw new Error('no follow-up plan');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${output.slice(-60).join('\n')}`, { cause: error });
    }

    // Nothing was given up on, on any topic.
    const transport = createTransportFromEnv({
      ...run!.options.serviceEnv,
      DATABASE_URL: stack.databaseUrl,
      BUS_POOL_MAX: '1',
    });
    const replays = openReplayLog(stack.databaseUrl);
    try {
      expect(await listDeadLetters(transport, replays)).toEqual([]);
    } finally {
      await replays.close();
      await transport.close();
    }
    expect(output.filter((line) => line.includes('message dead-lettered'))).toEqual([]);

    // The case's opening was handled once by each service that consumes it.
    const client = new pg.Client({ connectionString: stack.databaseUrl });
    await client.connect();
    try {
      for (const consumer of ['investigation', 'approval', 'followup']) {
        const { rows } = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "${consumer}".inbox i JOIN intake.outbox o ON o.id = i.event_id WHERE o.key = $1`,
          [caseId],
        );
        expect(rows[0]!.n, `${consumer} handled the opening`).toBe(1);
      }
    } finally {
      await client.end();
    }
  });
});
