import { z } from 'zod';
import { procedure, router, type ApiContext } from '../trpc.ts';
import { ReferralProgramme } from '../events/investigation.ts';
import { Fen } from '../money.ts';
import { OrgId } from '../identity.ts';
import { Address, NationalIdNumber, PhoneNumber, RegionCode } from '../personal-data.ts';
import { CaseRef } from './intake.ts';

const text = (label: string, max = 1000) =>
  z
    .string({ message: `请填写${label}` })
    .trim()
    .min(1, { message: `请填写${label}` })
    .max(max, { message: `${label}不能超过${max}字` });

const CalendarDate = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' });
const Programme = z.enum(ReferralProgramme.options, { message: '请选择有效的救助项目' });

/**
 * The partner department a referral is addressed to, by its id in the SSO directory; it may be in any region or
 * province. Its name and region are the directory's.
 */
export const PartnerRef = z.object({ orgId: OrgId });
export type PartnerRef = z.infer<typeof PartnerRef>;

const note = (label: string) =>
  z
    .string()
    .trim()
    .max(1000, { message: `${label}不能超过1000字` })
    .optional();

/**
 * Only what a partner programme needs to find and assess the person. Crime facts and bank accounts are never
 * part of a referral: unknown fields are dropped. Each partner receives only the optional fields its programme
 * needs (PROGRAMME_PERSON_FIELDS).
 */
export const ReferredPersonInput = z.object({
  name: text('姓名', 50),
  idNumber: NationalIdNumber,
  phone: PhoneNumber.optional(),
  address: Address,
  /** Household members and income as they matter to the programme, not the case facts. */
  householdNote: note('家庭情况'),
  /** Children's schooling: school, grade, whether they are still in school. */
  schoolingNote: note('子女就学情况'),
  /** Illness, disability (kind and grade) and treatment. */
  healthNote: note('健康和残疾情况'),
  /** Ability to work, skills and the work wanted. */
  workNote: note('劳动能力和就业意愿'),
});

export const ReferralItemInput = z.object({
  caseId: z.uuid({ message: '案件编号格式无效' }),
  programme: Programme,
  person: ReferredPersonInput,
  reason: text('转介理由', 1000),
});

export const SendReferralsInput = z.object({
  partner: PartnerRef,
  /** A batch name, e.g. "2026年第一批" (several cases at once). */
  title: z.string().trim().max(100).optional(),
  /** The day the referral letter went out (default today, Beijing); never in the future. */
  sentOn: CalendarDate.optional(),
  items: z
    .array(ReferralItemInput)
    .min(1, { message: '请至少选择一个案件' })
    .max(500, { message: '一批最多转介500个案件' }),
});
export type SendReferralsInput = z.input<typeof SendReferralsInput>;

export const ReferralStatus = z.enum([
  'sent',
  'info_requested',
  'accepted',
  'declined',
  'enrolled',
  'not_enrolled',
]);
export type ReferralStatus = z.infer<typeof ReferralStatus>;

export const ReferralEntry = z.object({
  at: z.iso.datetime({ offset: true }),
  orgId: z.string(),
  action: z.enum(['sent', 'accepted', 'info_requested', 'info_provided', 'declined', 'outcome_recorded']),
  note: z.string().nullable(),
});

export const ReferralOutcome = z.object({
  enrolledProgramme: ReferralProgramme.nullable(),
  enrolledFrom: CalendarDate.nullable(),
  enrolledRegion: z.string().nullable(),
  monthlyAmountFen: Fen.nullable(),
  note: z.string().nullable(),
});

/**
 * A referral as the referring agency and the partner see it (person data masked). The partner gets only the
 * optional person fields its programme needs; the others are null for it.
 */
export const ReferralView = z.object({
  referralId: z.uuid(),
  batchId: z.uuid(),
  caseId: z.uuid(),
  handlingOrgId: z.string(),
  partnerOrgId: z.string(),
  partnerOrgName: z.string(),
  partnerRegion: z.string(),
  programme: z.string(),
  status: ReferralStatus,
  sentAt: z.iso.datetime({ offset: true }),
  sentOn: CalendarDate,
  /** The partner's answer is due by this day (working days on the official calendar). */
  answerDueOn: CalendarDate,
  overdue: z.boolean(),
  reason: z.string(),
  person: z.object({
    name: z.string(),
    idNumberMasked: z.string(),
    /** Masked like the ID number; the full number only through the audited `revealPhone`. */
    phoneMasked: z.string().nullable(),
    /** The home region always; the street address only for programmes that visit the household. */
    address: z.object({ regionCode: z.string(), detail: z.string().nullable() }),
    householdNote: z.string().nullable(),
    schoolingNote: z.string().nullable(),
    healthNote: z.string().nullable(),
    workNote: z.string().nullable(),
  }),
  declineReason: z.string().nullable(),
  outcome: ReferralOutcome.nullable(),
  history: z.array(ReferralEntry),
});
export type ReferralView = z.infer<typeof ReferralView>;

