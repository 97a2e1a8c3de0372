import {
  advanceApproved,
  caseOpened,
  decisionIssued,
  deteriorationAlert,
  disbursementRecorded,
  donationPledged,
  followupCaseStatusChanged,
  needFound,
  paymentNeedsAttention,
  paymentOverdue,
  referralCreated,
  referralOutcomeRecorded,
  returnedForInvestigation,
  verificationCompleted,
  visitRecorded,
  visitScheduled,
  type EventDefinition,
  type EventEnvelope,
  type LeadSource,
} from '@jiuzhu/contracts';
import { on, type Handler } from '@jiuzhu/bus';
import { beijingDateOf } from '@jiuzhu/calendar';
import type { Tx } from './database.ts';
import { METHOD_LABELS, RISK_LABELS, programmeLabel, yuan } from './labels.ts';

/** What the timeline says about one event. */
interface TimelineText {
  summary: string;
  /** The partner department the entry concerns: only its officers see it, and only `partnerSummary`. */
  partner?: { orgId: string; summary: string };
}

const LEAD_SOURCES: Readonly<Record<LeadSource, string>> = {
  internal_department: '内部移送',
  own_application: '当事人申请',
  ex_officio: '依职权发现',
  partner_department: '协作部门移送',
  superior_agency: '上级机关交办',
};

const APPROVAL_STEPS: Readonly<Record<string, string>> = {
  department_head: '部门负责人',
  final: '院（检察）长或委员会',
  superior: '上级机关',
};

const SYSTEM_ACTOR = /^system:/;

/** Payload fields naming an organisation, each with the field that may carry its name. */
const NAMED_ORGS = [
  ['handlingOrgId', 'handlingOrgName'],
  ['partnerOrgId', 'partnerOrgName'],
  ['organisedByOrgId', 'organisedByOrgName'],
] as const;

/** An organisation's name for the timeline text, or its id when no name is known. */
type OrgName = (orgId: string) => string;

/**
 * Names of the organisations an event mentions and of the one that acted: as the event gives them, else as
 * follow-up learned them from callers' tokens. Unknown ones are absent.
 */
async function orgNamesOf(tx: Tx, event: EventEnvelope<object>): Promise<Map<string, string>> {
  const payload = event.payload as Record<string, unknown>;
  const ids = new Set([event.actor.orgId]);
  const given = new Map<string, string>();
  for (const [idField, nameField] of NAMED_ORGS) {
    const id = payload[idField];
    const name = payload[nameField];
    if (typeof id !== 'string') continue;
    ids.add(id);
    if (typeof name === 'string' && name.trim()) given.set(id, name);
  }
  const learned = await tx.organisation.findMany({
    where: { id: { in: [...ids] } },
    select: { id: true, name: true },
  });
  return new Map([...learned.map((org) => [org.id, org.name] as const), ...given]);
}

function entry<P extends { caseId: string; handlingOrgId: string }>(
  def: EventDefinition<P>,
  describe: (payload: P, orgName: OrgName) => TimelineText,
): Handler<Tx> {
  return on(def, async (event, tx) => {
    const names = await orgNamesOf(tx, event);
    const text = describe(event.payload, (orgId) => names.get(orgId) ?? orgId);
    await recordTimeline(tx, event, text, names.get(event.actor.orgId) ?? null);
  });
}

async function recordTimeline(
  tx: Tx,
  event: EventEnvelope<{ caseId: string; handlingOrgId: string }>,
  text: TimelineText,
  orgName: string | null,
): Promise<void> {
  await tx.timelineEntry.createMany({
    data: [
      {
        id: event.id,
        caseId: event.payload.caseId,
        handlingOrgId: event.payload.handlingOrgId,
        occurredAt: new Date(event.occurredAt),
        context: event.type.slice(0, event.type.indexOf('.')),
        kind: event.type,
        orgId: event.actor.orgId,
        orgName,
        actorUserId: SYSTEM_ACTOR.test(event.actor.userId) ? null : event.actor.userId,
        summary: text.summary,
        partnerOrgId: text.partner?.orgId ?? null,
        partnerSummary: text.partner?.summary ?? null,
      },
    ],
    skipDuplicates: true,
  });
}

