import { z } from 'zod';
import { Fen } from '../money.ts';
import { OrgId } from '../identity.ts';
import { BankAccountNumber } from '../personal-data.ts';
import { procedure, router, type ApiContext } from '../trpc.ts';
import { CaseRef } from './intake.ts';

/** Where assistance money comes from (资金来源). */
export const FundSource = z.enum([
  'central_transfer',
  'provincial_finance',
  'municipal_finance',
  'county_finance',
  'superior_joint',
  'donation',
]);
export type FundSource = z.infer<typeof FundSource>;
/** As the ledger names them; central money comes “through the political-legal transfer payment” (中央政法转移支付). */
export const FUND_SOURCE_LABELS: Readonly<Record<FundSource, string>> = {
  central_transfer: '中央政法转移支付',
  provincial_finance: '省级财政',
  municipal_finance: '市级财政',
  county_finance: '县级财政',
  superior_joint: '上级机关联合救助资金',
  donation: '社会捐助',
};

export const DisbursementView = z.object({
  disbursementId: z.uuid(),
  caseId: z.uuid(),
  decisionId: z.uuid(),
  handlingOrgId: z.string(),
  amountFen: Fen,
  fundSource: z.string(),
  recordedAt: z.iso.datetime({ offset: true }),
});
export type DisbursementView = z.infer<typeof DisbursementView>;

export const BudgetView = z.object({
  orgId: z.string(),
  year: z.number().int(),
  fundSource: FundSource,
  allocatedFen: Fen,
  reservedFen: Fen,
  spentFen: Fen,
  availableFen: Fen,
  /** Donation money received for named cases and not yet used: part of availableFen, only those cases may use it. */
  earmarkedFen: Fen,
});
export type BudgetView = z.infer<typeof BudgetView>;

/** A budget year as a person picks it. */
const Year = z
  .number({ message: '请填写年度' })
  .int({ message: '年度无效' })
  .min(2000, { message: '年度无效' })
  .max(2100, { message: '年度无效' });

export const SetBudgetInput = z.object({
  orgId: OrgId,
  year: Year,
  fundSource: FundSource,
  allocatedFen: Fen,
  /** For donations: the donor, the pledge and the receipt number. */
  donor: z.string().trim().max(200).optional(),
  receiptNumber: z.string().trim().max(100).optional(),
});

export const PaymentStatus = z.enum([
  'awaiting_payee',
  'awaiting_funds',
  'reserved',
  'sent',
  'retry',
  'needs_attention',
  'paid',
  'cancelled',
]);
export type PaymentStatus = z.infer<typeof PaymentStatus>;

export const PaymentView = z.object({
  paymentId: z.uuid(),
  /** `advance`: 先行救助 paid before the case is complete; `decision`: the (remaining) amount decided. */
  kind: z.enum(['decision', 'advance']),
  caseId: z.uuid(),
  /** 案件编号 (e.g. JZ-…), once payments has learnt it from the case's decision or advance; null until then. */
  caseNumber: z.string().nullable(),
  decisionId: z.uuid(),
  handlingOrgId: z.string(),
  amountFen: Fen,
  status: PaymentStatus,
  fundSource: FundSource.nullable(),
  payeeName: z.string().nullable(),
  bankAccountMasked: z.string().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  approvedAt: z.iso.datetime({ offset: true }),
  /** Payment is due within one week of approval. */
  dueAt: z.iso.datetime({ offset: true }),
  paidAt: z.iso.datetime({ offset: true }).nullable(),
  overdue: z.boolean(),
  /** 分期发放: this instruction's number and how many the decision is paid in (1 of 1 for a single payment). */
  instalmentNo: z.number().int().positive(),
  instalmentCount: z.number().int().positive(),
  /** An instalment is sent on or after this date (China time); null: as soon as it is reserved. */
  plannedOn: z.iso.date().nullable(),
});
export type PaymentView = z.infer<typeof PaymentView>;

/** Picks one instruction of the case (an instalment); without paymentId, the one in progress. */
export const PaymentRef = CaseRef.extend({ paymentId: z.uuid().optional() });

export const SplitPaymentInput = CaseRef.extend({
  instalments: z
    .array(
      z.object({
        amountFen: Fen.refine((v) => v > 0, { message: '每期金额必须大于0' }),
        plannedOn: z.iso.date({ message: '请填写计划发放日期（YYYY-MM-DD）' }),
      }),
    )
    .min(2, { message: '分期发放至少分两期' })
    .max(12, { message: '分期发放最多十二期' }),
});

