import { z } from 'zod';
import { ReferralProgramme, ReferralRecommendation, RuleTableRef } from '../events/investigation.ts';
import { Fen } from '../money.ts';
import { RegionCode } from '../personal-data.ts';
import { procedure, router, type ApiContext } from '../trpc.ts';
import { CaseRef } from './intake.ts';

/** An amount of money in fen entered by a person: whole, not negative, with a Chinese message naming it. */
const amount = (label: string) =>
  z
    .number({ message: `${label}须为数字（单位：分）` })
    .int({ message: `${label}须为整数（单位：分）` })
    .min(0, { message: `${label}不能为负数` })
    .max(1_000_000_000_00, { message: `${label}超出合理范围` });
const count = (label: string, min = 0) =>
  z
    .number({ message: `${label}须为数字` })
    .int({ message: `${label}须为整数` })
    .min(min, { message: min > 0 ? `${label}至少为${min}` : `${label}不能为负数` })
    .max(100, { message: `${label}超出合理范围` });
const text = (label: string, max = 2000) =>
  z
    .string({ message: `请填写${label}` })
    .trim()
    .min(1, { message: `请填写${label}` })
    .max(max, { message: `${label}不能超过${max}个字` });
const day = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' });
const people = (label: string) =>
  z
    .array(text(label, 50))
    .min(1, { message: `请至少填写一名${label}` })
    .max(50);

// ---------------------------------------------------------------- tasks and the facts they record

export const TaskKind = z.enum([
  'home_visit',
  'committee_inquiry',
  'household_finances',
  'losses',
  'compensation_received',
  'assistance_received',
  'hardship_certificate',
  'hearing',
]);
export type TaskKind = z.infer<typeof TaskKind>;

export const TASK_KIND_LABELS: Readonly<Record<TaskKind, string>> = {
  home_visit: '入户走访',
  committee_inquiry: '向村（居）委会了解情况',
  household_finances: '家庭经济状况核查',
  losses: '损失及医疗费用核查',
  compensation_received: '已获赔偿情况核查',
  assistance_received: '已获其他救助情况核查',
  hardship_certificate: '生活困难证明',
  hearing: '听证',
};

/** How badly the victim was harmed; drives the harm tiers of the amount tables. */
export const InjurySeverity = z.enum(['none', 'minor', 'serious', 'disability', 'critical', 'death']);
export type InjurySeverity = z.infer<typeof InjurySeverity>;
export const INJURY_SEVERITY_LABELS: Readonly<Record<InjurySeverity, string>> = {
  none: '无人身伤害',
  minor: '轻伤',
  serious: '重伤',
  disability: '严重残疾',
  critical: '危及生命、急需救治',
  death: '死亡',
};

export const OffenderStatus = z.enum(['unknown', 'deceased', 'unable_to_pay', 'partly_paid', 'fully_paid']);
export type OffenderStatus = z.infer<typeof OffenderStatus>;
/** As the 2014 Opinions word it (“因加害人死亡或者没有赔偿能力”). */
export const OFFENDER_STATUS_LABELS: Readonly<Record<OffenderStatus, string>> = {
  unknown: '加害人不明',
  deceased: '加害人死亡',
  unable_to_pay: '加害人无赔偿能力',
  partly_paid: '加害人已部分赔偿',
  fully_paid: '加害人已足额赔偿',
};

