import { OUT_OF_REACH } from '@jiuzhu/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  caseOpened,
  decisionIssued,
  disbursementRecorded,
  donationPledged,
  referralCreated,
  referralOutcomeRecorded,
  verificationCompleted,
  visitRecorded,
  type EventEnvelope,
  type PayloadOf,
} from '@jiuzhu/contracts';
import { eventually, failureOf } from '@jiuzhu/service-kit/testing';
import {
  aCalmVisit,
  aDisbursement,
  as,
  GAOZHOU_COURT,
  startFollowup,
  XINYI_COURT,
  type Harness,
} from './helpers.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startFollowup();
});
afterAll(async () => harness?.stop());

const CIVIL_AFFAIRS = 'civil-affairs-440983';
const RURAL = 'rural-revitalisation-440983';
const caseworkerActor = { userId: 'xinyi.caseworker', orgId: XINYI_COURT };

/** A case of Xinyi court that went through every context: opened, verified, decided, paid, referred twice. */
async function aCaseAcrossContexts() {
  const caseId = crypto.randomUUID();
  const base = { caseId, handlingOrgId: XINYI_COURT };
  const civilReferral = crypto.randomUUID();
  await harness.deliver(
    caseOpened,
    {
      ...base,
      caseNumber: '(2026)粤0983司救31号',
      leadSource: 'own_application',
      urgent: true,
      requestedAmountFen: 5_000_000,
      handlingRegion: '440983',
      handlingOrgParentId: 'court-440900',
    },
    { occurredAt: '2026-04-01T02:00:00.000Z', actor: caseworkerActor },
  );
  await harness.deliver(
    verificationCompleted,
    { ...base, eligible: true, recommendedAmountFen: 3_000_000, capFen: 20_000_000 },
    { occurredAt: '2026-04-03T02:00:00.000Z', actor: caseworkerActor },
  );
  await harness.deliver(
    decisionIssued,
    {
      ...base,
      decisionId: crypto.randomUUID(),
      outcome: 'approved',
      approvedAmountFen: 3_000_000,
      decisionNumber: '粤0983司救决31号',
    },
    { occurredAt: '2026-04-08T02:00:00.000Z', actor: { userId: 'xinyi.chief', orgId: XINYI_COURT } },
  );
  await harness.deliver(disbursementRecorded, aDisbursement(caseId, 3_000_000), {
    occurredAt: '2026-04-10T02:00:00.000Z',
    actor: { userId: 'system:payments', orgId: XINYI_COURT },
  });
  const referred = await harness.deliver(
    referralCreated,
    {
      ...base,
      referralId: civilReferral,
      partnerOrgId: CIVIL_AFFAIRS,
      programme: 'minimum_living_allowance',
    },
    { occurredAt: '2026-04-11T02:00:00.000Z', actor: caseworkerActor },
  );
  // The bus delivers at least once: the same event arrives a second time, before the later referral events
  // of the case (one topic, one key: in order), so the timeline is complete only once it has been handled.
  await harness.deliver(referralCreated, referred.payload, referred);
  await harness.deliver(
    referralCreated,
    { ...base, referralId: crypto.randomUUID(), partnerOrgId: RURAL, programme: 'poverty_relief' },
    { occurredAt: '2026-04-11T03:00:00.000Z', actor: caseworkerActor },
  );
  await harness.deliver(
    referralOutcomeRecorded,
    {
      ...base,
      referralId: civilReferral,
      partnerOrgId: CIVIL_AFFAIRS,
      programme: 'minimum_living_allowance',
      outcome: 'enrolled',
      enrolledFrom: '2026-05-01',
      monthlyAmountFen: 68_000,
    },
    {
      occurredAt: '2026-04-20T02:00:00.000Z',
      actor: { userId: 'xinyi-civil.officer', orgId: CIVIL_AFFAIRS },
    },
  );
  return caseId;
}

