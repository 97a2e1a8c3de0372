import { z } from 'zod';
import { ReferralProgramme } from '../events/investigation.ts';
import { OrgId } from '../identity.ts';
import { Fen } from '../money.ts';
import { RegionCode } from '../personal-data.ts';
import { procedure, router, type ApiContext } from '../trpc.ts';
import { CaseRef } from './intake.ts';

export const VisitMethod = z.enum(['phone', 'home_visit', 'village_committee']);
export type VisitMethod = z.infer<typeof VisitMethod>;

/** return_visit: the agency's plan (回访); counselling: psychological counselling follow-up for minors. */
export const VisitPurpose = z.enum(['return_visit', 'counselling']);
export type VisitPurpose = z.infer<typeof VisitPurpose>;

export const VisitView = z.object({
  visitId: z.uuid(),
  caseId: z.uuid(),
  handlingOrgId: z.string(),
  method: VisitMethod,
  purpose: VisitPurpose,
  /** Beijing calendar date. */
  dueOn: z.iso.date(),
  status: z.enum(['scheduled', 'completed']),
  /** Still scheduled and due before today (Beijing). */
  overdue: z.boolean(),
  /** What started it: a payment or a referral outcome. */
  trigger: z.enum(['disbursement', 'referral_outcome', 'reopened', 'manual']),
});
export type VisitView = z.infer<typeof VisitView>;

export const PlanStep = z.object({
  monthsAfter: z.number().int().min(1).max(60),
  method: VisitMethod,
});
export type PlanStep = z.infer<typeof PlanStep>;

export const VisitPlanView = z.object({
  orgId: z.string(),
  steps: z.array(PlanStep).min(1),
  /** When the household has minors: counselling visits this many months after the start. */
  counsellingMonthsAfter: z.array(z.number().int().min(1).max(60)),
  isDefault: z.boolean(),
});
export type VisitPlanView = z.infer<typeof VisitPlanView>;

export const SetVisitPlanInput = VisitPlanView.pick({ steps: true, counsellingMonthsAfter: true });

/** An extra visit the caseworker arranges by hand (e.g. to check again after a risk was found). */
export const ScheduleVisitInput = CaseRef.extend({
  dueOn: z.iso.date(),
  method: VisitMethod,
  purpose: VisitPurpose.default('return_visit'),
});

export const MarkHouseholdInput = CaseRef.extend({ hasMinors: z.boolean() });

export const PovertyRisk = z.enum(['none', 'low', 'high']);
export const IncomeChange = z.enum(['increased', 'unchanged', 'decreased', 'lost']);

export const RecordVisitInput = z.object({
  visitId: z.uuid(),
  conductedOn: z.iso.date(),
  method: VisitMethod,
  livingSituation: z.string().trim().min(1, { message: '请填写生活状况' }).max(1000),
  incomeChange: IncomeChange,
  health: z.string().trim().max(1000),
  childrenSchooling: z.string().trim().max(1000),
  psychologicalState: z.string().trim().max(1000),
  /** Whether the family risks falling back into poverty (返贫风险). */
  povertyRisk: PovertyRisk,
  /** A serious deterioration: alerts the department head. */
  seriousDeterioration: z.boolean().default(false),
  needs: z
    .array(z.object({ programme: ReferralProgramme, note: z.string().trim().min(1).max(1000) }))
    .max(10)
    .default([]),
});
export type RecordVisitInput = z.input<typeof RecordVisitInput>;

export const VisitRecordView = z.object({
  visitId: z.uuid(),
  caseId: z.uuid(),
  conductedOn: z.iso.date(),
  method: VisitMethod,
  povertyRisk: PovertyRisk,
  seriousDeterioration: z.boolean(),
  needsFound: z.number().int(),
});

