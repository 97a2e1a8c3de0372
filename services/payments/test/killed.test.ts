import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createTRPCClient, httpLink } from '@trpc/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgTransport, envelopeMessage } from '@jiuzhu/bus';
import { caseOpened, decisionIssued, type EventDefinition, type PaymentsRouter } from '@jiuzhu/contracts';
import { createTestSchema } from '@jiuzhu/db/testing';
import { DEMO_PASSWORD, startIdentityProvider } from '@jiuzhu/identity';
import { signIn } from '@jiuzhu/identity/testing';
import { eventually } from '@jiuzhu/service-kit/testing';
import { anApprovedDecision, moneyFacts, PAYEE, QUIET_BANK, RESERVED_OR_LATER } from './helpers.ts';
import { beijingYear } from '@jiuzhu/calendar';

// Issue #4: a payments service killed (SIGKILL, no shutdown code runs) between reserving a payment and the
// bank accepting it must, once restarted, pay it exactly once and keep the books balanced.

const ORG = 'court-440983';
const REDIRECT_URI = 'http://127.0.0.1:4100/auth/callback';
const PAYMENTS_DIR = fileURLToPath(new URL('../', import.meta.url));
const year = beijingYear();
type Decision = ReturnType<typeof anApprovedDecision>;

let identity: Awaited<ReturnType<typeof startIdentityProvider>>;
let financeToken: string;
/** Every process still alive and everything to release, so that a failing test leaves nothing behind. */
const alive = new Set<ChildProcess>();
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  identity = await startIdentityProvider({ port: 0, portalRedirectUris: [REDIRECT_URI] });
  const tokens = await signIn({
    authServerUrl: identity.url,
    realm: identity.realm,
    clientId: identity.portalClientId,
    redirectUri: REDIRECT_URI,
    username: 'xinyi.finance',
    password: DEMO_PASSWORD,
  });
  financeToken = tokens.access_token;
});

afterAll(async () => {
  await Promise.all([...alive].map((child) => signalAndWait(child, 'SIGKILL')));
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  await identity?.close();
});

describe('a payments service process killed with SIGKILL', () => {
  it('after reserving: the restarted service sends the instruction once, and the books balance', async () => {
    const db = await aFreshDatabase();
    const first = await startPayments({ ...db.env, ...QUIET_BANK, PAYMENTS_DISPATCHER: 'off' });
    const decision = anApprovedDecision(1_000_000);
    await fundAndReserve(first.url, db, decision);
    const key = await idempotencyKeyOf(db, decision);

    await first.kill();
    expect(await db.query(`SELECT status FROM payment_instruction`)).toEqual([{ status: 'reserved' }]);
    expect(await db.query(`SELECT 1 FROM sim_bank_transfer`)).toEqual([]);

    const restarted = await startPayments({ ...db.env, ...QUIET_BANK });
    await expectPaidExactlyOnce(restarted.url, db, decision, key);
    await restarted.stop();
  }, 180_000);

  it('after claiming, before the bank accepted: the chase finds nothing at the bank and sends it again under the same key', async () => {
    const db = await aFreshDatabase();
    // The dispatcher marks an instruction `sent` before it asks the bank. To kill the process in that window,
    // the simulated bank never answers a send nor takes the transfer, and the service would wait for it far
    // longer than this test runs: the process is killed while it waits.
    const first = await startPayments({
      ...db.env,
      ...QUIET_BANK,
      SIM_BANK_SEND_TIMEOUT_RATE: '1',
      SIM_BANK_SEND_TIMEOUT_ACCEPTED_RATE: '0',
      PAYMENTS_BANK_TIMEOUT_MS: '600000',
    });
    const decision = anApprovedDecision(1_200_000);
    await fundAndReserve(first.url, db, decision);
    const claimed = () =>
      db.query<{ status: string; last_error: string | null }>(
        `SELECT status, last_error FROM payment_instruction WHERE case_id = $1`,
        [decision.caseId],
      );
    await eventually(
      async () => ((await claimed())[0]?.status === 'sent' ? true : undefined),
      'the instruction claimed by the dispatcher',
    );
    const key = await idempotencyKeyOf(db, decision);

    await first.kill();
    // Claimed, the send still unanswered (no error recorded), and nothing at the bank.
    expect(await claimed()).toEqual([{ status: 'sent', last_error: null }]);
    expect(await db.query(`SELECT 1 FROM sim_bank_transfer`)).toEqual([]);

    // A short confirmation timeout, so that the restarted service asks the bank about it soon.
    const restarted = await startPayments({ ...db.env, ...QUIET_BANK, PAYMENTS_CONFIRM_TIMEOUT_MS: '1000' });
    await expectPaidExactlyOnce(restarted.url, db, decision, key);
    await restarted.stop();
  }, 180_000);
});

/** Funds the agency's budget, issues the decision upstream and prepares the payee: the instruction is reserved. */
async function fundAndReserve(url: string, db: FreshDatabase, decision: Decision) {
  const finance = financeAt(url);
  await finance.setBudget.mutate({
    orgId: ORG,
    year,
    fundSource: 'central_transfer',
    allocatedFen: 3_000_000,
  });
  await db.deliver(decision);
  await eventually(() => finance.getPayment.query({ caseId: decision.caseId }), 'instruction');
  const prepared = await finance.preparePayment.mutate({ caseId: decision.caseId, ...PAYEE });
  expect(prepared.status).toEqual(RESERVED_OR_LATER);
}

