import {
  answerOverdue,
  REFERRAL_ANSWER_WORKING_DAYS,
  type AgendaItemView,
  type MeetingPackView,
} from '@jiuzhu/contracts';
import {
  addWorkingDays,
  beijingDateOf,
  beijingDayRange,
  beijingToday,
  fromDbDate,
  quarterRange,
  toDbDate,
  type CalendarDate,
} from '@jiuzhu/calendar';
import type { Db } from './database.ts';
import { yuan } from './labels.ts';

/** Whether `region` lies within `scope` (GB/T 2260: province xx0000, prefecture xxxx00, county). */
export function regionWithin(region: string, scope: string): boolean {
  if (scope.endsWith('0000')) return region.startsWith(scope.slice(0, 2));
  if (scope.endsWith('00')) return region.startsWith(scope.slice(0, 4));
  return region === scope;
}

export function periodRange(period: { quarter: string } | { from: string; to: string }): {
  from: CalendarDate;
  to: CalendarDate;
} {
  return 'quarter' in period ? quarterRange(period.quarter) : { from: period.from, to: period.to };
}

type AgendaRow = Awaited<ReturnType<Db['agendaItem']['findFirstOrThrow']>>;

export function agendaView(row: AgendaRow, today = beijingToday()): AgendaItemView {
  const dueOn = fromDbDate(row.dueOn);
  return {
    itemId: row.id,
    region: row.region,
    meetingOn: fromDbDate(row.meetingOn),
    topic: row.topic,
    decision: row.decision,
    responsibleOrgId: row.responsibleOrgId,
    // Items recorded before names were kept, whose organisation no caller's token had named, show their id.
    responsibleOrgName: row.responsibleOrgName ?? row.responsibleOrgId,
    dueOn,
    status: row.status as AgendaItemView['status'],
    overdue: row.status === 'open' && dueOn < today,
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}

/**
 * Where each handling agency sits: the region intake.case-opened gave its cases; for agencies whose cases all
 * came from events without one (published before the field existed), the region of the agency's own users'
 * tokens.
 */
async function agencyRegions(db: Db): Promise<Map<string, string>> {
  const regions = new Map(
    (await db.organisation.findMany({ select: { id: true, region: true } })).map((org) => [
      org.id,
      org.region,
    ]),
  );
  const fromEvents = await db.followupCase.findMany({
    where: { handlingRegion: { not: null } },
    distinct: ['handlingOrgId'],
    orderBy: [{ handlingOrgId: 'asc' }, { createdAt: 'desc' }],
    select: { handlingOrgId: true, handlingRegion: true },
  });
  for (const row of fromEvents) if (row.handlingRegion) regions.set(row.handlingOrgId, row.handlingRegion);
  return regions;
}

/**
 * The day a referral's answer was due, as referral published it; events from before it did so count the
 * default answer period from the day they were published.
 */
const answerDueOf = (referral: { answerDueOn: Date | null; occurredAt: Date }): CalendarDate =>
  referral.answerDueOn
    ? fromDbDate(referral.answerDueOn)
    : addWorkingDays(beijingDateOf(referral.occurredAt), REFERRAL_ANSWER_WORKING_DAYS);

/**
 * The numbers for a joint meeting (联席会议) of a region and period: assistance paid, referrals per partner,
 * follow-up coverage and the meeting's decisions. A referral is overdue when the partner has not answered by
 * its due day, as of the end of the period (or today if earlier): the same rule as referral's own pages.
 */
export async function meetingPack(
  db: Db,
  scope: { region: string; from: CalendarDate; to: CalendarDate },
): Promise<MeetingPackView> {
  const { region, from, to } = scope;
  const orgs = [...(await agencyRegions(db))]
    .filter(([, orgRegion]) => regionWithin(orgRegion, region))
    .map(([orgId]) => orgId);
  const within = beijingDayRange(from, to);
  const handledHere = { handlingOrgId: { in: orgs } };

  const payments = await db.observationEntry.findMany({
    where: { ...handledHere, kind: 'disbursement_recorded', occurredAt: within },
    select: { caseId: true, amountFen: true },
  });
  const paidCases = new Set(payments.map((p) => p.caseId)).size;
  const amountFen = payments.reduce((sum, p) => sum + Number(p.amountFen ?? 0n), 0);

  const sent = await db.observationEntry.findMany({
    where: { ...handledHere, kind: 'referral_created', occurredAt: within },
    select: {
      referralId: true,
      partnerOrgId: true,
      partnerOrgName: true,
      occurredAt: true,
      answerDueOn: true,
    },
    orderBy: { occurredAt: 'asc' },
  });
  const outcomes = await db.observationEntry.findMany({
    where: {
      kind: 'referral_outcome',
      referralId: { in: sent.flatMap((s) => (s.referralId ? [s.referralId] : [])) },
      occurredAt: { lt: within.lt },
    },
    select: { referralId: true, outcome: true },
  });
  const outcomeOf = new Map(outcomes.map((o) => [o.referralId, o.outcome]));
  const today = beijingToday();
  const countUntil = to < today ? to : today;
  const partners = new Map<string, MeetingPackView['referralsByPartner'][number]>();
  for (const referral of sent) {
    const partnerOrgId = referral.partnerOrgId ?? '未知';
    const row = partners.get(partnerOrgId) ?? {
      partnerOrgId,
      // Referrals from before the events carried a name, whose partner no caller's token had named, show its id.
      partnerOrgName: partnerOrgId,
      sent: 0,
      accepted: 0,
      enrolled: 0,
      declined: 0,
      overdue: 0,
    };
    // The latest name wins, so a renamed department shows its current name.
    if (referral.partnerOrgName) row.partnerOrgName = referral.partnerOrgName;
    row.sent += 1;
    const outcome = outcomeOf.get(referral.referralId);
    if (outcome === 'enrolled' || outcome === 'not_enrolled') row.accepted += 1;
    if (outcome === 'enrolled') row.enrolled += 1;
    if (outcome === 'declined') row.declined += 1;
    if (!outcome && answerOverdue(answerDueOf(referral), countUntil)) row.overdue += 1;
    partners.set(partnerOrgId, row);
  }

  const dueVisits = await db.visit.findMany({
    where: { ...handledHere, dueOn: { gte: toDbDate(from), lte: toDbDate(to) } },
    select: { status: true },
  });
  const completed = dueVisits.filter((v) => v.status === 'completed').length;
  const casesUnderFollowup = await db.followupCase.count({
    where: { ...handledHere, status: 'open', planStartOn: { not: null } },
  });
  const deteriorationAlerts = await db.deteriorationAlert.count({
    where: { ...handledHere, raisedAt: within },
  });

  const agenda = await db.agendaItem.findMany({
    where: {
      region,
      OR: [{ meetingOn: { gte: toDbDate(from), lte: toDbDate(to) } }, { status: 'open' }],
    },
    orderBy: [{ meetingOn: 'asc' }, { createdAt: 'asc' }],
  });

  return {
    region,
    from,
    to,
    assistance: { cases: paidCases, persons: paidCases, amountFen },
    referralsByPartner: [...partners.values()].sort((a, b) => a.partnerOrgId.localeCompare(b.partnerOrgId)),
    followup: {
      visitsDue: dueVisits.length,
      visitsCompleted: completed,
      coveragePercent: dueVisits.length === 0 ? 100 : Math.round((completed / dueVisits.length) * 1000) / 10,
      casesUnderFollowup,
      deteriorationAlerts,
    },
    agenda: agenda.map((row) => agendaView(row, today)),
  };
}

/** Chinese documents indent paragraphs by two full-width spaces. */
const INDENT = '\u3000\u3000';

/** The periodic report to the superior agency, in Chinese, from a meeting pack. */
export function superiorReport(pack: MeetingPackView, reporter: string): { title: string; text: string } {
  const referrals = pack.referralsByPartner.reduce(
    (sum, p) => ({
      sent: sum.sent + p.sent,
      enrolled: sum.enrolled + p.enrolled,
      overdue: sum.overdue + p.overdue,
    }),
    { sent: 0, enrolled: 0, overdue: 0 },
  );
  const open = pack.agenda.filter((item) => item.status === 'open');
  const lines = [
    `${reporter}关于${pack.from}至${pack.to}司法救助与社会救助衔接工作情况的报告`,
    '',
    `一、司法救助情况。本期共救助案件${pack.assistance.cases}件${pack.assistance.persons}人，发放救助金${yuan(pack.assistance.amountFen)}元。`,
    `二、衔接移送情况。本期向协作部门移送${referrals.sent}人，已纳入社会救助${referrals.enrolled}人，逾期未反馈${referrals.overdue}人。`,
    ...pack.referralsByPartner.map(
      (p) =>
        `${INDENT}${p.partnerOrgName}：移送${p.sent}人，受理${p.accepted}人，纳入${p.enrolled}人，不予受理${p.declined}人，逾期${p.overdue}人。`,
    ),
    `三、回访情况。本期应回访${pack.followup.visitsDue}次，已完成${pack.followup.visitsCompleted}次，回访覆盖率${pack.followup.coveragePercent}%；在跟踪案件${pack.followup.casesUnderFollowup}件，返贫预警${pack.followup.deteriorationAlerts}次。`,
    `四、联席会议议定事项。共${pack.agenda.length}项，尚未办结${open.length}项${open.length ? '：' : '。'}`,
    ...open.map(
      (item) =>
        `${INDENT}${item.topic}（责任单位：${item.responsibleOrgName}，期限：${item.dueOn}${item.overdue ? '，已逾期' : ''}）`,
    ),
  ];
  return { title: lines[0] as string, text: lines.join('\n') };
}