describe('case timeline', () => {
  it('shows the caseworker everything that happened across contexts, once per event, in order', async () => {
    const caseId = await aCaseAcrossContexts();
    const caseworker = await as(harness, 'xinyi.caseworker');
    // Follow-up's own events (the visits the payment and the referral outcome scheduled) come back over the bus.
    const visitsScheduled = await eventually(async () => {
      const rows = await harness.query(
        `SELECT 1 FROM outbox WHERE key = $1 AND envelope->>'type' = 'followup.visit-scheduled'`,
        [caseId],
      );
      return rows.length >= 5 ? rows.length : undefined;
    }, 'the scheduled visits');
    const timeline = await eventually(async () => {
      const t = await caseworker.caseTimeline.query({ caseId });
      return t.entries.length >= 7 + visitsScheduled ? t : undefined;
    }, 'the whole timeline');

    expect(timeline.audience).toBe('handling');
    const upstream = timeline.entries.filter((e) => e.context !== 'followup');
    expect(upstream.map((e) => [e.context, e.kind, e.orgId, e.actorUserId])).toEqual([
      ['intake', 'intake.case-opened', XINYI_COURT, 'xinyi.caseworker'],
      ['investigation', 'investigation.verification-completed', XINYI_COURT, 'xinyi.caseworker'],
      ['approval', 'approval.decision-issued', XINYI_COURT, 'xinyi.chief'],
      ['payments', 'payments.disbursement-recorded', XINYI_COURT, null],
      ['referral', 'referral.referral-created', XINYI_COURT, 'xinyi.caseworker'],
      ['referral', 'referral.referral-created', XINYI_COURT, 'xinyi.caseworker'],
      ['referral', 'referral.outcome-recorded', CIVIL_AFFAIRS, 'xinyi-civil.officer'],
    ]);
    const visits = timeline.entries.filter((e) => e.context === 'followup');
    expect(visits).toHaveLength(visitsScheduled);
    expect(visits.every((e) => e.kind === 'followup.visit-scheduled' && e.actorUserId === null)).toBe(true);
    expect(visits[0]?.summary).toMatch(/^安排(电话回访|上门走访|村（居）委会了解)，\d{4}-\d{2}-\d{2}到期$/);
    const summaries = upstream.map((e) => e.summary);
    expect(summaries[0]).toBe(
      '立案（(2026)粤0983司救31号），案源：当事人申请，绿色通道，申请救助金额50,000.00元',
    );
    expect(summaries[2]).toBe('作出救助决定（粤0983司救决31号），决定救助30,000.00元');
    expect(summaries[3]).toBe('发放救助金30,000.00元');
    expect(summaries[6]).toBe(
      `${CIVIL_AFFAIRS}反馈：已纳入最低生活保障（低保），自2026-05-01起，每月680.00元`,
    );
  });

  it('lets the parent agency supervisor read it, and no other agency', async () => {
    const caseId = await aCaseAcrossContexts();
    const supervisor = await as(harness, 'maoming.supervisor');
    const seen = await eventually(async () => {
      const t = await supervisor.caseTimeline.query({ caseId });
      return t.entries.some((e) => e.kind === 'referral.outcome-recorded') ? t : undefined;
    }, "the supervisor's timeline");
    expect(seen.audience).toBe('handling');

    const gaozhou = await as(harness, 'gaozhou.caseworker');
    expect(await failureOf(gaozhou.caseTimeline.query({ caseId }))).toEqual({
      status: 403,
      message: OUT_OF_REACH,
    });
  });

  it('shows a partner officer only the referral entries addressed to their department, without amounts', async () => {
    const caseId = await aCaseAcrossContexts();
    const civil = await as(harness, 'xinyi-civil.officer');
    const timeline = await eventually(async () => {
      const t = await civil.caseTimeline.query({ caseId });
      return t.entries.length >= 2 ? t : undefined;
    }, "the civil-affairs officer's entries");
    expect(timeline.audience).toBe('partner');
    expect(timeline.entries.map((e) => [e.kind, e.summary])).toEqual([
      ['referral.referral-created', '转介至本部门，申请最低生活保障（低保）'],
      ['referral.outcome-recorded', '本部门反馈：已纳入最低生活保障（低保），自2026-05-01起'],
    ]);
    expect(JSON.stringify(timeline)).not.toMatch(/元|银行|rural-revitalisation/);

    const rural = await as(harness, 'xinyi-rural.officer');
    const ruralView = await eventually(async () => {
      const t = await rural.caseTimeline.query({ caseId });
      return t.entries.length >= 1 ? t : undefined;
    }, "the rural officer's entry");
    expect(ruralView.entries.map((e) => e.summary)).toEqual(['转介至本部门，申请防止返贫监测帮扶']);

    const elsewhere = await as(harness, 'yiyuan-civil.officer');
    expect((await failureOf(elsewhere.caseTimeline.query({ caseId }))).status).toBe(403);
  });
});

