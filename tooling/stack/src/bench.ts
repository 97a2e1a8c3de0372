import { parseArgs } from 'node:util';
import pg from 'pg';
import { signIn } from '@jiuzhu/identity/testing';
import { serviceClients } from './clients.ts';
import { SERVICES } from './services.ts';
import { PORTAL_CLIENT_ID, PORTAL_REDIRECT_URI, REALM } from './stack.ts';

/**
 * Pushes cases through the running platform (`./jiuzhu start`) and prints throughput, per-hop and
 * whole-journey latency, and database commits per case. A script that prints figures, not a test.
 */
const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '10' },
    user: { type: 'string', default: 'xinyi.caseworker' },
    password: { type: 'string', default: 'jiuzhu-demo' },
  },
});
const cases = Number(values.cases);
const concurrency = Number(values.concurrency);
const databaseUrl = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/jiuzhu';
const authServerUrl = process.env['KEYCLOAK_URL'] ?? 'http://127.0.0.1:8080';
const serviceUrl = (name: string, port: number) =>
  process.env[`${name.toUpperCase()}_URL`] ?? `http://127.0.0.1:${port}`;

const db = new pg.Pool({ connectionString: databaseUrl, max: 6 });
const commits = async () =>
  Number(
    (
      await db.query<{ n: string }>(
        'SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()',
      )
    ).rows[0]?.n,
  );
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const { access_token: accessToken } = await signIn({
  authServerUrl,
  realm: REALM,
  clientId: PORTAL_CLIENT_ID,
  redirectUri: PORTAL_REDIRECT_URI,
  username: values.user,
  password: values.password,
});
const intake = serviceClients.intake(serviceUrl('intake', 4101), accessToken);

// Idle cost first: relays and consumers poll even when nothing happens.
const idleWindowMs = 5_000;
const idleStart = await commits();
await sleep(idleWindowMs);
const idleCommitsPerMs = ((await commits()) - idleStart) / idleWindowMs;

const startedAt = new Map<string, number>();
const commitsBefore = await commits();
const runStart = Date.now();
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < cases) {
      next += 1;
      const t0 = Date.now();
      const opened = await intake.openLead.mutate({
        source: 'ex_officio',
        applicant: {
          name: '测试',
          idNumber: '440983199003071238',
          phone: '13800138000',
          address: { regionCode: '440983', detail: '信宜市东镇街道' },
        },
        incidentSummary: '基准测试案件，用于测量吞吐量。',
        requestedAmountFen: 1_000_000,
      });
      startedAt.set(opened.caseId, t0);
    }
  }),
);

const ids = [...startedAt.keys()];
const eventTimes = async (schema: string) => {
  const { rows } = await db.query<{ key: string; at: string }>(
    `SELECT key, envelope->>'occurredAt' AS at FROM "${schema}".outbox WHERE key = ANY($1)`,
    [ids],
  );
  return new Map(rows.map((r) => [r.key, Date.parse(r.at)]));
};
while ((await eventTimes('followup')).size < ids.length) await sleep(200);
const runMs = Date.now() - runStart;
const commitsUsed = (await commits()) - commitsBefore;

const times = await Promise.all(SERVICES.map(({ name }) => eventTimes(name)));
const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const row = (label: string, xs: number[]) =>
  `  ${label.padEnd(28)} p50 ${String(percentile(xs, 50)).padStart(6)} ms   p99 ${String(percentile(xs, 99)).padStart(6)} ms`;

const lines = [
  `cases: ${ids.length}, concurrency: ${concurrency}, wall time: ${runMs} ms`,
  `throughput: ${((ids.length / runMs) * 1000).toFixed(1)} cases/s (lead accepted → visit scheduled)`,
  'latency:',
  ...SERVICES.slice(1).map(({ name }, i) => {
    const from = times[i]!;
    const to = times[i + 1]!;
    return row(
      `${SERVICES[i]!.name} → ${name}`,
      ids.map((id) => to.get(id)! - from.get(id)!),
    );
  }),
  row(
    'whole journey',
    ids.map((id) => times[SERVICES.length - 1]!.get(id)! - startedAt.get(id)!),
  ),
  `database commits per case: ${(commitsUsed / ids.length).toFixed(1)} (all), ${((commitsUsed - idleCommitsPerMs * runMs) / ids.length).toFixed(1)} (less idle polling of ${(idleCommitsPerMs * 1000).toFixed(1)}/s)`,
];
process.stdout.write(`${lines.join('\n')}\n`);
await db.end();
