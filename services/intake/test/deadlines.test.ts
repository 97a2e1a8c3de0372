import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf } from '@jiuzhu/service-kit/testing';
import { addWorkingDays, beijingToday, workingDaysBetween } from '@jiuzhu/calendar';
import { DEFAULT_RULE, deadlineFlag, reviewDueOn, ruleFor } from '../src/deadlines.ts';
import { aLead, as, startIntake, type Harness } from './helpers.ts';

describe('working days on the official calendar (2026 Spring Festival: 15–23 Feb off, 14 and 28 Feb worked)', () => {
  it('counts the make-up Saturdays and skips the holiday', () => {
    expect(addWorkingDays('2026-02-13', 5)).toBe('2026-02-27');
    expect(addWorkingDays('2026-02-12', 2)).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
    expect(addWorkingDays('2026-02-24', 4)).toBe('2026-02-28');
    expect(workingDaysBetween('2026-02-13', '2026-02-27')).toBe(5);
    expect(workingDaysBetween('2026-02-27', '2026-02-13')).toBe(0);
  });

  it('uses 2 working days for urgent medical cases and the longest matching regional rule', () => {
    const rules = [
      DEFAULT_RULE,
      { ...DEFAULT_RULE, regionPrefix: '44', reviewDays: 7 },
      { ...DEFAULT_RULE, regionPrefix: '4409', reviewDays: 3 },
    ];
    expect(ruleFor(rules, '440983').reviewDays).toBe(3);
    expect(ruleFor(rules, '440104').reviewDays).toBe(7);
    expect(ruleFor(rules, '370323').reviewDays).toBe(5);
    expect(reviewDueOn(DEFAULT_RULE, '2026-02-13', ['urgent_medical'])).toBe('2026-02-24');
    expect(reviewDueOn(DEFAULT_RULE, '2026-02-13', ['registered_poor'])).toBe('2026-02-27');
    expect(deadlineFlag(DEFAULT_RULE, '2026-02-27', '2026-02-26')).toBe('near');
    expect(deadlineFlag(DEFAULT_RULE, '2026-02-27', '2026-02-24')).toBe('ok');
    expect(deadlineFlag(DEFAULT_RULE, '2026-02-27', '2026-02-28')).toBe('past');
  });
});

describe('intake: green channel, deadlines and the head’s alerts', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startIntake();
    // Yiyuan's local rule: alert as soon as five working days or fewer are left.
    await harness.query(
      `INSERT INTO deadline_rule (region_prefix, review_days, urgent_medical_review_days, near_working_days)
       VALUES ('370323', 5, 2, 5)`,
    );
  });
  afterAll(async () => harness?.stop());

  it('sets the review deadline across the Spring Festival and flags overdue leads', async () => {
    const caseworker = await as(harness, 'xinyi.caseworker');
    const normal = await caseworker.createLead.mutate(aLead({ receivedOn: '2026-02-13' }));
    const medical = await caseworker.createLead.mutate(
      aLead({ receivedOn: '2026-02-13', urgentReasons: ['urgent_medical'] }),
    );
    expect(normal).toMatchObject({ reviewDueOn: '2026-02-27', urgent: false, deadline: 'past' });
    expect(medical).toMatchObject({ reviewDueOn: '2026-02-24', urgent: true, deadline: 'past' });
    const fresh = await caseworker.createLead.mutate(aLead());
    expect(fresh.receivedOn).toBe(beijingToday());
    expect(fresh.reviewDueOn).toBe(addWorkingDays(beijingToday(), 5));
  });

  it('sorts the worklist urgent first, then by deadline, and raises each alert once', async () => {
    const caseworker = await as(harness, 'yiyuan-jcy.caseworker');
    const relaxed = await caseworker.createLead.mutate(aLead({ receivedOn: '2026-03-02' }));
    const soon = await caseworker.createLead.mutate(aLead());
    const poor = await caseworker.createLead.mutate(aLead({ urgentReasons: ['registered_poor'] }));
    const medicalOverdue = await caseworker.createLead.mutate(
      aLead({ receivedOn: '2026-02-12', urgentReasons: ['urgent_medical'] }),
    );
    const accepted = await caseworker.createLead.mutate(aLead({ receivedOn: '2026-01-05' }));
    await caseworker.acceptLead.mutate({ leadId: accepted.leadId });

    const worklist = await caseworker.listLeads.query({ box: 'inbox' });
    expect(worklist.map((l) => l.leadId)).toEqual([
      medicalOverdue.leadId,
      poor.leadId,
      relaxed.leadId,
      soon.leadId,
      accepted.leadId,
    ]);
    expect(worklist.map((l) => l.deadline)).toEqual(['past', 'near', 'past', 'near', null]);
    expect(medicalOverdue.reviewDueOn).toBe('2026-02-14');

    const head = await as(harness, 'yiyuan-jcy.head');
    const alerts = await head.listAlerts.query();
    expect(alerts.map((a) => [a.leadId, a.level])).toEqual([
      [medicalOverdue.leadId, 'past'],
      [relaxed.leadId, 'past'],
      [poor.leadId, 'near'],
      [soon.leadId, 'near'],
    ]);
    expect(alerts.find((a) => a.leadId === poor.leadId)).toMatchObject({
      urgent: true,
      applicantName: '王建国',
    });

    await head.listAlerts.query();
    const events = await harness.query<{ lead: string; level: string }>(
      `SELECT envelope->'payload'->>'leadId' AS lead, envelope->'payload'->>'level' AS level
         FROM outbox WHERE envelope->>'type' = 'intake.deadline-alert'`,
    );
    expect(events).toHaveLength(4);
    expect(events).toEqual(expect.arrayContaining([{ lead: soon.leadId, level: 'near' }]));

    // Once the lead is decided, it leaves the head's alerts.
    await caseworker.declineLead.mutate({ leadId: relaxed.leadId, reason: '申请人撤回申请' });
    expect((await head.listAlerts.query()).map((a) => a.leadId)).not.toContain(relaxed.leadId);
  });

  it('shows alerts only to heads of the holding agency', async () => {
    expect((await failureOf((await as(harness, 'yiyuan-jcy.caseworker')).listAlerts.query())).status).toBe(
      403,
    );
    const overdue = await (
      await as(harness, 'xinyi.caseworker')
    ).createLead.mutate(aLead({ receivedOn: '2026-06-01' }));
    const xinyiAlerts = await (await as(harness, 'xinyi.head')).listAlerts.query();
    expect(xinyiAlerts).toEqual(
      expect.arrayContaining([expect.objectContaining({ leadId: overdue.leadId, level: 'past' })]),
    );
    const yiyuanLeads = await (await as(harness, 'yiyuan-jcy.caseworker')).listLeads.query({});
    const yiyuanIds = new Set(yiyuanLeads.map((l) => l.leadId));
    expect(xinyiAlerts.some((a) => yiyuanIds.has(a.leadId))).toBe(false);
  });
});
