import { parseArgs } from 'node:util';
import pg from 'pg';
import { signIn } from '@jiuzhu/identity/testing';
import { serviceClients } from './clients.ts';
import { approveThroughChain, fundBudget, investigateAndSubmit, payApprovedCase } from './journey.ts';
import { platformEnv, platformInstanceUrls } from './runtime-file.ts';
import type { ServiceName } from './services.ts';
import { PORTAL_CLIENT_ID, PORTAL_REDIRECT_URI, REALM } from './stack.ts';

/**
 * Pushes cases through the running platform (`./jiuzhu start`) and prints throughput, per-hop and
 * whole-journey latency, and database commits per case. A script that prints figures, not a test.
 */
const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '10' },
    password: { type: 'string', default: 'jiuzhu-demo' },
    'timeout-seconds': { type: 'string', default: '300' },
  },
});
const cases = Number(values.cases);
const concurrency = Number(values.concurrency);
// What `./jiuzhu start` runs (its runtime file), unless the environment names something else.
const env = platformEnv();
const databaseUrl = env['DATABASE_URL']!;
const authServerUrl = env['KEYCLOAK_URL']!;
const instanceUrls = platformInstanceUrls();
const instances = Math.max(...Object.values(instanceUrls).map((urls) => urls.length));

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

/** The people of Xinyi court who act on every case: caseworker, department head, chief, finance officer. */
const tokenOf = async (username: string) =>
  (
    await signIn({
      authServerUrl,
      realm: REALM,
      clientId: PORTAL_CLIENT_ID,
      redirectUri: PORTAL_REDIRECT_URI,
      username,
      password: values.password,
    })
  ).access_token;
const [caseworker, head, chief, financeOfficer] = await Promise.all(
  ['xinyi.caseworker', 'xinyi.head', 'xinyi.chief', 'xinyi.finance'].map(tokenOf),
);
/** The people's clients on one instance of every service; the workers take the instances in turn. */
const clientsAt = (instance: number) => {
  const url = (name: ServiceName) => instanceUrls[name][instance % instanceUrls[name].length]!;
  return {
    intake: serviceClients.intake(url('intake'), caseworker),
    investigation: serviceClients.investigation(url('investigation'), caseworker),
    approvers: {
      caseworker: serviceClients.approval(url('approval'), caseworker),
      head: serviceClients.approval(url('approval'), head),
      chief: serviceClients.approval(url('approval'), chief),
    },
    finance: serviceClients.payments(url('payments'), financeOfficer),
  };
};
const { finance } = clientsAt(0);
// Enough budget for the run: setting the year's allocation again raises it.
await fundBudget(finance, 'court-440983', 90_000_000_000);

// Idle cost first: relays and consumers poll even when nothing happens.
const idleWindowMs = 5_000;
const idleStart = await commits();
await sleep(idleWindowMs);
const idleCommitsPerMs = ((await commits()) - idleStart) / idleWindowMs;

/** A distinct valid ID number per case and run, so the one-off rule never stops a benchmark case. */
function benchIdNumber(tag: number, n: number): string {
  const year = 1950 + (tag % 50);
  const month = 1 + (Math.floor(tag / 50) % 12);
  const day = 1 + ((Math.floor(n / 1000) + Math.floor(tag / 600)) % 28);
  const pad = (v: number, width = 2) => String(v).padStart(width, '0');
  const body = `110101${year}${pad(month)}${pad(day)}${pad(n % 1000, 3)}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11];
}
const runTag = Math.floor(Date.now() / 1000);

const startedAt = new Map<string, number>();
const commitsBefore = await commits();
const runStart = Date.now();
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async (_, worker) => {
    const { intake, investigation, approvers, finance } = clientsAt(worker);
    while (next < cases) {
      next += 1;
      const t0 = Date.now();
      const lead = await intake.createLead.mutate({
        source: 'ex_officio',
        applicant: {
          name: '测试',
          idNumber: benchIdNumber(runTag, next),
          phone: '13800138000',
          address: { regionCode: '440983', detail: '信宜市东镇街道' },
        },
        incidentSummary: '基准测试案件，用于测量吞吐量。',
        requestedAmountFen: 1_000_000,
        urgentReasons: [],
        consent: { dataChecks: true, form: 'written' },
      });
      const opened = await intake.acceptLead.mutate({ leadId: lead.leadId });
      await investigateAndSubmit(investigation, opened.caseId);
      await approveThroughChain(approvers, opened.caseId);
      await payApprovedCase(finance, opened.caseId);
      startedAt.set(opened.caseId, t0);
    }
  }),
);

/** The services a case passes through, each announcing its step with its first event about the case. */
const CHAIN = ['intake', 'investigation', 'approval', 'payments', 'followup'] as const;

const submitted = [...startedAt.keys()];
const eventTimes = async (schema: string) => {
  const { rows } = await db.query<{ key: string; at: string }>(
    `SELECT key, min(envelope->>'occurredAt') AS at FROM "${schema}".outbox WHERE key = ANY($1) GROUP BY key`,
    [submitted],
  );
  return new Map(rows.map((r) => [r.key, Date.parse(r.at)]));
};
const giveUpAt = Date.now() + Number(values['timeout-seconds']) * 1000;
while ((await eventTimes('followup')).size < submitted.length && Date.now() < giveUpAt) await sleep(200);
const runMs = Date.now() - runStart;
const commitsUsed = (await commits()) - commitsBefore;

const times = await Promise.all(CHAIN.map((name) => eventTimes(name)));
// Cases still waiting (a payment the simulated bank failed or lost, awaiting retry) are reported, not timed.
const ids = submitted.filter((id) => times[CHAIN.length - 1]!.has(id));
const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const row = (label: string, xs: number[]) =>
  `  ${label.padEnd(28)} p50 ${String(percentile(xs, 50)).padStart(6)} ms   p99 ${String(percentile(xs, 99)).padStart(6)} ms`;

const lines = [
  `cases: ${submitted.length} submitted, ${ids.length} completed, concurrency: ${concurrency}, instances per service: ${instances}, wall time: ${runMs} ms`,
  `throughput: ${((ids.length / runMs) * 1000).toFixed(1)} cases/s (lead taken down → first return visit planned, every person's step scripted)`,
  'latency:',
  ...CHAIN.slice(1).map((name, i) => {
    const from = times[i]!;
    const to = times[i + 1]!;
    return row(
      `${CHAIN[i]} → ${name}`,
      ids.map((id) => to.get(id)! - from.get(id)!),
    );
  }),
  row(
    'whole journey',
    ids.map((id) => times[CHAIN.length - 1]!.get(id)! - startedAt.get(id)!),
  ),
  `database commits per case: ${(commitsUsed / ids.length).toFixed(1)} (all), ${((commitsUsed - idleCommitsPerMs * runMs) / ids.length).toFixed(1)} (less idle polling of ${(idleCommitsPerMs * 1000).toFixed(1)}/s)`,
];
process.stdout.write(`${lines.join('\n')}\n`);
await db.end();
