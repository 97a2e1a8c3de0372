import { z } from 'zod';
import { Fen } from '../money.ts';
import { NumberPattern, OFFICIAL_NUMBER_KINDS } from '../official-numbers.ts';
import { procedure, router, type ApiContext } from '../trpc.ts';
import { CaseRef } from './intake.ts';
import { OrgId, type Role } from '../identity.ts';

/** A step of the approval chain: the agency's department head, its chief or committee, the superior agency. */
export const ApprovalStepName = z.enum(['department_head', 'chief', 'committee', 'superior']);
export type ApprovalStepName = z.infer<typeof ApprovalStepName>;

/** Roles that may act at each step (at the step's organisation). */
export const STEP_ROLES: Readonly<Record<ApprovalStepName, readonly Role[]>> = {
  department_head: ['department_head'],
  chief: ['chief'],
  committee: ['committee_member'],
  superior: ['chief', 'committee_member'],
};

export const ApprovalStatus = z.enum([
  'awaiting_submission',
  'in_progress',
  'returned',
  'approved',
  'refused',
]);
export type ApprovalStatus = z.infer<typeof ApprovalStatus>;

export const ApprovalStep = z.object({
  name: ApprovalStepName,
  /** The organisation whose approvers act at this step. */
  orgId: z.string(),
});

export const ApprovalHistoryEntry = z.object({
  step: z.string(),
  action: z.enum(['submit', 'approve', 'reject', 'return', 'reopen']),
  actorUserId: z.string(),
  actorOrgId: z.string(),
  reasons: z.string().nullable(),
  actedAt: z.iso.datetime({ offset: true }),
});

export const ApprovalView = z.object({
  requestId: z.uuid(),
  caseId: z.uuid(),
  handlingOrgId: z.string(),
  status: ApprovalStatus,
  eligible: z.boolean(),
  recommendedAmountFen: Fen,
  capFen: Fen,
  aboveCapException: z.boolean(),
  joint: z.boolean(),
  chain: z.array(ApprovalStep),
  /** Index into chain of the step that acts next; null when nobody is to act. */
  currentStep: z.number().int().nullable(),
  /** Last working day (Beijing date) for the current step. */
  stepDueOn: z.iso.date().nullable(),
  overdue: z.boolean(),
  history: z.array(ApprovalHistoryEntry),
});
export type ApprovalView = z.infer<typeof ApprovalView>;

export const SubmitForApprovalInput = CaseRef.extend({
  /** 联合救助: assistance given jointly with partners, always approved by the superior agency. */
  joint: z.boolean().default(false),
  /** The caseworker's opinion (承办人意见); required when proposing a refusal. */
  opinion: z.string().trim().max(2000).optional(),
});

export const ApprovalActInput = CaseRef.extend({
  /** The step the approver believes they act at; refused when it is not the current one. */
  step: ApprovalStepName,
  action: z.enum(['approve', 'reject', 'return']),
  /** Reasons for a rejection, or the question for investigation when returning. */
  reasons: z.string().trim().max(2000).optional(),
});

export const DecisionView = z.object({
  decisionId: z.uuid(),
  caseId: z.uuid(),
  handlingOrgId: z.string(),
  outcome: z.enum(['approved', 'refused']),
  approvedAmountFen: Fen,
  decidedAt: z.iso.datetime({ offset: true }),
  decisionNumber: z.string(),
  reasons: z.string().nullable(),
  service: z
    .object({
      method: z.enum(['in_person', 'post', 'electronic']),
      servedOn: z.iso.date(),
      recipient: z.string(),
    })
    .nullable(),
});
export type DecisionView = z.infer<typeof DecisionView>;

export const RecordServiceInput = CaseRef.extend({
  method: z.enum(['in_person', 'post', 'electronic']),
  servedOn: z.iso.date({ message: '送达日期格式应为 YYYY-MM-DD' }),
  recipient: z.string().trim().min(1, { message: '请填写受送达人' }).max(100),
});

/**
 * The chain an agency follows until it saves its own: the one home of these defaults. The approval service's
 * migrations give the stored columns the same defaults (services/approval/test/chain-defaults.test.ts).
 */