describe('case timeline: the parent agency’s overseers', () => {
  // Nobody of Xinyi procuratorate calls follow-up in this file, so its parent is known only from case-opened.
  const XINYI_JCY = 'procuratorate-440983';
  const openAt = async (caseId: string, parent: { handlingOrgParentId?: string }) =>
    harness.deliver(
      caseOpened,
      {
        caseId,
        handlingOrgId: XINYI_JCY,
        caseNumber: '(2026)粤0983检司救7号',
        leadSource: 'ex_officio',
        urgent: false,
        requestedAmountFen: 1_000_000,
        handlingRegion: '440983',
        ...parent,
      },
      { occurredAt: '2026-04-01T02:00:00.000Z', actor: { userId: 'xinyi-jcy.caseworker', orgId: XINYI_JCY } },
    );

  it('shows the parent’s supervisor the case and its visits when case-opened names the parent', async () => {
    const caseId = crypto.randomUUID();
    await openAt(caseId, { handlingOrgParentId: 'procuratorate-440900' });
    await harness.deliver(
      visitRecorded,
      {
        caseId,
        handlingOrgId: XINYI_JCY,
        handlingOrgName: '信宜市人民检察院',
        visitId: crypto.randomUUID(),
        visitedOn: '2026-05-10',
        method: 'home_visit',
        povertyRisk: 'none',
        needsFound: 0,
      },
      { occurredAt: '2026-05-10T02:00:00.000Z', actor: { userId: 'xinyi-jcy.caseworker', orgId: XINYI_JCY } },
    );

    const supervisor = await as(harness, 'maoming-jcy.supervisor');
    const seen = await eventually(async () => {
      const t = await supervisor.caseTimeline.query({ caseId });
      return t.entries.some((e) => e.kind === 'followup.visit-recorded') ? t : undefined;
    }, "the visit on the supervisor's timeline");
    expect(seen.audience).toBe('handling');
    expect(seen.entries.map((e) => e.summary)).toContain('完成上门走访（2026-05-10），返贫风险无');

    // Another procuratorate's chief, or the parent's caseworker, is not an overseer of the case.
    for (const other of ['gaozhou-jcy.chief', 'maoming-jcy.caseworker'])
      expect(await failureOf((await as(harness, other)).caseTimeline.query({ caseId }))).toMatchObject({
        status: 403,
      });
  });

  it('keeps a case whose parent is unknown to its handling agency', async () => {
    const caseId = crypto.randomUUID();
    await openAt(caseId, {});
    const supervisor = await as(harness, 'maoming-jcy.supervisor');
    expect(await failureOf(supervisor.caseTimeline.query({ caseId }))).toEqual({
      status: 403,
      message: OUT_OF_REACH,
    });
  });
});

describe('case timeline: return visits', () => {
  it('shows the caseworker each recorded visit once, by the agency that made it, and the partner nothing of it', async () => {
    const caseId = await aCaseAcrossContexts();
    const caseworker = await as(harness, 'xinyi.caseworker');
    const visits = await eventually(async () => {
      const list = await caseworker.listVisits.query({ caseId });
      return list.length >= 5 ? list : undefined;
    }, 'the planned visits');
    await caseworker.recordVisit.mutate({
      ...aCalmVisit(visits[0]!.visitId, '2026-05-10'),
      povertyRisk: 'low',
      needs: [{ programme: 'education_aid', note: '长子读高中学费困难' }],
    });
    // The bus delivers at least once: the visit's event arrives a second time before the next visit's.
    const [first] = await harness.query<{ envelope: EventEnvelope<PayloadOf<typeof visitRecorded>> }>(
      `SELECT envelope FROM outbox WHERE key = $1 AND envelope->>'type' = 'followup.visit-recorded'`,
      [caseId],
    );
    expect(first!.envelope.payload).toEqual({
      caseId,
      handlingOrgId: XINYI_COURT,
      handlingOrgName: '信宜市人民法院',
      visitId: visits[0]!.visitId,
      visitedOn: '2026-05-10',
      method: 'phone',
      povertyRisk: 'low',
      needsFound: 1,
    });
    await harness.deliver(visitRecorded, first!.envelope.payload, first!.envelope);
    await caseworker.recordVisit.mutate({
      ...aCalmVisit(visits[1]!.visitId, '2026-06-10'),
      method: 'home_visit',
    });

    const timeline = await eventually(async () => {
      const t = await caseworker.caseTimeline.query({ caseId });
      return t.entries.some((e) => e.summary.includes('2026-06-10')) ? t : undefined;
    }, 'the second visit on the timeline');
    const recorded = timeline.entries.filter((e) => e.kind === 'followup.visit-recorded');
    const recorder = first!.envelope.actor.userId;
    expect(recorded.map((e) => [e.summary, e.orgId, e.orgName, e.actorUserId])).toEqual([
      ['完成电话回访（2026-05-10），返贫风险较低，发现1项需求', XINYI_COURT, '信宜市人民法院', recorder],
      ['完成上门走访（2026-06-10），返贫风险无', XINYI_COURT, '信宜市人民法院', recorder],
    ]);

    const civil = await as(harness, 'xinyi-civil.officer');
    const partnerView = await civil.caseTimeline.query({ caseId });
    expect(partnerView.audience).toBe('partner');
    expect(partnerView.entries.map((e) => e.kind)).toEqual([
      'referral.referral-created',
      'referral.outcome-recorded',
    ]);
    expect(JSON.stringify(partnerView)).not.toMatch(/回访|返贫/);
  });
});

