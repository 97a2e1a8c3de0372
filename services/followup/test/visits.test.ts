import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disbursementRecorded } from '@jiuzhu/contracts';
import { eventually, failureOf } from '@jiuzhu/service-kit/testing';
import {
  aCalmVisit,
  aDisbursement,
  as,
  beijingDaysFromNow,
  published,
  startFollowup,
  type Client,
  type Harness,
} from './helpers.ts';

let harness: Harness;
let caseworker: Client;
beforeAll(async () => {
  harness = await startFollowup();
  caseworker = await as(harness, 'xinyi.caseworker');
});
afterAll(async () => harness?.stop());

const visitsOf = (caseId: string, count: number) =>
  eventually(async () => {
    const list = await caseworker.listVisits.query({ caseId });
    return list.length >= count ? list : undefined;
  }, `${count} visits`);

describe('return-visit plan', () => {
  it('schedules visits 1, 3, 6 and 12 months after the payment, counted on the Beijing calendar', async () => {
    const caseId = crypto.randomUUID();
    // 17:00 UTC on 30 January is 01:00 on 31 January in Beijing; short months clamp to their last day.
    const event = await harness.deliver(disbursementRecorded, aDisbursement(caseId), {
      occurredAt: '2026-01-30T17:00:00.000Z',
    });
    await harness.deliver(disbursementRecorded, aDisbursement(caseId), {
      id: event.id,
      occurredAt: event.occurredAt,
    });

    const visits = await visitsOf(caseId, 4);
    expect(visits.map((v) => [v.dueOn, v.method, v.purpose, v.status])).toEqual([
      ['2026-02-28', 'phone', 'return_visit', 'scheduled'],
      ['2026-04-30', 'home_visit', 'return_visit', 'scheduled'],
      ['2026-07-31', 'village_committee', 'return_visit', 'scheduled'],
      ['2027-01-31', 'home_visit', 'return_visit', 'scheduled'],
    ]);
    const announced = (await published(harness, 'followup.visit-scheduled')).filter(
      (p) => p['caseId'] === caseId,
    );
    expect(announced.map((p) => p['dueOn'])).toEqual([
      '2026-02-28',
      '2026-04-30',
      '2026-07-31',
      '2027-01-31',
    ]);

    // A later payment for the same case (the rest after an advance) does not start a second plan.
    await harness.deliver(disbursementRecorded, aDisbursement(caseId, 500_000), {
      occurredAt: '2026-03-05T02:00:00.000Z',
    });
    await eventually(
      async () =>
        (await caseworker.observationLedger.query({ caseId })).entries.length >= 6 ? true : undefined,
      'second payment in the ledger',
    );
    expect(await caseworker.listVisits.query({ caseId })).toHaveLength(4);
  });

  it('adds a counselling visit for a household with minors, and follows the agency’s own plan', async () => {
    const head = await as(harness, 'gaozhou.head');
    const plan = await head.setVisitPlan.mutate({
      steps: [
        { monthsAfter: 6, method: 'village_committee' },
        { monthsAfter: 2, method: 'home_visit' },
      ],
      counsellingMonthsAfter: [1, 4],
    });
    expect(plan).toMatchObject({ orgId: 'court-440981', isDefault: false });
    expect(await caseworker.getVisitPlan.query()).toMatchObject({ orgId: 'court-440983', isDefault: true });

    const gaozhou = await as(harness, 'gaozhou.caseworker');
    const caseId = crypto.randomUUID();
    await harness.deliver(disbursementRecorded, aDisbursement(caseId, 1_000_000, 'court-440981'), {
      occurredAt: '2026-05-10T04:00:00.000Z',
    });
    await eventually(
      async () => ((await gaozhou.listVisits.query({ caseId })).length === 2 ? true : undefined),
      'plan',
    );
    const visits = await gaozhou.markHousehold.mutate({ caseId, hasMinors: true });
    expect(visits.map((v) => [v.dueOn, v.method, v.purpose])).toEqual([
      ['2026-06-10', 'home_visit', 'counselling'],
      ['2026-07-10', 'home_visit', 'return_visit'],
      ['2026-09-10', 'home_visit', 'counselling'],
      ['2026-11-10', 'village_committee', 'return_visit'],
    ]);
    // Marking again adds nothing.
    expect(await gaozhou.markHousehold.mutate({ caseId, hasMinors: true })).toHaveLength(4);
  });

  it('lists the visits due to the caseworker’s agency, soonest first, overdue ones flagged', async () => {
    const caseId = crypto.randomUUID();
    const paidOn = beijingDaysFromNow(-100);
    await harness.deliver(disbursementRecorded, aDisbursement(caseId), {
      occurredAt: `${paidOn}T04:00:00.000Z`,
    });
    await visitsOf(caseId, 4);

    const due = (await caseworker.visitsDue.query({})).filter((v) => v.caseId === caseId);
    // 1 and 3 months ago are overdue; 6 and 12 months after payment are beyond the 30-day horizon.
    expect(due.map((v) => v.overdue)).toEqual([true, true]);
    expect(due[0]!.dueOn < due[1]!.dueOn).toBe(true);
    const all = await caseworker.visitsDue.query({ until: beijingDaysFromNow(400) });
    const mine = all.filter((v) => v.caseId === caseId);
    expect(mine.map((v) => v.overdue)).toEqual([true, true, false, false]);
    expect(all.map((v) => v.dueOn)).toEqual([...all.map((v) => v.dueOn)].sort());
    expect(all.every((v) => v.handlingOrgId === 'court-440983')).toBe(true);
  });
});