export const DEFAULT_CHAIN_CONFIG = {
  finalApprover: 'chief',
  superiorThresholdFen: 10_000_000,
  numberPattern: OFFICIAL_NUMBER_KINDS.decision.pattern,
  /** 24,000 元. */
  advanceCapFen: 2_400_000,
  advanceCompletionDays: 30,
  stepDeadlineWorkingDays: 3,
} as const;

export const ChainConfig = z.object({
  /** Who approves after the department head: the chief (院长/检察长) or the judicial assistance committee. */
  finalApprover: z.enum(['chief', 'committee']),
  /** Amounts above this go on to the superior agency. */
  superiorThresholdFen: Fen,
  /** Decision number pattern: {year}, {code} (the agency's code) and {seq} are replaced (official-numbers.ts). */
  numberPattern: NumberPattern,
  /** Advance assistance (先行救助) cap, e.g. 3 × the monthly wage. */
  advanceCapFen: Fen.default(DEFAULT_CHAIN_CONFIG.advanceCapFen),
  /** Calendar days (in Beijing) within which a case with an advance must be completed. */
  advanceCompletionDays: z
    .number()
    .int()
    .positive()
    .max(365, { message: '先行救助结案期限不能超过365天' })
    .default(DEFAULT_CHAIN_CONFIG.advanceCompletionDays),
  /** Working days each approval step has before it is overdue and escalated. */
  stepDeadlineWorkingDays: z
    .number()
    .int()
    .positive()
    .max(60, { message: '审批期限不能超过60个工作日' })
    .default(DEFAULT_CHAIN_CONFIG.stepDeadlineWorkingDays),
});
export type ChainConfig = z.infer<typeof ChainConfig>;

export const ConfigureChainInput = ChainConfig.extend({ orgId: OrgId });

export const ChainConfigRef = z.object({ orgId: OrgId });

/** The chain an agency's cases follow: what it saved, or the service's defaults when it never saved one. */
export const ChainConfigView = ChainConfig.extend({
  orgId: z.string(),
  source: z.enum(['stored', 'default']),
});
export type ChainConfigView = z.infer<typeof ChainConfigView>;

export const DecisionDocument = z.object({
  fileName: z.string(),
  contentType: z.literal('application/pdf'),
  contentBase64: z.string(),
});
export type DecisionDocument = z.infer<typeof DecisionDocument>;

export const AdvanceView = z.object({
  advanceId: z.uuid(),
  caseId: z.uuid(),
  handlingOrgId: z.string(),
  amountFen: Fen,
  reason: z.string(),
  status: z.enum(['requested', 'approved', 'rejected']),
  requestedAt: z.iso.datetime({ offset: true }),
  decidedAt: z.iso.datetime({ offset: true }).nullable(),
  /** The chief's reasons for not approving, or remarks on approving. */
  decisionReasons: z.string().nullable(),
  completeBy: z.iso.datetime({ offset: true }).nullable(),
  completedAt: z.iso.datetime({ offset: true }).nullable(),
  /** Approved, not yet decided, and past its completion date. */
  overdue: z.boolean(),
});
export type AdvanceView = z.infer<typeof AdvanceView>;

/** Advance assistance as the case page needs it: whether it may be asked for, the cap, and the request if any. */
export const CaseAdvanceView = z.object({
  caseId: z.uuid(),
  /** Marked urgent when opened: only such cases may have an advance. */
  urgent: z.boolean(),
  /** Already decided: an advance is no longer needed. */
  decided: z.boolean(),
  /** The handling agency's cap for an advance. */
  capFen: Fen,
  /** Days after approval within which the case must be completed. */
  completionDays: z.number().int().positive(),
  advance: AdvanceView.nullable(),
});
export type CaseAdvanceView = z.infer<typeof CaseAdvanceView>;

export const ApprovalAlertKind = z.enum([
  'step_due_soon',
  'step_overdue',
  'step_escalated',
  'advance_due_soon',
  'advance_overdue',
]);
export type ApprovalAlertKind = z.infer<typeof ApprovalAlertKind>;

