import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disbursementRecorded, referralCreated, referralOutcomeRecorded } from '@jiuzhu/contracts';
import { eventually, failureOf } from '@jiuzhu/service-kit/testing';
import {
  aCalmVisit,
  aDisbursement,
  as,
  GAOZHOU_COURT,
  startFollowup,
  XINYI_COURT,
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

const CIVIL = 'civil-affairs-440983';
const DISABLED = 'disabled-persons-federation-440983';
const RURAL = 'rural-revitalisation-440983';

async function refer(
  caseId: string,
  partnerOrgId: string,
  sentAt: string,
  outcome?: { at: string; outcome: 'enrolled' | 'not_enrolled' | 'declined' },
  answerDueOn?: string,
  partnerOrgName?: string,
) {
  const referralId = crypto.randomUUID();
  const base = {
    caseId,
    handlingOrgId: XINYI_COURT,
    referralId,
    partnerOrgId,
    partnerOrgName,
    programme: 'minimum_living_allowance',
  };
  await harness.deliver(referralCreated, { ...base, answerDueOn }, { occurredAt: sentAt });
  if (outcome)
    await harness.deliver(
      referralOutcomeRecorded,
      { ...base, outcome: outcome.outcome },
      { occurredAt: outcome.at },
    );
}

describe('joint-meeting pack (联席会议)', () => {
  it('counts a referral overdue from the day after the due day referral published, as referral’s pages do', async () => {
    const head = await as(harness, 'xinyi.head');
    // Once follow-up has handled the referral's event, the pack lists its partner.
    const overdueOf = async (partnerOrgId: string, to: string) =>
      (
        await eventually(
          async () =>
            (await head.meetingPack.query({ period: { from: '2026-02-01', to } })).referralsByPartner.find(
              (p) => p.partnerOrgId === partnerOrgId,
            ),
          `the referral to ${partnerOrgId}`,
        )
      ).overdue;
    // Sent on Friday 13 February 2026; referral published 27 February, 5 working days after the Spring
    // Festival (services/referral/test/referral.test.ts, 'overdue answers in working days').
    const published = `civil-affairs-published-${crypto.randomUUID()}`;
    await refer(crypto.randomUUID(), published, '2026-02-13T02:00:00.000Z', undefined, '2026-02-27');
    expect(await overdueOf(published, '2026-02-27')).toBe(0);
    expect(await overdueOf(published, '2026-02-28')).toBe(1);
    // An event from before referral published the due day: the same default period, counted from its day.
    const older = `civil-affairs-older-${crypto.randomUUID()}`;
    await refer(crypto.randomUUID(), older, '2026-02-13T02:00:00.000Z');
    expect(await overdueOf(older, '2026-02-27')).toBe(0);
    expect(await overdueOf(older, '2026-02-28')).toBe(1);
    // A due day referral moved (a later period set by the deployment) is the one counted.
    const later = `civil-affairs-later-${crypto.randomUUID()}`;
    await refer(crypto.randomUUID(), later, '2026-02-13T02:00:00.000Z', undefined, '2026-03-06');
    expect(await overdueOf(later, '2026-02-28')).toBe(0);
  });

  it('counts a quarter of assistance, referrals per partner and follow-up coverage for the region', async () => {
    const [a, b, c] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    // Q3 2026 in Beijing: from 30 June 16:00 UTC (1 July 00:00 there) to 30 September 16:00 UTC.
    await harness.deliver(disbursementRecorded, aDisbursement(c, 2_000_000), {
      occurredAt: '2026-06-30T17:00:00.000Z',
    });
    await harness.deliver(disbursementRecorded, aDisbursement(a, 3_000_000), {
      occurredAt: '2026-07-10T02:00:00.000Z',
    });
    await harness.deliver(disbursementRecorded, aDisbursement(b, 5_000_000), {
      occurredAt: '2026-08-20T02:00:00.000Z',
    });
    // 1 October in Beijing: next quarter.
    await harness.deliver(disbursementRecorded, aDisbursement(b, 1_000_000), {
      occurredAt: '2026-09-30T17:00:00.000Z',
    });
    // Gaozhou's payment belongs to another county.
    await harness.deliver(
      disbursementRecorded,
      aDisbursement(crypto.randomUUID(), 7_000_000, GAOZHOU_COURT),
      {
        occurredAt: '2026-08-01T02:00:00.000Z',
      },
    );

    await refer(a, CIVIL, '2026-06-20T02:00:00.000Z'); // sent in Q2: not counted
    // Referral names the partner from the SSO directory; this first event is from before it did.
    await refer(a, CIVIL, '2026-07-15T02:00:00.000Z', {
      at: '2026-07-31T17:00:00.000Z',
      outcome: 'enrolled',
    });
    await refer(
      b,
      CIVIL,
      '2026-08-25T02:00:00.000Z',
      { at: '2026-08-28T02:00:00.000Z', outcome: 'declined' },
      undefined,
      '信宜市民政局',
    );
    // No answer for 20+ working days: overdue.
    await refer(c, CIVIL, '2026-09-01T02:00:00.000Z', undefined, undefined, '信宜市民政局');
    // No answer yet, and not due before October.
    await refer(a, DISABLED, '2026-09-25T02:00:00.000Z', undefined, undefined, '信宜市残疾人联合会');
    // A partner no event has named shows its id.
    await refer(b, RURAL, '2026-09-02T02:00:00.000Z', {
      at: '2026-09-10T02:00:00.000Z',
      outcome: 'not_enrolled',
    });

    // Due in Q3: A 08-10, C 08-01, B 09-20 (plans) and A 09-01, B 09-28 (after outcomes); two are done.
    const visitsOf = (caseId: string, count: number) =>
      eventually(async () => {
        const list = await caseworker.listVisits.query({ caseId });
        return list.length === count ? list : undefined;
      }, `visits of ${caseId}`);
    const [aVisits, bVisits, cVisits] = [await visitsOf(a, 5), await visitsOf(b, 6), await visitsOf(c, 4)];
    expect(aVisits.map((v) => v.dueOn).slice(0, 2)).toEqual(['2026-08-10', '2026-09-01']);
    expect(bVisits.map((v) => v.dueOn).slice(0, 2)).toEqual(['2026-09-20', '2026-09-28']);
    await caseworker.recordVisit.mutate(aCalmVisit(aVisits[0]!.visitId, '2026-08-11'));
    await caseworker.recordVisit.mutate(aCalmVisit(cVisits[0]!.visitId, '2026-08-01'));
    await (await as(harness, 'gaozhou.caseworker')).visitsDue.query({});

    const head = await as(harness, 'xinyi.head');
    const item = await head.recordAgendaItem.mutate({
      meetingOn: '2026-09-28',
      topic: '逾期未反馈的低保移送',
      decision: '民政局于10月底前完成审核并反馈',
      responsibleOrgId: CIVIL,
      dueOn: '2026-10-31',
    });
    const other = await head.recordAgendaItem.mutate({
      meetingOn: '2026-09-28',
      topic: '残疾人补贴衔接',
      decision: '残联建立对接人制度',
      responsibleOrgId: DISABLED,
      dueOn: '2026-12-31',
    });
    expect(await head.completeAgendaItem.mutate({ itemId: other.itemId })).toMatchObject({ status: 'done' });

    const pack = await head.meetingPack.query({ period: { quarter: '2026-Q3' } });
    expect(pack).toMatchObject({ region: '440983', from: '2026-07-01', to: '2026-09-30' });
    expect(pack.assistance).toEqual({ cases: 3, persons: 3, amountFen: 10_000_000 });
    expect(pack.referralsByPartner).toEqual([
      {
        partnerOrgId: CIVIL,
        partnerOrgName: '信宜市民政局',
        sent: 3,
        accepted: 1,
        enrolled: 1,
        declined: 1,
        overdue: 1,
      },
      {
        partnerOrgId: DISABLED,
        partnerOrgName: '信宜市残疾人联合会',
        sent: 1,
        accepted: 0,
        enrolled: 0,
        declined: 0,
        overdue: 0,
      },
      {
        partnerOrgId: RURAL,
        partnerOrgName: RURAL,
        sent: 1,
        accepted: 1,
        enrolled: 0,
        declined: 0,
        overdue: 0,
      },
    ]);
    expect(pack.followup).toMatchObject({
      visitsDue: 5,
      visitsCompleted: 2,
      coveragePercent: 40,
      casesUnderFollowup: 3,
    });
    expect(pack.agenda.map((i) => [i.itemId, i.responsibleOrgName, i.status, i.overdue])).toEqual([
      [item.itemId, '信宜市民政局', 'open', true],
      [other.itemId, '信宜市残疾人联合会', 'done', false],
    ]);

    // The city's pack covers both counties.
    const city = await (
      await as(harness, 'maoming.supervisor')
    ).meetingPack.query({
      region: '440900',
      period: { from: '2026-07-01', to: '2026-09-30' },
    });
    expect(city.assistance).toEqual({ cases: 4, persons: 4, amountFen: 17_000_000 });
    expect(
      await failureOf(head.meetingPack.query({ region: '440900', period: { quarter: '2026-Q3' } })),
    ).toMatchObject({
      status: 403,
    });
    expect(
      await failureOf(
        caseworker.recordAgendaItem.mutate({
          meetingOn: '2026-09-28',
          topic: 'x',
          decision: 'y',
          responsibleOrgId: CIVIL,
          dueOn: '2026-10-31',
        }),
      ),
    ).toMatchObject({ status: 403 });

    const report = await head.superiorReport.query({ period: { quarter: '2026-Q3' } });
    expect(report.title).toBe('信宜市人民法院关于2026-07-01至2026-09-30司法救助与社会救助衔接工作情况的报告');
    expect(report.text).toContain('本期共救助案件3件3人，发放救助金100,000.00元');
    expect(report.text).toContain('移送5人，已纳入社会救助1人，逾期未反馈1人');
    expect(report.text).toContain('信宜市民政局：移送3人，受理1人，纳入1人，不予受理1人，逾期1人。');
    expect(report.text).toContain('信宜市残疾人联合会：移送1人');
    expect(report.text).not.toContain('civil-affairs-');
    expect(report.text).toContain('回访覆盖率40%');
    expect(report.text).toContain('逾期未反馈的低保移送（责任单位：信宜市民政局，期限：2026-10-31，已逾期）');
  });
});