export const TaskFacts = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('home_visit'),
    visitedOn: day,
    visitors: people('走访人员'),
    findings: text('走访情况'),
  }),
  z.object({
    kind: z.literal('committee_inquiry'),
    committeeName: text('村（居）委会名称', 100),
    inquiredOn: day,
    findings: text('了解到的情况'),
  }),
  z
    .object({
      kind: z.literal('household_finances'),
      householdSize: count('家庭人口', 1),
      membersAbleToWork: count('有劳动能力人数'),
      employedMembers: count('就业人数'),
      annualIncomeFen: amount('家庭年收入'),
      registeredPoorHousehold: z.boolean({ message: '请选择是否为建档立卡贫困户' }),
      receivesMinimumLivingAllowance: z.boolean({ message: '请选择是否享受低保' }),
    })
    .refine((f) => f.membersAbleToWork <= f.householdSize && f.employedMembers <= f.householdSize, {
      message: '有劳动能力人数和就业人数不能超过家庭人口',
    }),
  z.object({
    kind: z.literal('losses'),
    injury: InjurySeverity,
    medicalCostsFen: amount('医疗费用'),
    propertyLossFen: amount('财产损失'),
    otherLossesFen: amount('其他损失'),
    description: text('损失情况说明'),
  }),
  z.object({
    kind: z.literal('compensation_received'),
    offenderStatus: OffenderStatus,
    fromOffenderFen: amount('加害人已赔偿金额'),
    fromInsuranceFen: amount('保险已赔付金额'),
    waivedCompensation: z.boolean({ message: '请选择申请人是否放弃向加害人索赔' }),
  }),
  z.object({
    kind: z.literal('assistance_received'),
    otherAssistanceFen: amount('已获其他救助金额'),
    sources: z.string().trim().max(500).default(''),
  }),
  z.object({
    kind: z.literal('hardship_certificate'),
    issuedBy: text('出具单位', 100),
    issuedOn: day,
  }),
  z.object({
    kind: z.literal('hearing'),
    heldOn: day,
    participants: people('听证参加人'),
    conclusions: text('听证结论'),
  }),
]);
export type TaskFacts = z.infer<typeof TaskFacts>;