export const PaymentAlertView = z.object({
  /** overdue: not paid within one week of approval; needs_attention: the bank refused and retries ran out. */
  kind: z.enum(['overdue', 'needs_attention']),
  payment: PaymentView,
});
export type PaymentAlertView = z.infer<typeof PaymentAlertView>;

export const RevealBankAccountInput = z.object({
  paymentId: z.uuid(),
  purpose: z.string().trim().min(2, { message: '请说明查看完整银行账号的用途' }).max(200),
});

export const BankAccountView = z.object({
  paymentId: z.uuid(),
  payeeName: z.string().nullable(),
  bankName: z.string().nullable(),
  bankAccount: z.string().nullable(),
});
export type BankAccountView = z.infer<typeof BankAccountView>;

/** A donation pledged by an enterprise or charity (认捐) and what has been received of it. */
export const DonationPledgeView = z.object({
  pledgeId: z.uuid(),
  caseId: z.uuid(),
  handlingOrgId: z.string(),
  donorName: z.string(),
  organisedByOrgId: z.string(),
  amountFen: Fen,
  receivedFen: Fen,
  status: z.enum(['pledged', 'partly_received', 'received']),
  pledgedAt: z.iso.datetime({ offset: true }),
  receipts: z.array(
    z.object({
      receiptNumber: z.string(),
      receivedOn: z.iso.date(),
      amountFen: Fen,
      recordedBy: z.string(),
      /** The year budget (fund source donation) the money went into. */
      budgetYear: z.number().int(),
    }),
  ),
});
export type DonationPledgeView = z.infer<typeof DonationPledgeView>;

export const ListDonationPledgesInput = z.object({
  orgId: OrgId,
  caseId: z.uuid().optional(),
  status: z.enum(['pledged', 'partly_received', 'received']).optional(),
});

export const RecordPledgeReceiptInput = z.object({
  pledgeId: z.uuid(),
  receiptNumber: z.string().trim().min(1, { message: '请填写收据号' }).max(100),
  receivedOn: z.iso.date({ message: '请填写到账日期（YYYY-MM-DD）' }),
  amountFen: Fen.refine((v) => v > 0, { message: '到账金额必须大于0' }),
});

/**
 * Names the payee of one instruction (paymentId): a case may have an advance and a decision payment awaiting
 * their payee at once. Without paymentId, the case's instruction in progress (kept for older callers).
 */
export const PreparePaymentInput = PaymentRef.extend({
  payeeName: z.string().trim().min(1, { message: '请填写收款人' }).max(50),
  bankAccount: BankAccountNumber,
  bankName: z.string().trim().min(1).max(100),
  /** Pay from this source; otherwise the first source with enough budget left. */
  fundSource: FundSource.optional(),
});

export const CancelPaymentInput = PaymentRef.extend({ reason: z.string().trim().min(1).max(500) });

export const LedgerQuery = z.object({
  orgId: OrgId,
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  fundSource: FundSource.optional(),
});

export const LedgerEntryView = z.object({
  entryId: z.uuid(),
  transactionId: z.uuid(),
  postedAt: z.iso.datetime({ offset: true }),
  account: z.string(),
  debitFen: Fen,
  creditFen: Fen,
  fundSource: FundSource,
  caseId: z.uuid(),
  /** 案件编号 (e.g. JZ-…), once payments has learnt it from the case's decision or advance; null until then. */
  caseNumber: z.string().nullable(),
  decisionId: z.uuid(),
  /** 决定编号 (e.g. 〔2026〕粤0983司救1号); null for an advance, a donation receipt, or a decision announced without it. */
  decisionNumber: z.string().nullable(),
  /** The movement is of an advance (先行救助), paid before the case was decided. */
  advance: z.boolean(),
  actorUserId: z.string(),
  memo: z.string(),
  /** The person the movement is for (救助对象): the payee named when the payment was prepared; null for donation receipts. */
  payeeName: z.string().nullable(),
  /** Tells that person apart without their bank account: a keyed hash of it (not reversible); null with payeeName. */
  payeeRef: z.string().nullable(),
});
export type LedgerEntryView = z.infer<typeof LedgerEntryView>;