export const DeteriorationAlertView = z.object({
  alertId: z.uuid(),
  caseId: z.uuid(),
  visitId: z.uuid(),
  summary: z.string(),
  raisedAt: z.iso.datetime({ offset: true }),
});
export type DeteriorationAlertView = z.infer<typeof DeteriorationAlertView>;

export const LedgerEntryKind = z.enum([
  'case_opened',
  'verification_completed',
  'decision_issued',
  'disbursement_recorded',
  'referral_created',
  'referral_outcome',
  'visit_scheduled',
  'visit_completed',
  'need_found',
  'deterioration_alert',
  'case_closed',
  'case_reopened',
]);
export type LedgerEntryKind = z.infer<typeof LedgerEntryKind>;

/** One line of the observation ledger (观察台账). */
export const ObservationEntryView = z.object({
  entryId: z.uuid(),
  caseId: z.uuid(),
  occurredAt: z.iso.datetime({ offset: true }),
  /** The service the fact came from. */
  source: z.string(),
  /** The organisation that acted (handling agency, partner department…). */
  orgId: z.string(),
  kind: LedgerEntryKind,
  summary: z.string(),
  amountFen: Fen.nullable(),
});
export type ObservationEntryView = z.infer<typeof ObservationEntryView>;

export const ObservationLedgerView = z.object({
  caseId: z.uuid(),
  handlingOrgId: z.string(),
  caseNumber: z.string().nullable(),
  status: z.enum(['open', 'closed']),
  hasMinors: z.boolean(),
  entries: z.array(ObservationEntryView),
});
export type ObservationLedgerView = z.infer<typeof ObservationLedgerView>;

/** One thing that happened to a case, from any agency or service (built from events). */
export const TimelineEntryView = z.object({
  entryId: z.uuid(),
  occurredAt: z.iso.datetime({ offset: true }),
  /** The bounded context that published it: intake, investigation, approval, payments, referral, followup. */
  context: z.string(),
  /** The event type, e.g. approval.decision-issued. */
  kind: z.string(),
  /** The organisation that acted (handling agency, superior agency, partner department…). */
  orgId: z.string(),
  /** Its name; null when follow-up knows none (show the id then). */
  orgName: z.string().nullable(),
  /** The person who acted; null when a service acted on its own (deadline checks, payment retries…). */
  actorUserId: z.string().nullable(),
  summary: z.string(),
});
export type TimelineEntryView = z.infer<typeof TimelineEntryView>;

export const CaseTimelineView = z.object({
  caseId: z.uuid(),
  /** partner: a partner department's officer, who sees only the referrals addressed to their department. */
  audience: z.enum(['handling', 'partner']),
  entries: z.array(TimelineEntryView),
});
export type CaseTimelineView = z.infer<typeof CaseTimelineView>;

