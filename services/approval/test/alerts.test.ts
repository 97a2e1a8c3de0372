import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '@jiuzhu/bus';
import {
  addDays,
  addWorkingDays,
  beijingDateOf,
  beijingEndOfDay,
  beijingMidnight,
  beijingToday,
  fromDbDate,
} from '@jiuzhu/calendar';
import { verificationCompleted, type ApprovalRouter } from '@jiuzhu/contracts';
import { eventually, failureOf, startServiceUnderTest } from '@jiuzhu/service-kit/testing';
import { raiseApprovalAlerts, type AlertSettings } from '../src/alerts.ts';
import { openDatabase, type Db } from '../src/database.ts';
import { approvalService } from '../src/service.ts';
import { openedCase } from './opened-case.ts';

// The job is driven by hand with a chosen "now" (the controllable clock); the scheduled run is kept out of the way.
let harness: Awaited<ReturnType<typeof startServiceUnderTest>>;
let db: Db;
const settings: AlertSettings = { dueSoonWorkingDays: 1, escalateAfterWorkingDays: 2, advanceDueSoonDays: 5 };
const runJob = (now: Date) =>
  raiseApprovalAlerts(
    { db, publish: (tx, def, event) => enqueue(tx, harness.schema, def, event) },
    now,
    settings,
  );

const clients = new Map<string, ReturnType<typeof makeClient>>();
const makeClient = (token: string) =>
  createTRPCClient<ApprovalRouter>({
    links: [httpLink({ url: `${harness.url}/trpc`, headers: () => ({ authorization: `Bearer ${token}` }) })],
  });
async function as(username: string) {
  let client = clients.get(username);
  if (!client) {
    client = makeClient(await harness.tokenFor(username));
    clients.set(username, client);
  }
  return client;
}

interface Outboxed {
  envelope: { type: string; payload: Record<string, unknown> };
}
const eventsOf = async (caseId: string, type: string) =>
  (await harness.query<Outboxed>(`SELECT envelope FROM outbox WHERE key = $1 ORDER BY seq`, [caseId]))
    .map((row) => row.envelope)
    .filter((envelope) => envelope.type === type);

async function submittedCase(recommendedAmountFen = 1_200_000) {
  const caseId = crypto.randomUUID();
  await harness.openCase({ caseId });
  await harness.deliver(verificationCompleted, {
    caseId,
    handlingOrgId: 'court-440983',
    eligible: true,
    recommendedAmountFen,
    capFen: 30_600_000,
  });
  const caseworker = await as('xinyi.caseworker');
  await eventually(() => caseworker.getApproval.query({ caseId }), 'approval request');
  const view = await caseworker.submit.mutate({ caseId });
  return { caseId, dueOn: view.stepDueOn! };
}

/** Noon in Beijing on the `n`-th working day after `date` (n = 0: that day). */
const workingDayAfter = (date: string, n: number) =>
  new Date(beijingMidnight(n === 0 ? date : addWorkingDays(date, n)).getTime() + 12 * 3_600_000);

beforeAll(async () => {
  harness = await startServiceUnderTest(approvalService, {
    APPROVAL_ALERT_CHECK_INTERVAL_MS: String(24 * 3_600_000),
  });
  db = openDatabase({
    connectionString: process.env['TEST_DATABASE_URL'] || 'postgresql://postgres@127.0.0.1:5432/test',
    schema: harness.schema,
    poolMax: 4,
  });
});
afterAll(async () => {
  await db?.$disconnect();
  await harness?.stop();
});