export const LedgerExport = z.object({
  fileName: z.string(),
  contentType: z.literal('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  contentBase64: z.string(),
});
export type LedgerExport = z.infer<typeof LedgerExport>;

export const RecoveryView = z.object({
  recoveryId: z.uuid(),
  caseId: z.uuid(),
  handlingOrgId: z.string(),
  fundSource: FundSource,
  amountFen: Fen,
  collectedFen: Fen,
  reason: z.string(),
  status: z.enum(['open', 'collected']),
  openedAt: z.iso.datetime({ offset: true }),
});
export type RecoveryView = z.infer<typeof RecoveryView>;

export const OpenRecoveryInput = CaseRef.extend({
  amountFen: Fen.refine((v) => v > 0, { message: '追回金额必须大于0' }),
  reason: z.string().trim().min(2, { message: '请说明追回原因' }).max(500),
});

export const CollectRecoveryInput = z.object({
  recoveryId: z.uuid(),
  amountFen: Fen.refine((v) => v > 0, { message: '收回金额必须大于0' }),
});

export const StatisticsQuery = z.object({
  orgId: OrgId,
  from: z.iso.date(),
  to: z.iso.date(),
});

export const Figures = z.object({
  /** Cases with assistance paid in the period. */
  cases: z.number().int(),
  /** Distinct people paid (by payee account). */
  persons: z.number().int(),
  /** Paid less recovered, in fen. */
  amountFen: z.number().int(),
});

export const StatisticsView = z.object({
  orgId: z.string(),
  from: z.iso.date(),
  to: z.iso.date(),
  current: Figures,
  /** The same period one year earlier. */
  previousYear: Figures,
  /** Year-over-year change in percent, rounded; null when there was nothing the year before. */
  change: z.object({
    cases: z.number().nullable(),
    persons: z.number().nullable(),
    amount: z.number().nullable(),
  }),
  bySource: z.array(Figures.extend({ fundSource: FundSource })),
});
export type StatisticsView = z.infer<typeof StatisticsView>;

export const ReconciliationView = z.object({
  orgId: z.string(),
  year: z.number().int(),
  funds: z.array(
    z.object({
      fundSource: FundSource,
      /** What the budget says was spent (paid less collected back). */
      budgetSpentFen: z.number().int(),
      /** The same from the ledger: expense account plus receivables outstanding. */
      ledgerSpentFen: z.number().int(),
      /** Paid according to the ledger, and confirmed by the bank for the same transfers. */
      ledgerPaidFen: z.number().int(),
      bankConfirmedFen: z.number().int(),
      reconciled: z.boolean(),
    }),
  ),
});
export type ReconciliationView = z.infer<typeof ReconciliationView>;

export interface PaymentsApi {
  listDisbursements(ctx: ApiContext, input: z.output<typeof CaseRef>): Promise<DisbursementView[]>;
  setBudget(ctx: ApiContext, input: z.output<typeof SetBudgetInput>): Promise<BudgetView>;
  listBudgets(ctx: ApiContext, input: { orgId: string; year: number }): Promise<BudgetView[]>;
  getPayment(ctx: ApiContext, input: z.output<typeof CaseRef>): Promise<PaymentView>;
  listPayments(ctx: ApiContext, input: { status?: PaymentStatus | undefined }): Promise<PaymentView[]>;
  preparePayment(ctx: ApiContext, input: z.output<typeof PreparePaymentInput>): Promise<PaymentView>;
  retryPayment(ctx: ApiContext, input: z.output<typeof PaymentRef>): Promise<PaymentView>;
  cancelPayment(ctx: ApiContext, input: z.output<typeof CancelPaymentInput>): Promise<PaymentView>;
  listLedger(ctx: ApiContext, input: z.output<typeof LedgerQuery>): Promise<LedgerEntryView[]>;
  /** The ledger (台账) as an Excel workbook, with the same filters. */
  exportLedger(ctx: ApiContext, input: z.output<typeof LedgerQuery>): Promise<LedgerExport>;
  /** Recovery (追回) of money obtained by fraud or concealment, recorded as a receivable. */
  openRecovery(ctx: ApiContext, input: z.output<typeof OpenRecoveryInput>): Promise<RecoveryView>;
  collectRecovery(ctx: ApiContext, input: z.output<typeof CollectRecoveryInput>): Promise<RecoveryView>;
  listRecoveries(ctx: ApiContext, input: z.output<typeof CaseRef>): Promise<RecoveryView[]>;
  statistics(ctx: ApiContext, input: z.output<typeof StatisticsQuery>): Promise<StatisticsView>;
  /** Balances per fund: budget, ledger and bank confirmations agree. */
  reconcile(ctx: ApiContext, input: { orgId: string; year: number }): Promise<ReconciliationView>;
  /** 分期发放: splits the decision's pending payment into instalments summing to its amount. */
  splitPayment(ctx: ApiContext, input: z.output<typeof SplitPaymentInput>): Promise<PaymentView[]>;
  /** Every instruction of the case (advance, decision, instalments), in order. */
  listCasePayments(ctx: ApiContext, input: z.output<typeof CaseRef>): Promise<PaymentView[]>;
  /** Overdue payments and those needing a finance officer, for an agency (default: the caller's). */
  listPaymentAlerts(ctx: ApiContext, input: { orgId?: string | undefined }): Promise<PaymentAlertView[]>;
  /** The full bank account of a payment; every call is audited. */
  revealBankAccount(
    ctx: ApiContext,
    input: z.output<typeof RevealBankAccountInput>,
  ): Promise<BankAccountView>;
  listPledges(
    ctx: ApiContext,
    input: z.output<typeof ListDonationPledgesInput>,
  ): Promise<DonationPledgeView[]>;
  /** Donation money received (fully or in part): it goes into the agency's donation budget for the year. */
  recordPledgeReceipt(
    ctx: ApiContext,
    input: z.output<typeof RecordPledgeReceiptInput>,
  ): Promise<DonationPledgeView>;
}

export const paymentsRouter = (api: PaymentsApi) =>
  router({
    listDisbursements: procedure
      .input(CaseRef)
      .output(z.array(DisbursementView))
      .query(({ ctx, input }) => api.listDisbursements(ctx, input)),
    setBudget: procedure
      .input(SetBudgetInput)
      .output(BudgetView)
      .mutation(({ ctx, input }) => api.setBudget(ctx, input)),
    listBudgets: procedure
      .input(z.object({ orgId: OrgId, year: Year }))
      .output(z.array(BudgetView))
      .query(({ ctx, input }) => api.listBudgets(ctx, input)),
    getPayment: procedure
      .input(CaseRef)
      .output(PaymentView)
      .query(({ ctx, input }) => api.getPayment(ctx, input)),
    listPayments: procedure
      .input(z.object({ status: PaymentStatus.optional() }))
      .output(z.array(PaymentView))
      .query(({ ctx, input }) => api.listPayments(ctx, input)),
    preparePayment: procedure
      .input(PreparePaymentInput)
      .output(PaymentView)
      .mutation(({ ctx, input }) => api.preparePayment(ctx, input)),
    retryPayment: procedure
      .input(PaymentRef)
      .output(PaymentView)
      .mutation(({ ctx, input }) => api.retryPayment(ctx, input)),
    cancelPayment: procedure
      .input(CancelPaymentInput)
      .output(PaymentView)
      .mutation(({ ctx, input }) => api.cancelPayment(ctx, input)),
    listLedger: procedure
      .input(LedgerQuery)
      .output(z.array(LedgerEntryView))
      .query(({ ctx, input }) => api.listLedger(ctx, input)),
    exportLedger: procedure
      .input(LedgerQuery)
      .output(LedgerExport)
      .query(({ ctx, input }) => api.exportLedger(ctx, input)),
    openRecovery: procedure
      .input(OpenRecoveryInput)
      .output(RecoveryView)
      .mutation(({ ctx, input }) => api.openRecovery(ctx, input)),
    collectRecovery: procedure
      .input(CollectRecoveryInput)
      .output(RecoveryView)
      .mutation(({ ctx, input }) => api.collectRecovery(ctx, input)),
    listRecoveries: procedure
      .input(CaseRef)
      .output(z.array(RecoveryView))
      .query(({ ctx, input }) => api.listRecoveries(ctx, input)),
    statistics: procedure
      .input(StatisticsQuery)
      .output(StatisticsView)
      .query(({ ctx, input }) => api.statistics(ctx, input)),
    reconcile: procedure
      .input(z.object({ orgId: OrgId, year: Year }))
      .output(ReconciliationView)
      .query(({ ctx, input }) => api.reconcile(ctx, input)),
    splitPayment: procedure
      .input(SplitPaymentInput)
      .output(z.array(PaymentView))
      .mutation(({ ctx, input }) => api.splitPayment(ctx, input)),
    listCasePayments: procedure
      .input(CaseRef)
      .output(z.array(PaymentView))
      .query(({ ctx, input }) => api.listCasePayments(ctx, input)),
    listPaymentAlerts: procedure
      .input(z.object({ orgId: OrgId.optional() }))
      .output(z.array(PaymentAlertView))
      .query(({ ctx, input }) => api.listPaymentAlerts(ctx, input)),
    revealBankAccount: procedure
      .input(RevealBankAccountInput)
      .output(BankAccountView)
      .mutation(({ ctx, input }) => api.revealBankAccount(ctx, input)),
    listPledges: procedure
      .input(ListDonationPledgesInput)
      .output(z.array(DonationPledgeView))
      .query(({ ctx, input }) => api.listPledges(ctx, input)),
    recordPledgeReceipt: procedure
      .input(RecordPledgeReceiptInput)
      .output(DonationPledgeView)
      .mutation(({ ctx, input }) => api.recordPledgeReceipt(ctx, input)),
  });
export type PaymentsRouter = ReturnType<typeof paymentsRouter>;