export const ListSentInput = z
  .object({
    batchId: z.uuid().optional(),
    partnerOrgId: OrgId.optional(),
    /** Only referrals the partner has not answered in time. */
    overdueOnly: z.boolean().optional(),
  })
  .default({});

export const ReferralRef = z.object({ referralId: z.uuid({ message: '转介编号格式无效' }) });
export const InboxInput = z.object({ status: ReferralStatus.optional() }).default({});

export const RecordOutcomeInput = z.discriminatedUnion(
  'outcome',
  [
    z.object({
      referralId: z.uuid({ message: '转介编号格式无效' }),
      outcome: z.literal('enrolled'),
      enrolledProgramme: Programme,
      enrolledFrom: CalendarDate,
      /** Where the person was enrolled when not in the partner's own region (e.g. the household's home county). */
      enrolledRegion: RegionCode.optional(),
      monthlyAmountFen: Fen.optional(),
      note: z.string().trim().max(500).optional(),
    }),
    z.object({
      referralId: z.uuid({ message: '转介编号格式无效' }),
      outcome: z.literal('not_enrolled'),
      note: text('未纳入的原因', 500),
    }),
  ],
  { error: () => '请选择办理结果：纳入救助（enrolled）或未纳入（not_enrolled）' },
);

export const FunnelInput = z.object({ batchId: z.uuid().optional() }).default({});
export const FunnelCounts = z.object({
  sent: z.number().int(),
  accepted: z.number().int(),
  enrolled: z.number().int(),
  /** Enrolled by a department in another province than the partner's. */
  enrolledInOtherProvince: z.number().int(),
  notEnrolled: z.number().int(),
  declined: z.number().int(),
  /** Not finished yet (sent, asked for information, or accepted without outcome). */
  pending: z.number().int(),
  /** Pending without any answer past the due day. */
  overdue: z.number().int(),
});
export const FunnelView = z.object({
  byBatch: z.array(
    FunnelCounts.extend({
      batchId: z.uuid(),
      title: z.string().nullable(),
      partnerOrgId: z.string(),
      sentOn: CalendarDate,
    }),
  ),
  byPartner: z.array(FunnelCounts.extend({ partnerOrgId: z.string(), partnerOrgName: z.string() })),
});
export type FunnelView = z.infer<typeof FunnelView>;

