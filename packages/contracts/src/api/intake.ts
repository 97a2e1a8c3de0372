import { z } from 'zod';
import { LeadSource } from '../events.ts';
import { Fen } from '../money.ts';
import { OrgId, OrgType } from '../identity.ts';
import { Address, BankAccountNumber, NationalIdNumber, PhoneNumber } from '../personal-data.ts';
import { procedure, router, type ApiContext } from '../trpc.ts';

/** Money typed in by a person: integer fen, never negative, with messages they can act on. */
const Amount = z
  .number({ message: '金额应为数字（单位：分）' })
  .int({ message: '金额应为整数（单位：分）' })
  .min(0, { message: '金额不能为负数' })
  .max(1_000_000_000_00, { message: '金额超出允许范围' });

const PersonName = z.string().trim().min(1, { message: '请填写姓名' }).max(50, { message: '姓名过长' });
const CalendarDate = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' });

/** Stage at which an internal department of the same agency passed the lead on ("1+N"). */
export const ReferralStage = z.enum([
  'arrest_review',
  'prosecution_review',
  'trial',
  'enforcement',
  'appeal',
]);
export type ReferralStage = z.infer<typeof ReferralStage>;

/** Why a lead takes the green channel (绿色通道). */
export const UrgentReason = z.enum(['urgent_medical', 'registered_poor']);
export type UrgentReason = z.infer<typeof UrgentReason>;

/** Dependency of a relative on the victim: 赡养 (elder supported), 扶养 (spouse), 抚养 (child raised). */
export const Dependency = z.enum(['supported_elder', 'spouse_support', 'child_raised']);
export const Relation = z.enum([
  'spouse',
  'parent',
  'child',
  'sibling',
  'grandparent',
  'grandchild',
  'other',
]);

/** Units a lead may be transferred to: courts, procuratorates, public security, justice bureaus. */
export const TRANSFER_ORG_TYPES = ['court', 'procuratorate', 'public_security', 'justice_bureau'] as const;

export const ApplicantInput = z.object({
  name: PersonName,
  idNumber: NationalIdNumber,
  phone: PhoneNumber,
  address: Address,
  bankAccount: BankAccountNumber.optional(),
  /** Household income per month, in fen. */
  monthlyHouseholdIncomeFen: Amount.optional(),
  /** The applicant is the victim, a close relative or a dependant of a deceased victim. */
  relationToVictim: z.enum(['self', 'close_relative', 'dependant']).default('self'),
});

export const VictimInput = z.object({
  name: PersonName,
  idNumber: NationalIdNumber.optional(),
  deceased: z.boolean().default(false),
});

export const RelativeInput = z.object({
  name: PersonName,
  relation: Relation,
  dependency: Dependency.optional(),
  idNumber: NationalIdNumber.optional(),
  phone: PhoneNumber.optional(),
});

/** The applicant's consent to checks of personal and household data (同意核查). */
export const ConsentInput = z.object(
  {
    dataChecks: z.literal(true, { message: '须取得申请人同意核查其个人及家庭信息（同意核查）' }),
    form: z.enum(['written', 'oral'], { message: '请注明同意方式：书面或口头' }),
  },
  { message: '缺少申请人同意核查的记录（同意核查），不能登记' },
);

/** What is particular to one person of a lead. */
const MemberShape = {
  applicant: ApplicantInput,
  /** Only when the victim is not the applicant. */
  victim: VictimInput.optional(),
  relatives: z.array(RelativeInput).max(30).default([]),
  requestedAmountFen: Amount,
  urgentReasons: z.array(UrgentReason).default([]),
  consent: ConsentInput,
};
export const LeadMemberInput = z.object(MemberShape);

/** Facts shared by every person of a lead. */
const SharedShape = {
  source: LeadSource,
  /** For internal departments: which department, at which stage. */
  referral: z
    .object({
      department: z.string().trim().min(1, { message: '请填写移送部门' }).max(100),
      stage: ReferralStage.optional(),
    })
    .optional(),
  /** For own applications: written, or oral and taken down by staff. */
  applicationForm: z.enum(['written', 'oral']).optional(),
  /**
   * The receiving agency's id in the SSO directory; defaults to the sender's own agency. Its name, type and region
   * are the directory's.
   */
  to: OrgId.optional(),
  incidentSummary: z.string().trim().min(5, { message: '请简要说明案件情况（至少5个字）' }).max(2000),
  /** Criminal case number (案号) or incident reference: the underlying case for the one-off rule. */
  underlyingCaseRef: z.string().trim().min(2, { message: '案号或事件编号过短' }).max(100).optional(),
  /** When the lead was received, if earlier than today (Beijing date). */
  receivedOn: CalendarDate.optional(),
};