/** An open deadline alert for the people who must act; closed when the step is acted on (or the case decided). */
export const ApprovalAlertView = z.object({
  alertId: z.uuid(),
  kind: ApprovalAlertKind,
  /** e.g. 审批临期、审批超期、超期督办、先行救助临期、先行救助超期未结. */
  kindLabel: z.string(),
  caseId: z.uuid(),
  handlingOrgId: z.string(),
  step: ApprovalStepName.nullable(),
  stepLabel: z.string().nullable(),
  level: z.number().int().nullable(),
  addressedOrgId: z.string(),
  addressedRoles: z.array(z.string()),
  dueOn: z.iso.date(),
  /** Working days past the step deadline, or calendar days past an advance's completion date. */
  daysOver: z.number().int(),
  raisedAt: z.iso.datetime({ offset: true }),
});
export type ApprovalAlertView = z.infer<typeof ApprovalAlertView>;

export const RequestAdvanceInput = CaseRef.extend({
  amountFen: Fen.refine((v) => v > 0, { message: '先行救助金额必须大于0' }),
  reason: z.string().trim().min(2, { message: '请说明紧急情况' }).max(2000),
});

export const DecideAdvanceInput = CaseRef.extend({
  approve: z.boolean(),
  reasons: z.string().trim().max(2000).optional(),
});