export const AttachmentView = z.object({
  attachmentId: z.uuid(),
  taskId: z.uuid().nullable(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string(),
  uploadedAt: z.iso.datetime({ offset: true }),
});
export type AttachmentView = z.infer<typeof AttachmentView>;

export const TaskView = z.object({
  taskId: z.uuid(),
  kind: TaskKind,
  status: z.enum(['planned', 'done']),
  plannedFor: z.string().nullable(),
  note: z.string(),
  facts: TaskFacts.nullable(),
  recordedAt: z.iso.datetime({ offset: true }).nullable(),
  attachments: z.array(AttachmentView),
});
export type TaskView = z.infer<typeof TaskView>;

// ---------------------------------------------------------------- eligibility

export const RuleOutcome = z.enum(['passed', 'failed', 'needs_judgement']);
export type RuleOutcome = z.infer<typeof RuleOutcome>;

export const RuleEvaluation = z.object({
  ruleId: z.string(),
  /** category: a ground for assistance ("passed" = it applies); refusal: a ground for refusing ("failed" = it applies). */
  type: z.enum(['category', 'refusal']),
  text: z.string(),
  outcome: RuleOutcome,
  /** Why, in Chinese: the facts it was computed from, or the caseworker's note. */
  basis: z.string(),
  decidedBy: z.enum(['facts', 'caseworker', 'none']),
});
export type RuleEvaluation = z.infer<typeof RuleEvaluation>;

export const EligibilityEvaluation = z.object({
  ruleSetVersion: z.string(),
  overall: z.enum(['eligible', 'ineligible', 'needs_judgement']),
  rules: z.array(RuleEvaluation),
  /** Registered poor household (建档立卡): a priority group. */
  priorityGroup: z.boolean(),
  perCapitaMonthlyIncomeFen: z.number().int().nullable(),
  minimumLivingStandardFen: z.number().int().nullable(),
  /** Per-capita income below the local minimum living standard; null when not yet known. */
  householdInNeed: z.boolean().nullable(),
});
export type EligibilityEvaluation = z.infer<typeof EligibilityEvaluation>;

export const RuleJudgement = z.object({
  ruleId: z.string().min(1).max(50, { message: '规则编号无效' }),
  outcome: z.enum(['passed', 'failed']),
  note: text('判断理由', 500),
});

export const EvaluateEligibilityInput = CaseRef.extend({
  judgements: z.array(RuleJudgement).max(50).default([]),
});

export const RecordFindingInput = EvaluateEligibilityInput.extend({
  eligible: z.boolean({ message: '请选择是否符合救助条件' }),
  reasons: text('认定理由').pipe(z.string().min(10, { message: '认定理由至少10个字' })),
  referral: z.object({ programme: ReferralProgramme, reason: text('转介理由', 500) }).optional(),
});

export const FindingView = z.object({
  eligible: z.boolean(),
  reasons: z.string(),
  evaluation: EligibilityEvaluation,
  referral: ReferralRecommendation.nullable(),
  recordedAt: z.iso.datetime({ offset: true }),
});
export type FindingView = z.infer<typeof FindingView>;

// ---------------------------------------------------------------- amount rule tables and recommendations

export const ApplicantFault = z.enum(['none', 'minor', 'major']);
export type ApplicantFault = z.infer<typeof ApplicantFault>;
/**
 * The fault tiers that reduce the amount. 重大过错 is not among them: the regulations make it a ground for
 * refusal (eligibility rule R01), so the tiers stop below it.
 */
export const APPLICANT_FAULT_LABELS: Readonly<Record<ApplicantFault, string>> = {
  none: '无过错',
  minor: '一般过错',
  major: '较大过错',
};

const percent = (label: string) =>
  z
    .number({ message: `${label}须为数字` })
    .int({ message: `${label}须为整数` })
    .min(0, { message: `${label}不能为负数` })
    .max(100, { message: `${label}不能超过100` });
const months = (label: string) =>
  z
    .number({ message: `${label}须为数字` })
    .int({ message: `${label}须为整数` })
    .min(0, { message: `${label}不能为负数` })
    .max(120, { message: `${label}超出合理范围` });

export const RuleTableInput = z.object({
  region: RegionCode,
  year: z.number().int().min(2014, { message: '年度无效' }).max(2100, { message: '年度无效' }),
  /** Previous year's average monthly wage of employees in the region. */
  averageMonthlyWageFen: amount('上年度职工月平均工资').pipe(
    z.number().min(1, { message: '月平均工资须大于0' }),
  ),
  /** The usual cap in months of that wage (normally 36). */
  capMonths: months('救助上限月数').default(36),
  /** Per-case cap set by local rules; the lower of the two caps applies. */
  perCaseCapFen: amount('单案救助上限').nullable().default(null),
  minimumAmountFen: amount('最低救助金额').default(0),
  /** Local minimum living standard (低保标准), per person per month. */
  minimumLivingStandardFen: amount('最低生活保障标准'),
  /** Harm tiers: the most the harm alone justifies, in months of the average wage. */
  harmTierMonths: z.record(InjurySeverity, months('伤害等级对应月数')),
  /** How much the applicant's own fault reduces the amount, in percent. */
  faultReductionPercent: z.record(ApplicantFault, percent('过错扣减比例')),
  /** Months of the gap to the minimum living standard added for a household below it. */
  livelihoodMonths: months('生活补助月数'),
  reason: text('发布理由', 500),
});
export type RuleTableInput = z.input<typeof RuleTableInput>;

export const RuleTableView = RuleTableInput.omit({ reason: true }).extend({
  version: z.number().int().positive(),
  capFen: Fen,
  reason: z.string(),
  publishedBy: z.string(),
  publishedAt: z.iso.datetime({ offset: true }),
});
export type RuleTableView = z.infer<typeof RuleTableView>;

export const RecommendAmountInput = CaseRef.extend({
  applicantFault: ApplicantFault,
  /** The caseworker's own figure, instead of the computed one; above the cap it needs exceptionReason. */
  proposedAmountFen: amount('建议金额').optional(),
  adjustmentReason: z.string().trim().max(1000).optional(),
});

export const RecommendationView = z.object({
  recommendationId: z.uuid(),
  recommendedAmountFen: Fen,
  computedAmountFen: Fen,
  capFen: Fen,
  aboveCapException: z.boolean(),
  tableVersion: RuleTableRef,
  applicantFault: ApplicantFault,
  adjustmentReason: z.string().nullable(),
  /** How the computed amount was reached, one step per line, in Chinese. */
  explanation: z.array(z.string()),
  recommendedAt: z.iso.datetime({ offset: true }),
});
export type RecommendationView = z.infer<typeof RecommendationView>;

// ---------------------------------------------------------------- cases, report, submission

export const InvestigationStatus = z.enum(['investigating', 'submitted']);

export const InvestigationCaseSummary = z.object({
  caseId: z.uuid(),
  caseNumber: z.string(),
  handlingOrgId: z.string(),
  urgent: z.boolean(),
  requestedAmountFen: Fen,
  status: InvestigationStatus,
  openedAt: z.iso.datetime({ offset: true }),
  tasksDone: z.number().int(),
  tasksPlanned: z.number().int(),
});
export type InvestigationCaseSummary = z.infer<typeof InvestigationCaseSummary>;

export const InvestigationCaseView = InvestigationCaseSummary.extend({
  tasks: z.array(TaskView),
  /** Attachments not tied to a task. */
  attachments: z.array(AttachmentView),
  evaluation: EligibilityEvaluation,
  finding: FindingView.nullable(),
  recommendation: RecommendationView.nullable(),
  reportId: z.uuid().nullable(),
  /** Approval's question when it returned the case for more investigation (cleared on resubmission). */
  returnQuestion: z.string().nullable(),
});
export type InvestigationCaseView = z.infer<typeof InvestigationCaseView>;

export const PlanTaskInput = CaseRef.extend({
  kind: TaskKind,
  plannedFor: day.optional(),
  note: z.string().trim().max(1000).default(''),
});

export const RecordTaskInput = CaseRef.extend({
  /** A planned task to complete; without it a new task is recorded at once. */
  taskId: z.uuid().optional(),
  facts: TaskFacts,
  note: z.string().trim().max(1000).optional(),
});

/** Base64 characters of the largest attachment (10 MB decoded, which the service checks). */
const ATTACHMENT_BASE64_MAX = 16_000_000;
/** The upload's own request-body limit: the file's base64 and the rest of the input. */
export const UPLOAD_BODY_LIMIT_BYTES = ATTACHMENT_BASE64_MAX + 64 * 1024;

export const UploadAttachmentInput = CaseRef.extend({
  taskId: z.uuid().optional(),
  fileName: text('文件名', 200),
  contentType: z.string().trim().max(100),
  /** File content, base64. The decoded size limit (10 MB) is checked by the service. */
  contentBase64: z.string().max(ATTACHMENT_BASE64_MAX, { message: '附件大小不能超过10MB' }),
});

export const AttachmentContent = AttachmentView.extend({ contentBase64: z.string() });

export const ReportView = z.object({
  reportId: z.uuid(),
  caseId: z.uuid(),
  contentType: z.literal('text/plain; charset=utf-8'),
  content: z.string(),
  generatedAt: z.iso.datetime({ offset: true }),
});
export type ReportView = z.infer<typeof ReportView>;

export const SubmissionView = z.object({
  caseId: z.uuid(),
  reportId: z.uuid(),
  eligible: z.boolean(),
  recommendedAmountFen: Fen,
  capFen: Fen,
  aboveCapException: z.boolean(),
  submittedAt: z.iso.datetime({ offset: true }),
});
export type SubmissionView = z.infer<typeof SubmissionView>;

type In<S extends z.ZodType> = z.output<S>;

export interface InvestigationApi {
  listCases(ctx: ApiContext): Promise<InvestigationCaseSummary[]>;
  getCase(ctx: ApiContext, input: In<typeof CaseRef>): Promise<InvestigationCaseView>;
  planTask(ctx: ApiContext, input: In<typeof PlanTaskInput>): Promise<TaskView>;
  recordTask(ctx: ApiContext, input: In<typeof RecordTaskInput>): Promise<TaskView>;
  uploadAttachment(ctx: ApiContext, input: In<typeof UploadAttachmentInput>): Promise<AttachmentView>;
  getAttachment(
    ctx: ApiContext,
    input: { attachmentId: string },
  ): Promise<z.output<typeof AttachmentContent>>;
  evaluateEligibility(
    ctx: ApiContext,
    input: In<typeof EvaluateEligibilityInput>,
  ): Promise<EligibilityEvaluation>;
  recordFinding(ctx: ApiContext, input: In<typeof RecordFindingInput>): Promise<FindingView>;
  recommendAmount(ctx: ApiContext, input: In<typeof RecommendAmountInput>): Promise<RecommendationView>;
  submitReview(ctx: ApiContext, input: In<typeof CaseRef>): Promise<SubmissionView>;
  getReport(ctx: ApiContext, input: In<typeof CaseRef>): Promise<ReportView>;
  listRuleTables(ctx: ApiContext, input: { region?: string | undefined }): Promise<RuleTableView[]>;
  publishRuleTable(ctx: ApiContext, input: In<typeof RuleTableInput>): Promise<RuleTableView>;
}

export const investigationRouter = (api: InvestigationApi) =>
  router({
    listCases: procedure.output(z.array(InvestigationCaseSummary)).query(({ ctx }) => api.listCases(ctx)),
    getCase: procedure
      .input(CaseRef)
      .output(InvestigationCaseView)
      .query(({ ctx, input }) => api.getCase(ctx, input)),
    planTask: procedure
      .input(PlanTaskInput)
      .output(TaskView)
      .mutation(({ ctx, input }) => api.planTask(ctx, input)),
    recordTask: procedure
      .input(RecordTaskInput)
      .output(TaskView)
      .mutation(({ ctx, input }) => api.recordTask(ctx, input)),
    uploadAttachment: procedure
      .meta({ bodyLimitBytes: UPLOAD_BODY_LIMIT_BYTES })
      .input(UploadAttachmentInput)
      .output(AttachmentView)
      .mutation(({ ctx, input }) => api.uploadAttachment(ctx, input)),
    getAttachment: procedure
      .input(z.object({ attachmentId: z.uuid({ message: '附件编号格式无效' }) }))
      .output(AttachmentContent)
      .query(({ ctx, input }) => api.getAttachment(ctx, input)),
    evaluateEligibility: procedure
      .input(EvaluateEligibilityInput)
      .output(EligibilityEvaluation)
      .query(({ ctx, input }) => api.evaluateEligibility(ctx, input)),
    recordFinding: procedure
      .input(RecordFindingInput)
      .output(FindingView)
      .mutation(({ ctx, input }) => api.recordFinding(ctx, input)),
    recommendAmount: procedure
      .input(RecommendAmountInput)
      .output(RecommendationView)
      .mutation(({ ctx, input }) => api.recommendAmount(ctx, input)),
    submitReview: procedure
      .input(CaseRef)
      .output(SubmissionView)
      .mutation(({ ctx, input }) => api.submitReview(ctx, input)),
    getReport: procedure
      .input(CaseRef)
      .output(ReportView)
      .query(({ ctx, input }) => api.getReport(ctx, input)),
    listRuleTables: procedure
      .input(
        z
          .object({
            region: RegionCode.optional(),
          })
          .default({}),
      )
      .output(z.array(RuleTableView))
      .query(({ ctx, input }) => api.listRuleTables(ctx, input)),
    publishRuleTable: procedure
      .input(RuleTableInput)
      .output(RuleTableView)
      .mutation(({ ctx, input }) => api.publishRuleTable(ctx, input)),
  });
export type InvestigationRouter = ReturnType<typeof investigationRouter>;