describe('visit records', () => {
  it('publishes a need found on a visit, for the referral service to open a referral', async () => {
    const caseId = crypto.randomUUID();
    await harness.deliver(disbursementRecorded, aDisbursement(caseId), {
      occurredAt: '2026-03-01T04:00:00.000Z',
    });
    const [first] = await visitsOf(caseId, 4);
    const recorded = await caseworker.recordVisit.mutate({
      ...aCalmVisit(first!.visitId, '2026-04-02'),
      povertyRisk: 'low',
      childrenSchooling: '长子面临辍学',
      needs: [{ programme: 'education_aid', note: '长子读高中学费困难，需教育资助' }],
    });
    expect(recorded).toMatchObject({ needsFound: 1, povertyRisk: 'low' });
    expect((await published(harness, 'followup.need-found')).filter((p) => p['caseId'] === caseId)).toEqual([
      {
        caseId,
        handlingOrgId: 'court-440983',
        programme: 'education_aid',
        note: '长子读高中学费困难，需教育资助',
        visitId: first!.visitId,
      },
    ]);
    expect((await caseworker.listVisits.query({ caseId }))[0]).toMatchObject({
      status: 'completed',
      overdue: false,
    });
    expect(
      await failureOf(caseworker.recordVisit.mutate(aCalmVisit(first!.visitId, '2026-04-03'))),
    ).toMatchObject({
      status: 409,
    });
  });

  it('alerts the department head when a visit finds serious deterioration', async () => {
    const caseId = crypto.randomUUID();
    await harness.deliver(disbursementRecorded, aDisbursement(caseId), {
      occurredAt: '2026-02-01T04:00:00.000Z',
    });
    const [first] = await visitsOf(caseId, 4);
    await caseworker.recordVisit.mutate({
      ...aCalmVisit(first!.visitId, '2026-03-02'),
      method: 'home_visit',
      livingSituation: '主要劳动力病情加重，家庭失去收入',
      incomeChange: 'lost',
      povertyRisk: 'high',
      seriousDeterioration: true,
    });
    const alerts = (await (await as(harness, 'xinyi.head')).listAlerts.query()).filter(
      (a) => a.caseId === caseId,
    );
    expect(alerts).toEqual([
      expect.objectContaining({ visitId: first!.visitId, summary: expect.stringContaining('家庭失去收入') }),
    ]);
    expect(
      (await published(harness, 'followup.deterioration-alert')).filter((p) => p['caseId'] === caseId),
    ).toHaveLength(1);
    expect(await failureOf(caseworker.listAlerts.query())).toMatchObject({ status: 403 });
    expect(
      (await (await as(harness, 'gaozhou.head')).listAlerts.query()).some((a) => a.caseId === caseId),
    ).toBe(false);
  });
});