describe('approval step deadlines', () => {
  it('warns once a day before, raises one overdue alert even when the job runs twice at once', async () => {
    const { caseId, dueOn } = await submittedCase();
    const head = await as('xinyi.head');

    await Promise.all([runJob(new Date()), runJob(new Date())]);
    expect(await eventsOf(caseId, 'approval.step-due-soon')).toHaveLength(0);

    const dayBefore = new Date(workingDayAfter(dueOn, 0).getTime());
    // The last working day before the deadline: one working day left.
    const previousWorkingDay = (() => {
      let at = dayBefore;
      do at = new Date(at.getTime() - 86_400_000);
      while (addWorkingDays(beijingDateOf(at), 1) !== dueOn);
      return at;
    })();
    await Promise.all([runJob(previousWorkingDay), runJob(previousWorkingDay)]);
    const dueSoon = await eventsOf(caseId, 'approval.step-due-soon');
    expect(dueSoon).toHaveLength(1);
    expect(dueSoon[0]!.payload).toMatchObject({
      step: 'department_head',
      level: 1,
      addressedOrgId: 'court-440983',
      addressedRoles: ['department_head'],
      dueOn,
      workingDaysOver: 0,
    });

    const dayAfter = workingDayAfter(dueOn, 1);
    await Promise.all([runJob(dayAfter), runJob(dayAfter)]);
    await runJob(dayAfter);
    const overdue = await eventsOf(caseId, 'approval.step-overdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.payload).toMatchObject({
      caseId,
      step: 'department_head',
      addressedRoles: ['department_head'],
      workingDaysOver: 1,
    });
    expect(await eventsOf(caseId, 'approval.step-escalated')).toHaveLength(0);

    const alerts = (await head.listAlerts.query()).filter((a) => a.caseId === caseId);
    expect(alerts.map((a) => a.kindLabel).sort()).toEqual(['审批临期', '审批超期'].sort());
    expect(alerts.find((a) => a.kind === 'step_overdue')).toMatchObject({
      stepLabel: '部门负责人',
      daysOver: 1,
      dueOn,
    });
    // Another agency's approvers do not see it.
    expect((await (await as('gaozhou.head')).listAlerts.query()).map((a) => a.caseId)).not.toContain(caseId);
    // A caseworker is not one who must act on alerts.
    expect((await failureOf((await as('xinyi.caseworker')).listAlerts.query())).status).toBe(403);
  });

  it('escalates a step overdue for more working days to the level above, once; acting closes the alerts', async () => {
    const { caseId, dueOn } = await submittedCase();
    await runJob(workingDayAfter(dueOn, 1));
    const later = workingDayAfter(dueOn, 2);
    await Promise.all([runJob(later), runJob(later)]);
    await runJob(workingDayAfter(dueOn, 4));
    const escalated = await eventsOf(caseId, 'approval.step-escalated');
    expect(escalated).toHaveLength(1);
    expect(escalated[0]!.payload).toMatchObject({
      step: 'department_head',
      addressedOrgId: 'court-440983',
      addressedRoles: ['chief'],
      stepRoles: ['department_head'],
      workingDaysOver: 2,
    });
    const chief = await as('xinyi.chief');
    expect(
      (await chief.listAlerts.query()).filter((a) => a.caseId === caseId).map((a) => a.kindLabel),
    ).toEqual(expect.arrayContaining(['审批超期', '超期督办']));

    // The department head acts: its alerts close; the chief's step starts afresh with a new deadline.
    await (await as('xinyi.head')).act.mutate({ caseId, step: 'department_head', action: 'approve' });
    expect((await chief.listAlerts.query()).map((a) => a.caseId)).not.toContain(caseId);
    const [open] = await harness.query<{ open: string }>(
      `SELECT count(*) AS open FROM approval_alert WHERE case_id = $1 AND closed_at IS NULL`,
      [caseId],
    );
    expect(Number(open!.open)).toBe(0);

    // The chief's own step, when overdue long enough, escalates to the parent agency's chief.
    const [row] = await harness.query<{ step_due_on: Date }>(
      `SELECT step_due_on FROM approval_request WHERE case_id = $1`,
      [caseId],
    );
    const chiefDue = fromDbDate(row!.step_due_on);
    await runJob(workingDayAfter(chiefDue, 3));
    const chiefEscalated = (await eventsOf(caseId, 'approval.step-escalated')).filter(
      (e) => e.payload['step'] === 'chief',
    );
    expect(chiefEscalated).toHaveLength(1);
    expect(chiefEscalated[0]!.payload).toMatchObject({
      level: 2,
      addressedOrgId: 'court-440900',
      addressedRoles: ['chief'],
    });
    const parentAlerts = (await (await as('maoming.chief')).listAlerts.query()).filter(
      (a) => a.caseId === caseId,
    );
    expect(parentAlerts.map((a) => a.kindLabel)).toEqual(['超期督办']);
  });
});

describe('advance assistance completion (先行救助)', () => {
  it('warns before and raises one overdue alert when the case is not completed in time', async () => {
    const caseId = await openedCase(harness);
    await (
      await as('xinyi.caseworker')
    ).requestAdvance.mutate({ caseId, amountFen: 1_000_000, reason: '重伤急需手术' });
    const approved = await (await as('xinyi.chief')).decideAdvance.mutate({ caseId, approve: true });
    // Completed within 30 calendar days in Beijing: by the end of the 30th day after the approval.
    expect(approved.completeBy).toBe(beijingEndOfDay(addDays(beijingToday(), 30)).toISOString());
    const completeBy = new Date(approved.completeBy!);

    await runJob(new Date());
    expect(await eventsOf(caseId, 'approval.advance-completion-due-soon')).toHaveLength(0);

    const soon = new Date(completeBy.getTime() - 2 * 86_400_000);
    await Promise.all([runJob(soon), runJob(soon)]);
    expect(await eventsOf(caseId, 'approval.advance-completion-due-soon')).toHaveLength(1);

    const late = new Date(completeBy.getTime() + 3 * 86_400_000 + 60_000);
    await Promise.all([runJob(late), runJob(late)]);
    await runJob(new Date(late.getTime() + 86_400_000));
    const overdue = await eventsOf(caseId, 'approval.advance-completion-overdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.payload).toMatchObject({ caseId, daysOver: 3, completeBy: approved.completeBy });
    const chief = await as('xinyi.chief');
    expect(
      (await chief.listAlerts.query())
        .filter((a) => a.caseId === caseId)
        .map((a) => a.kindLabel)
        .sort(),
    ).toEqual(['先行救助临期', '先行救助超期未结'].sort());

    // Completing the case (a decision) closes the advance's alerts.
    await harness.deliver(verificationCompleted, {
      caseId,
      handlingOrgId: 'court-440983',
      eligible: true,
      recommendedAmountFen: 1_000_000,
      capFen: 30_600_000,
    });
    const caseworker = await as('xinyi.caseworker');
    await eventually(() => caseworker.getApproval.query({ caseId }), 'approval request');
    await caseworker.submit.mutate({ caseId });
    await (await as('xinyi.head')).act.mutate({ caseId, step: 'department_head', action: 'approve' });
    await chief.act.mutate({ caseId, step: 'chief', action: 'approve' });
    expect((await chief.listAlerts.query()).map((a) => a.caseId)).not.toContain(caseId);
  });
});
