import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approvalRouter,
  followupRouter,
  intakeRouter,
  investigationRouter,
  paymentsRouter,
  referralRouter,
  type ApprovalApi,
  type FollowupApi,
  type IntakeApi,
  type InvestigationApi,
  type PaymentsApi,
  type ReferralApi,
} from '@jiuzhu/contracts';
import { proceduresOf, sampleInput, type ProcedureShape } from '@jiuzhu/service-kit/testing';
import { serviceClients } from '../src/clients.ts';
import { dropDatabase } from '../src/database.ts';
import { startStack, type Stack } from '../src/stack.ts';
import { SERVICES, type ServiceName } from '../src/services.ts';
import {
  aLead,
  approveThroughChain,
  enrolAsPartner,
  fundBudget,
  investigateAndSubmit,
  openCase,
  payApprovedCase,
  referToCivilAffairs,
  QUIET_BANK,
  tokenOf,
} from './fixtures.ts';
import { beijingToday } from '@jiuzhu/calendar';

/**
 * The access matrix (issue 12): every procedure of every service, read from the routers at run time, called by
 * people who must not see or change a case of 信宜市人民法院 — every role of other agencies, and the agency's own
 * lead referrer and administrator — against a case in each stage of its life, and against a case id that does not
 * exist. Inputs are generated from each procedure's schema with the case's ids put in, so a procedure added later
 * is covered without touching this file. The agency's finance officer, who pays the case, must not get its facts,
 * review report or evidence from any query.
 */

const XINYI = 'court-440983';

/** Every service's procedures, as their routers hold them (the procedures are not called here). */
const ROUTERS: Record<ServiceName, Parameters<typeof proceduresOf>[0]> = {
  intake: intakeRouter({} as IntakeApi),
  investigation: investigationRouter({} as InvestigationApi),
  approval: approvalRouter({} as ApprovalApi),
  payments: paymentsRouter({} as PaymentsApi),
  referral: referralRouter({} as ReferralApi),
  followup: followupRouter({} as FollowupApi),
};

/** People of other agencies, one for every role there is of them (the demo directory has no other agency's admin). */
const OUTSIDERS = [
  'gaozhou.caseworker', // caseworker of a sister court under the same parent
  'gaozhou.head',
  'gaozhou-jcy.chief',
  'gaozhou-jcy.committee',
  'gaozhou-jcy.referrer',
  'yiyuan-jcy.finance',
  'maoming.caseworker', // the parent court's caseworker: the parent's overseers read, its caseworkers do not
  'maoming-jcy.supervisor', // the parent procuratorate's supervisor: another line
  'guangdong.supervisor', // two levels up: supervision reaches one level only
  'xinyi-education.officer', // a partner department of the same county the case was not referred to
  'xinyi-police.referrer',
  'xinyi-finance.officer', // the county finance bureau
];
/** People of the handling agency with no need to know the case. */
const NO_NEED_TO_KNOW = ['xinyi.referrer', 'xinyi.admin'];

/** Procedures that act across agencies by design, with the reason; they are not called by the matrix. */
const BY_DESIGN: Readonly<Record<string, string>> = {
  'intake.createLead':
    'a lead may be passed to any agency; it lands in the receiving agency’s inbox to decide',
  'intake.createGroupLead': 'a group lead, likewise passed to any agency',
  'followup.meetingPack': 'joint-meeting material of the caller’s own region (联席会议)',
  'followup.superiorReport': 'the report of the caller’s own region to the superior agency',
  'followup.recordAgendaItem': 'joint-meeting resolutions of the caller’s own region',
  'followup.setVisitPlan': 'configures the visit plan of the caller’s own agency',
};
/** Configuration of the caller's own agency, which its administrator may change: not called as the owning agency. */
const OWN_AGENCY_CONFIGURATION: Readonly<Record<string, string>> = {
  'approval.configureChain': 'the agency’s administrator configures its own approval chain',
};

/** Tables that cache what callers' own tokens say of their organisation: not case data. */
const CALLER_CACHES = new Set(['followup.organisation', 'payments.org_parent']);

interface Answer {
  status: number;
  message: string | undefined;
  body: string;
}

interface Stage {
  name: string;
  ids: Record<string, string>;
  /** Strings only this case's data contains: its ids, numbers and people. */
  markers: string[];
}

let stack: Stack;
let databaseUrl: string;
const output: string[] = [];
const tokens = new Map<string, string>();