describe('case timeline: organisations by name', () => {
  it('names the partner, the organiser and the acting organisation where known, and shows the id otherwise', async () => {
    const caseId = crypto.randomUUID();
    const base = { caseId, handlingOrgId: XINYI_COURT };
    const referralId = crypto.randomUUID();
    const partner = { partnerOrgId: CIVIL_AFFAIRS, partnerOrgName: '信宜市民政局' };
    await harness.deliver(
      referralCreated,
      { ...base, referralId, ...partner, programme: 'minimum_living_allowance' },
      { occurredAt: '2026-06-01T02:00:00.000Z', actor: caseworkerActor },
    );
    await harness.deliver(
      referralOutcomeRecorded,
      { ...base, referralId, ...partner, programme: 'minimum_living_allowance', outcome: 'not_enrolled' },
      { occurredAt: '2026-06-10T02:00:00.000Z', actor: { userId: 'u-civil', orgId: CIVIL_AFFAIRS } },
    );
    const pledge = (organisedByOrgId: string, organisedByOrgName?: string) => ({
      ...base,
      pledgeId: crypto.randomUUID(),
      donorName: '信宜市某爱心企业',
      organisedByOrgId,
      ...(organisedByOrgName ? { organisedByOrgName } : {}),
      amountFen: 200_000,
    });
    await harness.deliver(donationPledged, pledge('womens-federation-440983', '信宜市妇女联合会'), {
      occurredAt: '2026-06-11T02:00:00.000Z',
      actor: { userId: 'u-women', orgId: 'womens-federation-440983' },
    });
    // An organiser nobody has named: neither the event nor any caller's token.
    await harness.deliver(donationPledged, pledge('commerce-bureau-440983'), {
      occurredAt: '2026-06-12T02:00:00.000Z',
      actor: { userId: 'u-commerce', orgId: 'commerce-bureau-440983' },
    });

    const caseworker = await as(harness, 'xinyi.caseworker');
    const timeline = await eventually(async () => {
      const t = await caseworker.caseTimeline.query({ caseId });
      return t.entries.filter((e) => e.context === 'referral').length >= 4 ? t : undefined;
    }, 'the referral entries');
    const referral = timeline.entries.filter((e) => e.context === 'referral');
    expect(referral.map((e) => [e.summary, e.orgId, e.orgName])).toEqual([
      // The court's name comes from the caseworker's token: follow-up learns it when they call.
      ['移送信宜市民政局，申请最低生活保障（低保）', XINYI_COURT, '信宜市人民法院'],
      ['信宜市民政局反馈：经审核未纳入最低生活保障（低保）', CIVIL_AFFAIRS, '信宜市民政局'],
      [
        '信宜市某爱心企业认捐2,000.00元（信宜市妇女联合会组织）',
        'womens-federation-440983',
        '信宜市妇女联合会',
      ],
      ['信宜市某爱心企业认捐2,000.00元（commerce-bureau-440983组织）', 'commerce-bureau-440983', null],
    ]);

    const ledger = await caseworker.observationLedger.query({ caseId });
    expect(ledger.entries.map((e) => e.summary)).toEqual(
      expect.arrayContaining([
        '移送信宜市民政局，申请最低生活保障（低保）',
        '信宜市民政局反馈：经审核未纳入最低生活保障（低保）',
      ]),
    );
  });
});

describe('joint meetings learn the region from intake.case-opened', () => {
  it("counts a case in its agency's region though nobody of that agency has called follow-up", async () => {
    const caseId = crypto.randomUUID();
    await harness.deliver(
      caseOpened,
      {
        caseId,
        handlingOrgId: GAOZHOU_COURT,
        caseNumber: '(2025)粤0981司救5号',
        leadSource: 'ex_officio',
        urgent: false,
        requestedAmountFen: 1_000_000,
        handlingRegion: '440981',
      },
      { occurredAt: '2025-05-01T02:00:00.000Z' },
    );
    await harness.deliver(disbursementRecorded, aDisbursement(caseId, 800_000, GAOZHOU_COURT), {
      occurredAt: '2025-05-06T02:00:00.000Z',
    });
    const chief = await as(harness, 'maoming.chief');
    const pack = await eventually(async () => {
      const p = await chief.meetingPack.query({ region: '440981', period: { quarter: '2025-Q2' } });
      return p.assistance.cases > 0 ? p : undefined;
    }, 'the Gaozhou payment in the pack');
    expect(pack.assistance).toEqual({ cases: 1, persons: 1, amountFen: 800_000 });
    const county = await chief.meetingPack.query({ region: '440983', period: { quarter: '2025-Q2' } });
    expect(county.assistance.cases).toBe(0);
  });
});
