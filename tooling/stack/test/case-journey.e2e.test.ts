import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '@jiuzhu/identity/testing';
import { dropDatabase } from '../src/database.ts';
import { serviceClient } from '../src/clients.ts';
import { PORTAL_CLIENT_ID, PORTAL_REDIRECT_URI, startStack, type Stack } from '../src/stack.ts';
import { SERVICES } from '../src/services.ts';
import { startOtlpReceiver } from './otlp-receiver.ts';
import { DEMO_PASSWORD, USERS, aLead } from './fixtures.ts';

const BASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';

let stack: Stack;
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
let databaseUrl: string;
const output: string[] = [];

async function tokenFor(username: string): Promise<string> {
  const tokens = await signIn({
    authServerUrl: stack.authServerUrl,
    realm: stack.realm,
    clientId: PORTAL_CLIENT_ID,
    redirectUri: PORTAL_REDIRECT_URI,
    username,
    password: DEMO_PASSWORD,
  });
  return tokens.accessToken;
}

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}\n${output.slice(-40).join('\n')}`);
}

async function countRows(sql: string, params: unknown[]): Promise<number> {
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(sql, params);
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  const url = new URL(BASE_URL);
  url.pathname = `/jiuzhu_e2e_${randomBytes(4).toString('hex')}`;
  databaseUrl = url.toString();
  stack = await startStack({
    databaseUrl,
    ports: 'random',
    serviceEnv: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: '100' },
    onOutput: (service, line) => output.push(`[${service}] ${line}`),
  });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
  if (databaseUrl) await dropDatabase(databaseUrl);
}, 60_000);

describe('one assistance case, from a lead to a scheduled follow-up visit', () => {
  it('travels through all six services over the bus, each step once, in one trace', async () => {
    const token = await tokenFor(USERS.caseworker);
    const traceId = randomBytes(16).toString('hex');
    const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
    const intake = serviceClient<'intake'>(stack.serviceUrls.intake, token, () => ({ traceparent }));

    const opened = await intake.openLead.mutate(aLead({ requestedAmountFen: 5_000_000 }));
    expect(opened.applicant.idNumberMasked).not.toContain('19900307');
    const caseId = opened.caseId;

    const followup = serviceClient<'followup'>(stack.serviceUrls.followup, token);
    const visits = await eventually(async () => {
      const list = await followup.listVisits.query({ caseId });
      return list.length > 0 ? list : undefined;
    }, 'the follow-up visit');
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({ caseId, method: 'phone', status: 'scheduled' });

    const verification = await serviceClient<'investigation'>(stack.serviceUrls.investigation, token).getVerification.query({ caseId });
    expect(verification).toMatchObject({ eligible: true, recommendedAmountFen: 5_000_000, handlingOrgId: opened.handlingOrgId });
    const decision = await serviceClient<'approval'>(stack.serviceUrls.approval, token).getDecision.query({ caseId });
    expect(decision).toMatchObject({ outcome: 'approved', approvedAmountFen: 5_000_000 });
    const paid = await serviceClient<'payments'>(stack.serviceUrls.payments, token).listDisbursements.query({ caseId });
    expect(paid).toEqual([expect.objectContaining({ decisionId: decision.decisionId, amountFen: 5_000_000 })]);
    const referrals = await serviceClient<'referral'>(stack.serviceUrls.referral, token).listReferrals.query({ caseId });
    expect(referrals).toEqual([expect.objectContaining({ programme: 'dibao', status: 'sent' })]);

    // Each service published exactly one event for the case and each consumer recorded each event once.
    for (const { name } of SERVICES) {
      expect(await countRows(`SELECT count(*) AS n FROM "${name}".outbox WHERE key = $1`, [caseId])).toBe(1);
    }
    for (const name of ['investigation', 'approval', 'payments', 'referral', 'followup']) {
      expect(await countRows(`SELECT count(*) AS n FROM "${name}".inbox`, [])).toBe(1);
    }

    // Every service's spans for this journey carry the trace id the caller started.
    const services = SERVICES.map(({ name }) => `jiuzhu-${name}`);
    await eventually(async () => {
      const seen = new Set(receiver.spans.filter((s) => s.traceId === traceId).map((s) => s.service));
      return services.every((s) => seen.has(s)) ? true : undefined;
    }, 'spans from all six services in the trace', 30_000);
    const consumerSpans = receiver.spans.filter((s) => s.kind === 5);
    expect(consumerSpans.length).toBeGreaterThanOrEqual(5);
    expect(new Set(consumerSpans.map((s) => s.traceId))).toEqual(new Set([traceId]));
  });
});