async function tokenFor(username: string): Promise<string> {
  let token = tokens.get(username);
  if (!token) {
    token = await tokenOf(stack, username);
    tokens.set(username, token);
  }
  return token;
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}\n${output.slice(-30).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** One call over plain HTTP, as any client would make it. */
async function call(service: ServiceName, procedure: ProcedureShape, token: string, input: unknown) {
  const target = `${stack.serviceUrls[service]}/trpc/${procedure.path}`;
  const authorization = `Bearer ${token}`;
  const response =
    procedure.type === 'query'
      ? await fetch(
          input === undefined ? target : `${target}?input=${encodeURIComponent(JSON.stringify(input))}`,
          { headers: { authorization } },
        )
      : await fetch(target, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          body: JSON.stringify(input ?? null),
        });
  const body = await response.text();
  let message: string | undefined;
  try {
    message = (JSON.parse(body) as { error?: { message?: string } }).error?.message;
  } catch {
    message = undefined;
  }
  return { status: response.status, message, body } satisfies Answer;
}

/** A valid input for the procedure with these ids in it (several input schemas are merged, as tRPC does). */
function inputFor(procedure: ProcedureShape, ids: Record<string, string>): unknown {
  if (procedure.inputs.length === 0) return undefined;
  const parts = procedure.inputs.map((schema) => sampleInput(schema, ids));
  return parts.length === 1 ? parts[0] : Object.assign({}, ...parts);
}

/** Runs the tasks with at most `width` at a time. */
async function inParallel<T>(tasks: (() => Promise<T>)[], width = 6): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await tasks[index]!();
      }
    }),
  );
  return results;
}

/** A checksum of every table in the six services' schemas. */
async function checksums(): Promise<Map<string, string>> {
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE' ORDER BY 1, 2`,
      [SERVICES.map((s) => s.name)],
    );
    const sums = new Map<string, string>();
    for (const { schema, name } of tables) {
      const table = `${client.escapeIdentifier(schema)}.${client.escapeIdentifier(name)}`;
      const { rows } = await client.query<{ sum: string }>(
        `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS sum FROM ${table} t`,
      );
      sums.set(`${schema}.${name}`, rows[0]!.sum);
    }
    return sums;
  } finally {
    await client.end();
  }
}

/** Waits until every event is published and handled and nothing changes any more. */
async function quiet(): Promise<Map<string, string>> {
  let before = await checksums();
  for (let tries = 0; tries < 40; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const after = await checksums();
    if ([...after].every(([table, sum]) => before.get(table) === sum)) return after;
    before = after;
  }
  throw new Error('the platform did not settle');
}

const changedTables = (before: Map<string, string>, after: Map<string, string>) =>
  [...after.keys()].filter((table) => before.get(table) !== after.get(table) && !CALLER_CACHES.has(table));

const people = async () => {
  const [caseworker, head, chief, finance, civil] = await Promise.all(
    ['xinyi.caseworker', 'xinyi.head', 'xinyi.chief', 'xinyi.finance', 'xinyi-civil.officer'].map(tokenFor),
  );
  const urls = stack.serviceUrls;
  return {
    intake: serviceClients.intake(urls.intake, caseworker),
    investigation: serviceClients.investigation(urls.investigation, caseworker),
    approval: {
      caseworker: serviceClients.approval(urls.approval, caseworker),
      head: serviceClients.approval(urls.approval, head),
      chief: serviceClients.approval(urls.approval, chief),
    },
    finance: serviceClients.payments(urls.payments, finance),
    referral: {
      caseworker: serviceClients.referral(urls.referral, caseworker),
      civil: serviceClients.referral(urls.referral, civil),
    },
    followup: serviceClients.followup(urls.followup, caseworker),
  };
};
type People = Awaited<ReturnType<typeof people>>;

/** What only the case's handlers may read: facts, the review report, the evidence. */
const FACTS = [
  '被害人被砍伤致重伤', // a fact found (losses)
  '被害人重伤且加害人无力赔偿', // the finding's reasons
  '矩阵案情：被害人在故意伤害案中受重伤', // the incident as the lead gave it
  '国家司法救助案件审查报告', // the review report
  '矩阵回访：', // a visit's record
];
const EVIDENCE = {
  fileName: '诊断证明.pdf',
  contentType: 'application/pdf',
  contentBase64: Buffer.from('%PDF-1.4\n矩阵证据：医院诊断证明\n%%EOF').toString('base64'),
};