type SharedFields = {
  source: LeadSource;
  referral?: { department: string; stage?: ReferralStage | undefined } | undefined;
  applicationForm?: 'written' | 'oral' | undefined;
};

function checkSourceDetails(value: SharedFields, ctx: z.RefinementCtx): void {
  if (value.source === 'internal_department' && !value.referral?.stage)
    ctx.addIssue({
      code: 'custom',
      path: ['referral', 'stage'],
      message: '本院内部部门移送的线索须注明移送部门和诉讼环节（审查逮捕、审查起诉、审判、执行或申诉）',
    });
  if (value.source === 'own_application' && !value.applicationForm)
    ctx.addIssue({
      code: 'custom',
      path: ['applicationForm'],
      message: '当事人申请须注明书面申请或口头申请（由工作人员记录）',
    });
}

export const CreateLeadInput = z.object({ ...SharedShape, ...MemberShape }).superRefine(checkSourceDetails);
export type CreateLeadInput = z.input<typeof CreateLeadInput>;
/** @deprecated the walking skeleton's name for CreateLeadInput. */
export const OpenLeadInput = CreateLeadInput;
export type OpenLeadInput = CreateLeadInput;

export const CreateGroupLeadInput = z
  .object({
    ...SharedShape,
    members: z
      .array(LeadMemberInput)
      .min(2, { message: '群体线索至少包括2人' })
      .max(500, { message: '一次最多登记500人' }),
  })
  .superRefine((value, ctx) => {
    checkSourceDetails(value, ctx);
    const seen = new Set<string>();
    value.members.forEach((member, index) => {
      if (seen.has(member.applicant.idNumber))
        ctx.addIssue({
          code: 'custom',
          path: ['members', index, 'applicant', 'idNumber'],
          message: '同一群体线索中申请人身份证号码重复',
        });
      seen.add(member.applicant.idNumber);
    });
  });
export type CreateGroupLeadInput = z.input<typeof CreateGroupLeadInput>;

export const LeadStatus = z.enum(['pending', 'accepted', 'declined']);
export const DeadlineFlag = z.enum(['ok', 'near', 'past']);

export const PersonView = z.object({
  personId: z.uuid(),
  role: z.enum(['applicant', 'victim', 'relative']),
  relation: z.string().nullable(),
  dependency: Dependency.nullable(),
  name: z.string(),
  idNumberMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  regionCode: z.string().nullable(),
  bankAccountMasked: z.string().nullable(),
  monthlyHouseholdIncomeFen: Fen.nullable(),
});

export const HistoryEntry = z.object({
  at: z.iso.datetime({ offset: true }),
  orgId: z.string(),
  orgName: z.string(),
  action: z.enum([
    'received',
    'transferred',
    'duplicate_checked',
    'duplicate_decided',
    'accepted',
    'declined',
  ]),
  toOrgName: z.string().nullable(),
  note: z.string().nullable(),
});

const LeadCore = {
  leadId: z.uuid(),
  groupId: z.uuid().nullable(),
  source: LeadSource,
  sender: z.object({
    orgId: z.string(),
    orgName: z.string(),
    department: z.string().nullable(),
    stage: ReferralStage.nullable(),
  }),
  holder: z.object({ orgId: z.string(), orgName: z.string(), orgType: OrgType }),
  status: LeadStatus,
  /** Reason of a decline or of a stop after the duplicate check. */
  decisionReason: z.string().nullable(),
  caseId: z.uuid().nullable(),
  caseNumber: z.string().nullable(),
  urgent: z.boolean(),
  urgentReasons: z.array(UrgentReason),
  receivedOn: CalendarDate,
  reviewDueOn: CalendarDate,
  /** Only for pending leads. */
  deadline: DeadlineFlag.nullable(),
};