describe('closing and reopening', () => {
  it('closes only when the plan is done and no risk remains, and audits a reopening', async () => {
    const caseId = crypto.randomUUID();
    await harness.deliver(disbursementRecorded, aDisbursement(caseId), {
      occurredAt: '2025-01-10T04:00:00.000Z',
    });
    const visits = await visitsOf(caseId, 4);

    await caseworker.recordVisit.mutate(aCalmVisit(visits[0]!.visitId, '2025-02-10'));
    expect(await failureOf(caseworker.closeCase.mutate({ caseId }))).toMatchObject({
      status: 409,
      message: expect.stringContaining('还有3次回访未进行'),
    });
    await caseworker.recordVisit.mutate(aCalmVisit(visits[1]!.visitId, '2025-04-10'));
    await caseworker.recordVisit.mutate(aCalmVisit(visits[2]!.visitId, '2025-07-10'));
    await caseworker.recordVisit.mutate({
      ...aCalmVisit(visits[3]!.visitId, '2026-01-10'),
      povertyRisk: 'low',
    });
    expect(await failureOf(caseworker.closeCase.mutate({ caseId }))).toMatchObject({
      status: 409,
      message: expect.stringContaining('返贫风险'),
    });

    // The department head cannot reopen what is still open.
    const head = await as(harness, 'xinyi.head');
    expect(await failureOf(head.reopenCase.mutate({ caseId, reason: '复查' }))).toMatchObject({
      status: 409,
    });

    // The caseworker checks again; the risk is gone and the case closes.
    const extra = await caseworker.scheduleVisit.mutate({
      caseId,
      dueOn: '2026-03-10',
      method: 'home_visit',
    });
    expect(extra).toMatchObject({ trigger: 'manual', status: 'scheduled' });
    await caseworker.recordVisit.mutate(aCalmVisit(extra.visitId, '2026-03-09'));
    const closed = await caseworker.closeCase.mutate({ caseId });
    expect(closed).toMatchObject({
      status: 'closed',
      audit: [expect.objectContaining({ action: 'closed' })],
    });

    expect(await failureOf(caseworker.reopenCase.mutate({ caseId, reason: '群众反映' }))).toMatchObject({
      status: 403,
    });
    const reopened = await head.reopenCase.mutate({ caseId, reason: '村委会反映家庭再次陷入困难' });
    expect(reopened.status).toBe('open');
    expect(reopened.audit.map((a) => [a.action, a.reason])).toEqual([
      ['closed', null],
      ['reopened', '村委会反映家庭再次陷入困难'],
    ]);
    expect(reopened.audit[1]!.actorUserId).not.toBe(reopened.audit[0]!.actorUserId);
    const after = await caseworker.listVisits.query({ caseId });
    expect(after.filter((v) => v.status === 'scheduled')).toEqual([
      expect.objectContaining({ trigger: 'reopened', method: 'home_visit' }),
    ]);
    const statuses = (await published(harness, 'followup.case-status-changed')).filter(
      (p) => p['caseId'] === caseId,
    );
    expect(statuses.map((p) => p['status'])).toEqual(['closed', 'reopened']);
  });
});

describe('access', () => {
  it('keeps a case to its handling agency and shows partner officers nothing of follow-up', async () => {
    const caseId = crypto.randomUUID();
    await harness.deliver(disbursementRecorded, aDisbursement(caseId), {
      occurredAt: '2026-06-01T04:00:00.000Z',
    });
    const [first] = await visitsOf(caseId, 4);

    const gaozhou = await as(harness, 'gaozhou.caseworker');
    expect(await failureOf(gaozhou.listVisits.query({ caseId }))).toMatchObject({ status: 403 });
    expect(await failureOf(gaozhou.observationLedger.query({ caseId }))).toMatchObject({ status: 403 });
    expect(
      await failureOf(gaozhou.recordVisit.mutate(aCalmVisit(first!.visitId, '2026-07-01'))),
    ).toMatchObject({
      status: 403,
    });
    expect((await gaozhou.visitsDue.query({ until: '2030-01-01' })).some((v) => v.caseId === caseId)).toBe(
      false,
    );

    const partner = await as(harness, 'xinyi-civil.officer');
    const calls = [
      () => partner.listVisits.query({ caseId }),
      () => partner.visitsDue.query({}),
      () => partner.observationLedger.query({ caseId }),
      () => partner.exportObservationLedger.query({ caseId }),
      () => partner.listAlerts.query(),
      () => partner.meetingPack.query({ period: { quarter: '2026-Q3' } }),
      () => partner.scheduleVisit.mutate({ caseId, dueOn: '2026-12-01', method: 'phone' }),
    ];
    for (const call of calls) expect(await failureOf(call())).toMatchObject({ status: 403 });
  });
});