/** Builds a case of 信宜市人民法院 up to the stage and returns its ids and markers. */
async function caseAt(who: People, name: string, depth: number): Promise<Stage> {
  const lead = aLead({
    applicant: { ...aLead().applicant, name: `矩阵${name}` },
    incidentSummary: `矩阵案情：被害人在故意伤害案中受重伤（${name}）`,
  });
  const ids: Record<string, string> = {};
  const markers = [lead.applicant.name, lead.applicant.idNumber];
  const remember = (key: string, value: string | null | undefined) => {
    if (!value) return;
    ids[key] = value;
    markers.push(value);
  };
  if (depth === 0) {
    const created = await who.intake.createLead.mutate(lead);
    remember('leadId', created.leadId);
    remember('personId', created.people[0]?.personId);
    return { name, ids, markers };
  }
  const opened = await openCase(who.intake, lead);
  remember('caseId', opened.caseId);
  remember('leadId', opened.leadId);
  remember('caseNumber', opened.caseNumber);
  remember('personId', (await who.intake.getLead.query({ leadId: opened.leadId })).people[0]?.personId);
  const caseId = opened.caseId;
  if (depth >= 2) {
    const { submission } = await investigateAndSubmit(who.investigation, caseId, [EVIDENCE]);
    const detail = await who.investigation.getCase.query({ caseId });
    remember('reportId', submission.reportId);
    remember('taskId', detail.tasks[0]?.taskId);
    remember('attachmentId', detail.attachments[0]?.attachmentId);
  }
  if (depth === 3) {
    await until(
      async () =>
        (await who.approval.caseworker.getApproval.query({ caseId })).status === 'awaiting_submission' ||
        undefined,
      'approval',
    );
    await who.approval.caseworker.submit.mutate({ caseId });
  }
  if (depth >= 4) {
    await approveThroughChain(who.approval, caseId);
    const decision = await who.approval.caseworker.getDecision.query({ caseId });
    remember('decisionId', decision.decisionId);
    remember('decisionNumber', decision.decisionNumber);
  }
  if (depth >= 5) {
    await payApprovedCase(who.finance, caseId);
    const paid = await until(async () => {
      const payment = await who.finance.getPayment.query({ caseId });
      return payment.status === 'paid' ? payment : undefined;
    }, 'the payment');
    remember('paymentId', paid.paymentId);
  }
  if (depth === 5) {
    const recovery = await who.finance.openRecovery.mutate({
      caseId,
      amountFen: 100_000,
      reason: '重复获得赔偿',
    });
    remember('recoveryId', recovery.recoveryId);
  }
  if (depth === 6) {
    const referralId = await until(
      () => referToCivilAffairs(who.referral.caseworker, caseId, lead),
      'referral to know the case',
    );
    remember('referralId', referralId);
    await enrolAsPartner(who.referral.civil, referralId);
    const pledge = await who.referral.civil.pledge.mutate({
      caseId,
      kind: 'money',
      donorName: `矩阵爱心企业${name}`,
      organisedByOrgId: 'civil-affairs-440983',
      amountFen: 200_000,
    });
    remember('pledgeId', pledge.pledgeId);
  }
  if (depth === 7) {
    const visits = await until(async () => {
      const list = await who.followup.listVisits.query({ caseId });
      return list.length >= 4 ? list : undefined;
    }, 'the visit plan');
    const visitId = visits[0]!.visitId;
    await who.followup.recordVisit.mutate({
      visitId,
      conductedOn: beijingToday(),
      method: 'home_visit',
      livingSituation: '矩阵回访：生活基本稳定',
      incomeChange: 'unchanged',
      health: '恢复良好',
      childrenSchooling: '正常就读',
      psychologicalState: '平稳',
      povertyRisk: 'none',
    });
    remember('visitId', visitId);
  }
  return { name, ids, markers };
}

const STAGES = [
  'lead',
  'opened',
  'investigated',
  'in-approval',
  'decided',
  'paid',
  'referred',
  'followed-up',
] as const;

let stages: Stage[] = [];
let allMarkers: string[] = [];