export const SpreadsheetExport = z.object({
  fileName: z.string(),
  contentType: z.literal('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  contentBase64: z.string(),
});

export const ReopenInput = CaseRef.extend({
  reason: z.string().trim().min(2, { message: '请说明重新开启的原因' }).max(500),
});

export const CaseStatusView = z.object({
  caseId: z.uuid(),
  status: z.enum(['open', 'closed']),
  audit: z.array(
    z.object({
      action: z.enum(['closed', 'reopened']),
      actorUserId: z.string(),
      reason: z.string().nullable(),
      at: z.iso.datetime({ offset: true }),
    }),
  ),
});

/** A quarter such as 2026-Q4, or an ad hoc period. */
export const PeriodInput = z.union([
  z.object({
    quarter: z
      .string()
      .max(7, { message: '季度格式应为 2026-Q4' })
      .regex(/^\d{4}-Q[1-4]$/, { message: '季度格式应为 2026-Q4' }),
  }),
  z.object({ from: z.iso.date(), to: z.iso.date() }),
]);

export const MeetingPackInput = z.object({
  /** GB/T 2260 code: the region the meeting covers; within the caller's own region. Defaults to it. */
  region: RegionCode.optional(),
  period: PeriodInput,
});

export const PartnerReferralStats = z.object({
  partnerOrgId: z.string(),
  /** The partner's name in the SSO directory as referral gave it; its id for referrals from before it did. */
  partnerOrgName: z.string(),
  sent: z.number().int(),
  accepted: z.number().int(),
  enrolled: z.number().int(),
  declined: z.number().int(),
  overdue: z.number().int(),
});

export const AgendaItemView = z.object({
  itemId: z.uuid(),
  region: z.string(),
  meetingOn: z.iso.date(),
  topic: z.string(),
  decision: z.string(),
  responsibleOrgId: z.string(),
  /** The responsible organisation's name in the SSO directory when the item was recorded. */
  responsibleOrgName: z.string(),
  dueOn: z.iso.date(),
  status: z.enum(['open', 'done']),
  overdue: z.boolean(),
  completedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type AgendaItemView = z.infer<typeof AgendaItemView>;

export const MeetingPackView = z.object({
  region: z.string(),
  from: z.iso.date(),
  to: z.iso.date(),
  /** Cases paid in the period, the people assisted (one applicant per case) and the amount paid. */
  assistance: z.object({ cases: z.number().int(), persons: z.number().int(), amountFen: Fen }),
  referralsByPartner: z.array(PartnerReferralStats),
  followup: z.object({
    visitsDue: z.number().int(),
    visitsCompleted: z.number().int(),
    /** Completed ÷ due, in per cent (100 when nothing was due). */
    coveragePercent: z.number(),
    casesUnderFollowup: z.number().int(),
    deteriorationAlerts: z.number().int(),
  }),
  agenda: z.array(AgendaItemView),
});
export type MeetingPackView = z.infer<typeof MeetingPackView>;

export const RecordAgendaItemInput = z.object({
  region: RegionCode.optional(),
  meetingOn: z.iso.date(),
  topic: z.string().trim().min(1).max(500),
  decision: z.string().trim().min(1).max(2000),
  /** An organisation of the SSO directory, by id; its name is the directory's. */
  responsibleOrgId: OrgId,
  dueOn: z.iso.date(),
});

export const SuperiorReportView = z.object({ title: z.string(), text: z.string() });

export interface FollowupApi {
  listVisits(ctx: ApiContext, input: z.output<typeof CaseRef>): Promise<VisitView[]>;
  visitsDue(ctx: ApiContext, input: { until?: string | undefined }): Promise<VisitView[]>;
  getVisitPlan(ctx: ApiContext): Promise<VisitPlanView>;
  setVisitPlan(ctx: ApiContext, input: z.output<typeof SetVisitPlanInput>): Promise<VisitPlanView>;
  scheduleVisit(ctx: ApiContext, input: z.output<typeof ScheduleVisitInput>): Promise<VisitView>;
  markHousehold(ctx: ApiContext, input: z.output<typeof MarkHouseholdInput>): Promise<VisitView[]>;
  recordVisit(
    ctx: ApiContext,
    input: z.output<typeof RecordVisitInput>,
  ): Promise<z.output<typeof VisitRecordView>>;
  listAlerts(ctx: ApiContext): Promise<DeteriorationAlertView[]>;
  observationLedger(ctx: ApiContext, input: z.output<typeof CaseRef>): Promise<ObservationLedgerView>;
  exportObservationLedger(
    ctx: ApiContext,
    input: z.output<typeof CaseRef>,
  ): Promise<z.output<typeof SpreadsheetExport>>;
  caseTimeline(ctx: ApiContext, input: z.output<typeof CaseRef>): Promise<CaseTimelineView>;
  closeCase(ctx: ApiContext, input: z.output<typeof CaseRef>): Promise<z.output<typeof CaseStatusView>>;
  reopenCase(ctx: ApiContext, input: z.output<typeof ReopenInput>): Promise<z.output<typeof CaseStatusView>>;
  caseStatus(ctx: ApiContext, input: z.output<typeof CaseRef>): Promise<z.output<typeof CaseStatusView>>;
  meetingPack(ctx: ApiContext, input: z.output<typeof MeetingPackInput>): Promise<MeetingPackView>;
  recordAgendaItem(ctx: ApiContext, input: z.output<typeof RecordAgendaItemInput>): Promise<AgendaItemView>;
  completeAgendaItem(ctx: ApiContext, input: { itemId: string }): Promise<AgendaItemView>;
  superiorReport(
    ctx: ApiContext,
    input: z.output<typeof MeetingPackInput>,
  ): Promise<z.output<typeof SuperiorReportView>>;
}

export const followupRouter = (api: FollowupApi) =>
  router({
    listVisits: procedure
      .input(CaseRef)
      .output(z.array(VisitView))
      .query(({ ctx, input }) => api.listVisits(ctx, input)),
    visitsDue: procedure
      .input(z.object({ until: z.iso.date().optional() }))
      .output(z.array(VisitView))
      .query(({ ctx, input }) => api.visitsDue(ctx, input)),
    getVisitPlan: procedure.output(VisitPlanView).query(({ ctx }) => api.getVisitPlan(ctx)),
    setVisitPlan: procedure
      .input(SetVisitPlanInput)
      .output(VisitPlanView)
      .mutation(({ ctx, input }) => api.setVisitPlan(ctx, input)),
    scheduleVisit: procedure
      .input(ScheduleVisitInput)
      .output(VisitView)
      .mutation(({ ctx, input }) => api.scheduleVisit(ctx, input)),
    markHousehold: procedure
      .input(MarkHouseholdInput)
      .output(z.array(VisitView))
      .mutation(({ ctx, input }) => api.markHousehold(ctx, input)),
    recordVisit: procedure
      .input(RecordVisitInput)
      .output(VisitRecordView)
      .mutation(({ ctx, input }) => api.recordVisit(ctx, input)),
    listAlerts: procedure.output(z.array(DeteriorationAlertView)).query(({ ctx }) => api.listAlerts(ctx)),
    observationLedger: procedure
      .input(CaseRef)
      .output(ObservationLedgerView)
      .query(({ ctx, input }) => api.observationLedger(ctx, input)),
    exportObservationLedger: procedure
      .input(CaseRef)
      .output(SpreadsheetExport)
      .query(({ ctx, input }) => api.exportObservationLedger(ctx, input)),
    caseTimeline: procedure
      .input(CaseRef)
      .output(CaseTimelineView)
      .query(({ ctx, input }) => api.caseTimeline(ctx, input)),
    closeCase: procedure
      .input(CaseRef)
      .output(CaseStatusView)
      .mutation(({ ctx, input }) => api.closeCase(ctx, input)),
    reopenCase: procedure
      .input(ReopenInput)
      .output(CaseStatusView)
      .mutation(({ ctx, input }) => api.reopenCase(ctx, input)),
    caseStatus: procedure
      .input(CaseRef)
      .output(CaseStatusView)
      .query(({ ctx, input }) => api.caseStatus(ctx, input)),
    meetingPack: procedure
      .input(MeetingPackInput)
      .output(MeetingPackView)
      .query(({ ctx, input }) => api.meetingPack(ctx, input)),
    recordAgendaItem: procedure
      .input(RecordAgendaItemInput)
      .output(AgendaItemView)
      .mutation(({ ctx, input }) => api.recordAgendaItem(ctx, input)),
    completeAgendaItem: procedure
      .input(z.object({ itemId: z.uuid() }))
      .output(AgendaItemView)
      .mutation(({ ctx, input }) => api.completeAgendaItem(ctx, input)),
    superiorReport: procedure
      .input(MeetingPackInput)
      .output(SuperiorReportView)
      .query(({ ctx, input }) => api.superiorReport(ctx, input)),
  });
export type FollowupRouter = ReturnType<typeof followupRouter>;