/** One row of a worklist: masked, no history. */
export const LeadSummary = z.object({
  ...LeadCore,
  applicantName: z.string().nullable(),
  applicantIdNumberMasked: z.string().nullable(),
});
export type LeadSummary = z.infer<typeof LeadSummary>;

/**
 * A lead as its current holder sees it (`access: 'holder'`), or as an organisation that sent or transferred
 * it sees it (`access: 'sender'`: status, decision and history, without the people).
 */
export const LeadView = z.object({
  ...LeadCore,
  access: z.enum(['holder', 'sender']),
  incidentSummary: z.string(),
  underlyingCaseRef: z.string().nullable(),
  requestedAmountFen: Fen,
  applicationForm: z.enum(['written', 'oral']).nullable(),
  people: z.array(PersonView),
  history: z.array(HistoryEntry),
});
export type LeadView = z.infer<typeof LeadView>;

export const DuplicateMatch = z.object({
  leadId: z.uuid(),
  holderOrgId: z.string(),
  holderOrgName: z.string(),
  status: LeadStatus,
  caseNumber: z.string().nullable(),
  underlyingCaseRef: z.string().nullable(),
  /** Same criminal case or incident reference: the one-off rule applies. */
  sameUnderlyingCase: z.boolean(),
  /** As whom the person appears in the other lead. */
  matchedAs: z.enum(['applicant', 'victim', 'relative']),
  receivedOn: CalendarDate,
});
export type DuplicateMatch = z.infer<typeof DuplicateMatch>;

export const DuplicateCheckView = z.object({
  checkId: z.uuid(),
  leadId: z.uuid(),
  checkedAt: z.iso.datetime({ offset: true }),
  matches: z.array(DuplicateMatch),
  decision: z.enum(['continue', 'stop']).nullable(),
  reason: z.string().nullable(),
});
export type DuplicateCheckView = z.infer<typeof DuplicateCheckView>;

export const CaseView = z.object({
  caseId: z.uuid(),
  caseNumber: z.string(),
  leadId: z.uuid(),
  handlingOrgId: z.string(),
  source: LeadSource,
  status: z.enum(['open']),
  urgent: z.boolean(),
  requestedAmountFen: Fen,
  applicant: z.object({ name: z.string(), idNumberMasked: z.string(), phoneMasked: z.string() }),
  openedAt: z.iso.datetime({ offset: true }),
});
export type CaseView = z.infer<typeof CaseView>;

export const AlertView = z.object({
  leadId: z.uuid(),
  level: z.enum(['near', 'past']),
  reviewDueOn: CalendarDate,
  urgent: z.boolean(),
  applicantName: z.string().nullable(),
  raisedAt: z.iso.datetime({ offset: true }),
});
export type AlertView = z.infer<typeof AlertView>;

export const PersonalField = z.enum(['idNumber', 'phone', 'address', 'bankAccount']);
export type PersonalField = z.infer<typeof PersonalField>;

const LeadId = z.uuid({ message: '线索编号格式无效' });
const Reason = z.string().trim().min(4, { message: '请说明理由（至少4个字）' }).max(1000);

export const LeadRef = z.object({ leadId: LeadId });
export const CaseRef = z.object({ caseId: z.uuid({ message: '案件编号格式无效' }) });
export const ListLeadsInput = z
  .object({
    /** inbox: leads my agency holds; sent: leads my agency (or I, as a referrer) sent or transferred on. */
    box: z.enum(['inbox', 'sent']).default('inbox'),
    status: LeadStatus.optional(),
  })
  .default({ box: 'inbox' });
export const DuplicateDecisionInput = z.object({
  leadId: LeadId,
  checkId: z.uuid({ message: '查重记录编号格式无效' }),
  decision: z.enum(['continue', 'stop'], { message: '请选择继续办理或终止办理' }),
  reason: Reason,
});
/** `to`: the receiving agency's id in the SSO directory; its name, type and region are the directory's. */
export const TransferLeadInput = z.object({ leadId: LeadId, to: OrgId, reason: Reason });
export const DeclineLeadInput = z.object({ leadId: LeadId, reason: Reason });
export const RevealPersonInput = z.object({
  leadId: LeadId,
  personId: z.uuid({ message: '当事人编号格式无效' }),
  fields: z.array(PersonalField).min(1, { message: '请选择要查看的信息项' }),
  purpose: z.string().trim().min(4, { message: '请说明查看完整个人信息的事由（至少4个字）' }).max(500),
});
export const RevealedPerson = z.object({
  personId: z.uuid(),
  name: z.string(),
  idNumber: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  address: z.object({ regionCode: z.string(), detail: z.string() }).nullable().optional(),
  bankAccount: z.string().nullable().optional(),
});
export type RevealedPerson = z.infer<typeof RevealedPerson>;