async function expectPaidExactlyOnce(url: string, db: FreshDatabase, decision: Decision, key: string) {
  const finance = financeAt(url);
  await eventually(
    async () =>
      (await finance.getPayment.query({ caseId: decision.caseId })).status === 'paid' ? true : undefined,
    'payment after restart',
    30_000,
  );
  expect(await db.query(`SELECT idempotency_key, amount_fen::int, status FROM sim_bank_transfer`)).toEqual([
    { idempotency_key: key, amount_fen: decision.approvedAmountFen, status: 'confirmed' },
  ]);
  expect(await moneyFacts(db, decision.caseId)).toEqual({
    disbursements: 1,
    unbalancedTransactions: 0,
    ledgerPaidFen: decision.approvedAmountFen,
    disbursementEvents: 1,
  });
  const [budget] = await finance.listBudgets.query({ orgId: ORG, year });
  expect(budget).toMatchObject({ spentFen: decision.approvedAmountFen, reservedFen: 0 });
  const { funds } = await finance.reconcile.query({ orgId: ORG, year });
  expect(funds).toEqual([
    expect.objectContaining({
      fundSource: 'central_transfer',
      budgetSpentFen: decision.approvedAmountFen,
      ledgerPaidFen: decision.approvedAmountFen,
      bankConfirmedFen: decision.approvedAmountFen,
      reconciled: true,
    }),
  ]);
}

async function idempotencyKeyOf(db: FreshDatabase, decision: Decision): Promise<string> {
  const [row] = await db.query<{ idempotency_key: string }>(
    `SELECT idempotency_key FROM payment_instruction WHERE case_id = $1`,
    [decision.caseId],
  );
  expect(row?.idempotency_key).toBeTruthy();
  return row!.idempotency_key;
}

const financeAt = (url: string) =>
  createTRPCClient<PaymentsRouter>({
    links: [httpLink({ url: `${url}/trpc`, headers: () => ({ authorization: `Bearer ${financeToken}` }) })],
  });

type FreshDatabase = Awaited<ReturnType<typeof aFreshDatabase>>;

/** A fresh schema (and bus) for the payments service processes of one test, and the test's own access to it. */
async function aFreshDatabase() {
  const schema = createTestSchema('payments_killed');
  const busSchema = `${schema.schema}_bus`;
  const transport = createPgTransport({ connectionString: schema.connectionString, schema: busSchema });
  const sql = new pg.Pool({
    connectionString: schema.connectionString,
    max: 3,
    options: `-c search_path=${schema.schema}`,
  });
  cleanups.push(async () => {
    await transport.close();
    await sql.end();
    await schema.drop();
    const admin = new pg.Client({ connectionString: schema.connectionString });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${admin.escapeIdentifier(busSchema)} CASCADE`);
    await admin.end();
  });

  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) =>
    (await sql.query<R>(text, values)).rows;

  return {
    env: { DATABASE_URL: schema.connectionString, DB_SCHEMA: schema.schema, BUS_SCHEMA: busSchema },
    query,

    /** Publishes the case's opening and then the approval decision, as intake's and approval's relays would. */
    async deliver(decision: Decision) {
      const envelope = <P>(def: EventDefinition<P>, actor: string, payload: P) =>
        envelopeMessage({
          id: crypto.randomUUID(),
          type: def.type,
          version: def.version,
          occurredAt: new Date().toISOString(),
          caseKey: decision.caseId,
          actor: { userId: actor, orgId: ORG },
          payload,
        });
      const opening = {
        caseId: decision.caseId,
        caseNumber: `（2026）粤0983司救${decision.caseId.slice(0, 4)}号`,
        handlingOrgId: decision.handlingOrgId,
        leadSource: 'ex_officio' as const,
        urgent: false,
        requestedAmountFen: decision.approvedAmountFen,
      };
      await transport.publish(caseOpened.topic, [envelope(caseOpened, 'test:intake', opening)]);
      await transport.publish(decisionIssued.topic, [envelope(decisionIssued, 'test:approval', decision)]);
    },
  };
}

interface PaymentsProcess {
  url: string;
  /** kill -9: no shutdown code runs. */
  kill(): Promise<void>;
  /** As an orchestrator stops it (SIGTERM), to end a test cleanly. */
  stop(): Promise<void>;
}

/** The payments service as its own process, as the start command runs it. */
async function startPayments(env: NodeJS.ProcessEnv): Promise<PaymentsProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(process.execPath, ['--conditions=jiuzhu-source', 'src/main.ts'], {
    cwd: PAYMENTS_DIR,
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port), KEYCLOAK_URL: identity.url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  alive.add(child);
  child.once('exit', () => alive.delete(child));
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`payments exited (${child.exitCode ?? child.signalCode}):\n${output}`);
    const ready = await fetch(`${url}/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await signalAndWait(child, 'SIGKILL');
      throw new Error(`payments was not ready within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    url,
    async kill() {
      await signalAndWait(child, 'SIGKILL');
      expect(child.signalCode).toBe('SIGKILL');
    },
    async stop() {
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await signalAndWait(child, 'SIGTERM');
      clearTimeout(timer);
    },
  };
}

async function signalAndWait(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (typeof address !== 'object' || !address) throw new Error('could not find a free port');
  return address.port;
}