/** A draft referral proposed by an event (investigation "ineligible but in need", a follow-up visit's need). */
export const ReferralSuggestionView = z.object({
  suggestionId: z.uuid(),
  caseId: z.uuid(),
  handlingOrgId: z.string(),
  programme: ReferralProgramme,
  source: z.enum(['investigation', 'followup']),
  note: z.string(),
  status: z.enum(['open', 'confirmed', 'dismissed']),
  referralId: z.uuid().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type ReferralSuggestionView = z.infer<typeof ReferralSuggestionView>;

export const ConfirmSuggestionInput = z.object({
  suggestionId: z.uuid({ message: '转介建议编号格式无效' }),
  partner: PartnerRef,
  person: ReferredPersonInput,
  /** Defaults to the suggestion's programme. */
  programme: Programme.optional(),
  reason: z.string().trim().max(1000).optional(),
});

export const PledgeInput = z.discriminatedUnion(
  'kind',
  [
    z.object({
      caseId: z.uuid({ message: '案件编号格式无效' }),
      kind: z.literal('money'),
      donorName: text('捐助单位名称', 100),
      /** The partner department that organised the donor, by its id in the SSO directory. */
      organisedByOrgId: OrgId,
      amountFen: Fen.min(1, { message: '认捐金额应大于0' }),
    }),
    z.object({
      caseId: z.uuid({ message: '案件编号格式无效' }),
      kind: z.literal('job'),
      donorName: text('捐助单位名称', 100),
      organisedByOrgId: OrgId,
      jobDescription: text('岗位说明', 500),
    }),
  ],
  { error: () => '请选择认捐类型：资金（money）或就业岗位（job）' },
);
export const PledgeView = z.object({
  pledgeId: z.uuid(),
  caseId: z.uuid(),
  kind: z.enum(['money', 'job']),
  donorName: z.string(),
  organisedByOrgId: z.string(),
  amountFen: Fen.nullable(),
  jobDescription: z.string().nullable(),
  pledgedAt: z.iso.datetime({ offset: true }),
});
export type PledgeView = z.infer<typeof PledgeView>;

type In<S extends z.ZodType> = z.output<S>;

export interface ReferralApi {
  sendReferrals(
    ctx: ApiContext,
    input: In<typeof SendReferralsInput>,
  ): Promise<{ batchId: string; referralIds: string[] }>;
  listReferrals(ctx: ApiContext, input: In<typeof CaseRef>): Promise<ReferralView[]>;
  /** The referring agency's referrals (of a batch, to a partner, or only the overdue ones). */
  listSent(ctx: ApiContext, input: In<typeof ListSentInput>): Promise<ReferralView[]>;
  inbox(ctx: ApiContext, input: In<typeof InboxInput>): Promise<ReferralView[]>;
  accept(ctx: ApiContext, input: In<typeof ReferralRef>): Promise<ReferralView>;
  requestInfo(ctx: ApiContext, input: { referralId: string; question: string }): Promise<ReferralView>;
  provideInfo(ctx: ApiContext, input: { referralId: string; answer: string }): Promise<ReferralView>;
  decline(ctx: ApiContext, input: { referralId: string; reason: string }): Promise<ReferralView>;
  recordOutcome(ctx: ApiContext, input: In<typeof RecordOutcomeInput>): Promise<ReferralView>;
  revealIdNumber(
    ctx: ApiContext,
    input: { referralId: string; purpose: string },
  ): Promise<{ referralId: string; idNumber: string }>;
  revealPhone(
    ctx: ApiContext,
    input: { referralId: string; purpose: string },
  ): Promise<{ referralId: string; phone: string }>;
  funnel(ctx: ApiContext, input: In<typeof FunnelInput>): Promise<FunnelView>;
  listSuggestions(ctx: ApiContext): Promise<ReferralSuggestionView[]>;
  confirmSuggestion(
    ctx: ApiContext,
    input: In<typeof ConfirmSuggestionInput>,
  ): Promise<{ batchId: string; referralIds: string[] }>;
  pledge(ctx: ApiContext, input: In<typeof PledgeInput>): Promise<PledgeView>;
  listPledges(ctx: ApiContext, input: In<typeof CaseRef>): Promise<PledgeView[]>;
}

const Sent = z.object({ batchId: z.uuid(), referralIds: z.array(z.uuid()) });

export const referralRouter = (api: ReferralApi) =>
  router({
    sendReferrals: procedure
      .input(SendReferralsInput)
      .output(Sent)
      .mutation(({ ctx, input }) => api.sendReferrals(ctx, input)),
    listReferrals: procedure
      .input(CaseRef)
      .output(z.array(ReferralView))
      .query(({ ctx, input }) => api.listReferrals(ctx, input)),
    listSent: procedure
      .input(ListSentInput)
      .output(z.array(ReferralView))
      .query(({ ctx, input }) => api.listSent(ctx, input)),
    inbox: procedure
      .input(InboxInput)
      .output(z.array(ReferralView))
      .query(({ ctx, input }) => api.inbox(ctx, input)),
    accept: procedure
      .input(ReferralRef)
      .output(ReferralView)
      .mutation(({ ctx, input }) => api.accept(ctx, input)),
    requestInfo: procedure
      .input(ReferralRef.extend({ question: text('需补充的材料或问题') }))
      .output(ReferralView)
      .mutation(({ ctx, input }) => api.requestInfo(ctx, input)),
    provideInfo: procedure
      .input(ReferralRef.extend({ answer: text('补充说明') }))
      .output(ReferralView)
      .mutation(({ ctx, input }) => api.provideInfo(ctx, input)),
    decline: procedure
      .input(ReferralRef.extend({ reason: text('退回理由', 500) }))
      .output(ReferralView)
      .mutation(({ ctx, input }) => api.decline(ctx, input)),
    recordOutcome: procedure
      .input(RecordOutcomeInput)
      .output(ReferralView)
      .mutation(({ ctx, input }) => api.recordOutcome(ctx, input)),
    revealIdNumber: procedure
      .input(ReferralRef.extend({ purpose: text('查看目的', 200) }))
      .output(z.object({ referralId: z.uuid(), idNumber: z.string() }))
      .mutation(({ ctx, input }) => api.revealIdNumber(ctx, input)),
    revealPhone: procedure
      .input(ReferralRef.extend({ purpose: text('查看目的', 200) }))
      .output(z.object({ referralId: z.uuid(), phone: z.string() }))
      .mutation(({ ctx, input }) => api.revealPhone(ctx, input)),
    funnel: procedure
      .input(FunnelInput)
      .output(FunnelView)
      .query(({ ctx, input }) => api.funnel(ctx, input)),
    listSuggestions: procedure
      .output(z.array(ReferralSuggestionView))
      .query(({ ctx }) => api.listSuggestions(ctx)),
    confirmSuggestion: procedure
      .input(ConfirmSuggestionInput)
      .output(Sent)
      .mutation(({ ctx, input }) => api.confirmSuggestion(ctx, input)),
    pledge: procedure
      .input(PledgeInput)
      .output(PledgeView)
      .mutation(({ ctx, input }) => api.pledge(ctx, input)),
    listPledges: procedure
      .input(CaseRef)
      .output(z.array(PledgeView))
      .query(({ ctx, input }) => api.listPledges(ctx, input)),
  });
export type ReferralRouter = ReturnType<typeof referralRouter>;