type In<S extends z.ZodType> = z.output<S>;

export interface IntakeApi {
  createLead(ctx: ApiContext, input: In<typeof CreateLeadInput>): Promise<LeadView>;
  createGroupLead(
    ctx: ApiContext,
    input: In<typeof CreateGroupLeadInput>,
  ): Promise<{ groupId: string; leads: LeadSummary[] }>;
  listLeads(ctx: ApiContext, input: In<typeof ListLeadsInput>): Promise<LeadSummary[]>;
  getLead(ctx: ApiContext, input: In<typeof LeadRef>): Promise<LeadView>;
  checkDuplicates(ctx: ApiContext, input: In<typeof LeadRef>): Promise<DuplicateCheckView>;
  recordDuplicateDecision(ctx: ApiContext, input: In<typeof DuplicateDecisionInput>): Promise<LeadView>;
  acceptLead(ctx: ApiContext, input: In<typeof LeadRef>): Promise<CaseView>;
  transferLead(ctx: ApiContext, input: In<typeof TransferLeadInput>): Promise<LeadView>;
  declineLead(ctx: ApiContext, input: In<typeof DeclineLeadInput>): Promise<LeadView>;
  revealPerson(ctx: ApiContext, input: In<typeof RevealPersonInput>): Promise<RevealedPerson>;
  listAlerts(ctx: ApiContext): Promise<AlertView[]>;
  getCase(ctx: ApiContext, input: In<typeof CaseRef>): Promise<CaseView>;
  listCases(ctx: ApiContext): Promise<CaseView[]>;
}

export const intakeRouter = (api: IntakeApi) =>
  router({
    createLead: procedure
      .input(CreateLeadInput)
      .output(LeadView)
      .mutation(({ ctx, input }) => api.createLead(ctx, input)),
    createGroupLead: procedure
      .input(CreateGroupLeadInput)
      .output(z.object({ groupId: z.uuid(), leads: z.array(LeadSummary) }))
      .mutation(({ ctx, input }) => api.createGroupLead(ctx, input)),
    listLeads: procedure
      .input(ListLeadsInput)
      .output(z.array(LeadSummary))
      .query(({ ctx, input }) => api.listLeads(ctx, input)),
    getLead: procedure
      .input(LeadRef)
      .output(LeadView)
      .query(({ ctx, input }) => api.getLead(ctx, input)),
    checkDuplicates: procedure
      .input(LeadRef)
      .output(DuplicateCheckView)
      .mutation(({ ctx, input }) => api.checkDuplicates(ctx, input)),
    recordDuplicateDecision: procedure
      .input(DuplicateDecisionInput)
      .output(LeadView)
      .mutation(({ ctx, input }) => api.recordDuplicateDecision(ctx, input)),
    acceptLead: procedure
      .input(LeadRef)
      .output(CaseView)
      .mutation(({ ctx, input }) => api.acceptLead(ctx, input)),
    transferLead: procedure
      .input(TransferLeadInput)
      .output(LeadView)
      .mutation(({ ctx, input }) => api.transferLead(ctx, input)),
    declineLead: procedure
      .input(DeclineLeadInput)
      .output(LeadView)
      .mutation(({ ctx, input }) => api.declineLead(ctx, input)),
    revealPerson: procedure
      .input(RevealPersonInput)
      .output(RevealedPerson)
      .mutation(({ ctx, input }) => api.revealPerson(ctx, input)),
    listAlerts: procedure.output(z.array(AlertView)).query(({ ctx }) => api.listAlerts(ctx)),
    getCase: procedure
      .input(CaseRef)
      .output(CaseView)
      .query(({ ctx, input }) => api.getCase(ctx, input)),
    listCases: procedure.output(z.array(CaseView)).query(({ ctx }) => api.listCases(ctx)),
  });
export type IntakeRouter = ReturnType<typeof intakeRouter>;