export const ReviewView = z.object({
  reviewId: z.uuid(),
  caseId: z.uuid(),
  handlingOrgId: z.string(),
  /** The superior agency that reviews the refusal. */
  reviewingOrgId: z.string(),
  grounds: z.string(),
  status: z.enum(['pending', 'upheld', 'overturned']),
  reasons: z.string().nullable(),
  requestedAt: z.iso.datetime({ offset: true }),
  decidedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type ReviewView = z.infer<typeof ReviewView>;

export const RequestReviewInput = CaseRef.extend({
  /** The applicant's grounds for asking that the refusal be reviewed (复查). */
  grounds: z.string().trim().min(2, { message: '请填写申请复查的理由' }).max(2000),
});

export const DecideReviewInput = CaseRef.extend({
  outcome: z.enum(['upheld', 'overturned']),
  reasons: z.string().trim().min(2, { message: '请写明复查意见' }).max(2000),
});

export interface ApprovalApi {
  getDecision(ctx: ApiContext, input: z.output<typeof CaseRef>): Promise<DecisionView>;
  /** 救助决定书 / 不予救助决定书 as a PDF. */
  getDecisionDocument(ctx: ApiContext, input: z.output<typeof CaseRef>): Promise<DecisionDocument>;
  getApproval(ctx: ApiContext, input: z.output<typeof CaseRef>): Promise<ApprovalView>;
  /** Requests waiting for the caller at the step they may act at (their own portal view). */
  listMyQueue(ctx: ApiContext): Promise<ApprovalView[]>;
  /**
   * Escalation: steps past their deadline in the caller's agency (for its approvers and supervisors) and at
   * the caller's agency as superior.
   */
  listOverdue(ctx: ApiContext): Promise<ApprovalView[]>;
  /**
   * Open deadline alerts for the caller: department heads, chiefs and committee members of the handling agency,
   * and the parent agency's chief for escalations and superior steps addressed to it.
   */
  listAlerts(ctx: ApiContext): Promise<ApprovalAlertView[]>;
  submit(ctx: ApiContext, input: z.output<typeof SubmitForApprovalInput>): Promise<ApprovalView>;
  act(ctx: ApiContext, input: z.output<typeof ApprovalActInput>): Promise<ApprovalView>;
  recordService(ctx: ApiContext, input: z.output<typeof RecordServiceInput>): Promise<DecisionView>;
  configureChain(ctx: ApiContext, input: z.output<typeof ConfigureChainInput>): Promise<ChainConfig>;
  getChainConfig(ctx: ApiContext, input: z.output<typeof ChainConfigRef>): Promise<ChainConfigView>;
  requestAdvance(ctx: ApiContext, input: z.output<typeof RequestAdvanceInput>): Promise<AdvanceView>;
  decideAdvance(ctx: ApiContext, input: z.output<typeof DecideAdvanceInput>): Promise<AdvanceView>;
  /** The caller's agency's advances, for tracking completion deadlines. */
  listAdvances(ctx: ApiContext): Promise<AdvanceView[]>;
  /** One case's advance, with what the caseworker needs to ask for one (urgent, cap). */
  getCaseAdvance(ctx: ApiContext, input: z.output<typeof CaseRef>): Promise<CaseAdvanceView>;
  /** Records an applicant's request to review a refusal and routes it to the superior agency. */
  requestReview(ctx: ApiContext, input: z.output<typeof RequestReviewInput>): Promise<ReviewView>;
  decideReview(ctx: ApiContext, input: z.output<typeof DecideReviewInput>): Promise<ReviewView>;
  /** Reviews pending before the caller's agency (as the superior agency). */
  listReviewQueue(ctx: ApiContext): Promise<ReviewView[]>;
}

export const approvalRouter = (api: ApprovalApi) =>
  router({
    getDecision: procedure
      .input(CaseRef)
      .output(DecisionView)
      .query(({ ctx, input }) => api.getDecision(ctx, input)),
    getDecisionDocument: procedure
      .input(CaseRef)
      .output(DecisionDocument)
      .query(({ ctx, input }) => api.getDecisionDocument(ctx, input)),
    getApproval: procedure
      .input(CaseRef)
      .output(ApprovalView)
      .query(({ ctx, input }) => api.getApproval(ctx, input)),
    listMyQueue: procedure.output(z.array(ApprovalView)).query(({ ctx }) => api.listMyQueue(ctx)),
    listOverdue: procedure.output(z.array(ApprovalView)).query(({ ctx }) => api.listOverdue(ctx)),
    listAlerts: procedure.output(z.array(ApprovalAlertView)).query(({ ctx }) => api.listAlerts(ctx)),
    submit: procedure
      .input(SubmitForApprovalInput)
      .output(ApprovalView)
      .mutation(({ ctx, input }) => api.submit(ctx, input)),
    act: procedure
      .input(ApprovalActInput)
      .output(ApprovalView)
      .mutation(({ ctx, input }) => api.act(ctx, input)),
    recordService: procedure
      .input(RecordServiceInput)
      .output(DecisionView)
      .mutation(({ ctx, input }) => api.recordService(ctx, input)),
    configureChain: procedure
      .input(ConfigureChainInput)
      .output(ChainConfig)
      .mutation(({ ctx, input }) => api.configureChain(ctx, input)),
    getChainConfig: procedure
      .input(ChainConfigRef)
      .output(ChainConfigView)
      .query(({ ctx, input }) => api.getChainConfig(ctx, input)),
    requestAdvance: procedure
      .input(RequestAdvanceInput)
      .output(AdvanceView)
      .mutation(({ ctx, input }) => api.requestAdvance(ctx, input)),
    decideAdvance: procedure
      .input(DecideAdvanceInput)
      .output(AdvanceView)
      .mutation(({ ctx, input }) => api.decideAdvance(ctx, input)),
    listAdvances: procedure.output(z.array(AdvanceView)).query(({ ctx }) => api.listAdvances(ctx)),
    getCaseAdvance: procedure
      .input(CaseRef)
      .output(CaseAdvanceView)
      .query(({ ctx, input }) => api.getCaseAdvance(ctx, input)),
    requestReview: procedure
      .input(RequestReviewInput)
      .output(ReviewView)
      .mutation(({ ctx, input }) => api.requestReview(ctx, input)),
    decideReview: procedure
      .input(DecideReviewInput)
      .output(ReviewView)
      .mutation(({ ctx, input }) => api.decideReview(ctx, input)),
    listReviewQueue: procedure.output(z.array(ReviewView)).query(({ ctx }) => api.listReviewQueue(ctx)),
  });
export type ApprovalRouter = ReturnType<typeof approvalRouter>;