/** Every event about a case that the timeline records, from every context. */
const TIMELINE: Handler<Tx>[] = [
  entry(caseOpened, (p) => ({
    summary: `立案（${p.caseNumber}），案源：${LEAD_SOURCES[p.leadSource]}${p.urgent ? '，绿色通道' : ''}，申请救助金额${yuan(p.requestedAmountFen)}元`,
  })),
  entry(verificationCompleted, (p) => ({
    summary: p.eligible
      ? `调查核实完成：符合司法救助条件，建议救助${yuan(p.recommendedAmountFen)}元`
      : `调查核实完成：不符合司法救助条件${p.referralRecommendation ? `，建议衔接${programmeLabel(p.referralRecommendation.programme)}` : ''}`,
  })),
  entry(returnedForInvestigation, (p) => ({
    summary: `${APPROVAL_STEPS[p.step] ?? p.step}退回补充调查：${p.question}`,
  })),
  entry(advanceApproved, (p) => ({
    summary: `批准先行救助${yuan(p.amountFen)}元，须于${beijingDateOf(p.completeBy)}前作出救助决定`,
  })),
  entry(decisionIssued, (p) => {
    const number = p.decisionNumber ? `（${p.decisionNumber}）` : '';
    return {
      summary:
        p.outcome === 'approved'
          ? `作出救助决定${number}，决定救助${yuan(p.approvedAmountFen)}元`
          : `作出不予救助决定${number}`,
    };
  }),
  entry(disbursementRecorded, (p) => ({ summary: `发放救助金${yuan(p.amountFen)}元` })),
  entry(paymentOverdue, (p) => ({
    summary: `第${p.instalmentNo}笔救助金${yuan(p.amountFen)}元逾期未发放`,
  })),
  entry(paymentNeedsAttention, (p) => ({
    summary: `第${p.instalmentNo}笔救助金${yuan(p.amountFen)}元发放失败（${p.reason}），待财务人员处理`,
  })),
  entry(referralCreated, (p, orgName) => ({
    summary: `移送${orgName(p.partnerOrgId)}，申请${programmeLabel(p.programme)}`,
    partner: { orgId: p.partnerOrgId, summary: `转介至本部门，申请${programmeLabel(p.programme)}` },
  })),
  entry(referralOutcomeRecorded, (p, orgName) => {
    const programme = programmeLabel(p.enrolledProgramme ?? p.programme);
    const from = p.enrolledFrom ? `，自${p.enrolledFrom}起` : '';
    const monthly = p.monthlyAmountFen !== undefined ? `，每月${yuan(p.monthlyAmountFen)}元` : '';
    const outcome = (details: string) =>
      ({
        enrolled: `已纳入${programme}${details}`,
        not_enrolled: `经审核未纳入${programmeLabel(p.programme)}`,
        declined: '不予受理',
      })[p.outcome];
    return {
      summary: `${orgName(p.partnerOrgId)}反馈：${outcome(`${from}${monthly}`)}`,
      partner: { orgId: p.partnerOrgId, summary: `本部门反馈：${outcome(from)}` },
    };
  }),
  entry(donationPledged, (p, orgName) => ({
    summary: `${p.donorName}认捐${yuan(p.amountFen)}元（${orgName(p.organisedByOrgId)}组织）`,
  })),
  entry(visitScheduled, (p) => ({ summary: `安排${METHOD_LABELS[p.method]}，${p.dueOn}到期` })),
  entry(visitRecorded, (p) => ({
    summary: `完成${METHOD_LABELS[p.method]}（${p.visitedOn}），返贫风险${RISK_LABELS[p.povertyRisk]}${p.needsFound > 0 ? `，发现${p.needsFound}项需求` : ''}`,
  })),
  entry(needFound, (p) => ({ summary: `回访发现需求：${programmeLabel(p.programme)}（${p.note}）` })),
  entry(deteriorationAlert, (p) => ({ summary: `回访发现情况严重恶化，已提醒部门负责人：${p.summary}` })),
  entry(followupCaseStatusChanged, (p) => ({
    summary: p.status === 'closed' ? '回访结束，结案' : `重新开启回访${p.reason ? `：${p.reason}` : ''}`,
  })),
];

const keyOf = (def: EventDefinition<unknown>) => `${def.type}@${def.version}`;

/**
 * Adds the case timeline to `handlers`: an event another handler already takes gets its timeline entry in the
 * same transaction; the rest get a handler of their own. The entry's id is the event id, so a redelivery adds
 * nothing.
 */
export function withTimeline(handlers: Handler<Tx>[]): Handler<Tx>[] {
  const timeline = new Map(TIMELINE.map((handler) => [keyOf(handler.def), handler]));
  const combined = handlers.map((handler): Handler<Tx> => {
    const record = timeline.get(keyOf(handler.def));
    if (!record) return handler;
    timeline.delete(keyOf(handler.def));
    return {
      def: handler.def,
      handle: async (event, tx) => {
        await record.handle(event, tx);
        await handler.handle(event, tx);
      },
    };
  });
  return [...combined, ...timeline.values()];
}