beforeAll(async () => {
  const base = new URL(process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test');
  base.pathname = `/jiuzhu_matrix_${randomBytes(4).toString('hex')}`;
  databaseUrl = base.toString();
  stack = await startStack({
    databaseUrl,
    ports: 'random',
    serviceEnv: {
      // Some 12,000 calls as a handful of people: the per-person request limit is tested on its own.
      REQUESTS_PER_MINUTE: '0',
      ...QUIET_BANK,
    },
    onOutput: (service, line) => output.push(`[${service}] ${line}`),
  });
  const who = await people();
  await fundBudget(who.finance, XINYI, 100_000_000);
  stages = await Promise.all(STAGES.map((name, depth) => caseAt(who, name, depth)));
  allMarkers = stages.flatMap((stage) => stage.markers);
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  if (databaseUrl) await dropDatabase(databaseUrl);
}, 60_000);

const procedures = Object.entries(ROUTERS).flatMap(([service, router]) =>
  proceduresOf(router).map((procedure) => ({ service: service as ServiceName, ...procedure })),
);
const named = (p: { service: string; path: string }) => `${p.service}.${p.path}`;

describe('the access matrix', { timeout: 600_000 }, () => {
  it('covers every procedure of every service', () => {
    expect(procedures.length).toBeGreaterThan(90);
    for (const listed of [...Object.keys(BY_DESIGN), ...Object.keys(OWN_AGENCY_CONFIGURATION)])
      expect(procedures.map(named), 'an allow-listed procedure that no longer exists').toContain(listed);
  });

  it('gives people of other agencies, and the agency’s own without need-to-know, nothing of the case in any stage, and changes nothing', async () => {
    const before = await quiet();
    const violations: string[] = [];
    const nowhere = Object.fromEntries(
      Object.keys(Object.assign({}, ...stages.map((s) => s.ids))).map((key) => [key, crypto.randomUUID()]),
    );
    const callers = [...OUTSIDERS, ...NO_NEED_TO_KNOW];
    let calls = 0;
    const statuses = new Map<number, number>();
    for (const username of callers) {
      const token = await tokenFor(username);
      const owning = NO_NEED_TO_KNOW.includes(username);
      const covered = procedures.filter(
        (p) => !BY_DESIGN[named(p)] && !(owning && OWN_AGENCY_CONFIGURATION[named(p)]),
      );
      await inParallel(
        covered.map((procedure) => async () => {
          const label = `${username} → ${named(procedure)}`;
          const unknown = await call(
            procedure.service,
            procedure,
            token,
            inputFor(procedure, { ...nowhere, orgId: XINYI }),
          );
          calls += 1;
          for (const stage of stages) {
            const answer = await call(
              procedure.service,
              procedure,
              token,
              inputFor(procedure, { ...nowhere, ...stage.ids, orgId: XINYI }),
            );
            calls += 1;
            const at = `${label} [${stage.name}]`;
            statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
            if (answer.status >= 500) violations.push(`${at}: ${answer.status} ${answer.body.slice(0, 200)}`);
            // The inputs are valid: a 400 would mean a procedure checked its input against the case before
            // authorizing (or the generated input was refused, and the call proved nothing).
            else if (answer.status === 400) violations.push(`${at}: 400 「${answer.message}」`);
            else if (answer.status < 400) {
              const leaked = allMarkers.filter((marker) => answer.body.includes(marker));
              if (leaked.length > 0) violations.push(`${at}: returned the case’s ${leaked.join(', ')}`);
              if (unknown.status >= 400)
                violations.push(
                  `${at}: answered ${answer.status}, but ${unknown.status} for an unknown case`,
                );
            } else if (answer.status !== unknown.status || answer.message !== unknown.message)
              violations.push(
                `${at}: ${answer.status} 「${answer.message}」, but ${unknown.status} 「${unknown.message}」 for an unknown case`,
              );
          }
        }),
      );
    }
    const after = await checksums();
    const changed = changedTables(before, after);
    console.info(
      `access matrix: ${calls} calls by ${callers.length} people to ${procedures.length} procedures; answers ` +
        [...statuses].map(([status, count]) => `${status}×${count}`).join(', '),
    );
    expect.soft(violations).toEqual([]);
    expect(changed, 'tables changed by the calls').toEqual([]);
  });

  it('gives the agency’s finance officer no facts, review report or evidence from any query', async () => {
    const before = await quiet();
    const token = await tokenFor('xinyi.finance');
    const leaks: string[] = [];
    const queries = procedures.filter((p) => p.type === 'query' && !BY_DESIGN[named(p)]);
    await inParallel(
      queries.flatMap((procedure) =>
        stages.map((stage) => async () => {
          const answer = await call(procedure.service, procedure, token, inputFor(procedure, stage.ids));
          const leaked = FACTS.filter((fact) => answer.body.includes(fact));
          if (answer.body.includes(EVIDENCE.contentBase64.slice(0, 24))) leaked.push('the evidence');
          if (leaked.length > 0) leaks.push(`${named(procedure)} [${stage.name}]: ${leaked.join(', ')}`);
        }),
      ),
    );
    expect(leaks).toEqual([]);
    expect(changedTables(before, await checksums())).toEqual([]);
    // The finance officer still reads what it needs to pay: the decision and the payment of the paid case.
    const paid = stages.find((stage) => stage.name === 'paid')!;
    const payment = procedures.find((p) => named(p) === 'payments.getPayment')!;
    const read = await call('payments', payment, token, { caseId: paid.ids['caseId'] });
    expect(read.status).toBe(200);
    expect(read.body).toContain(paid.ids['paymentId']);
  });
});
