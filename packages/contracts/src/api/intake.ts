import { z } from 'zod';
import { LeadSource } from '../events.ts';
import { Fen } from '../money.ts';
import { Address, BankAccountNumber, NationalIdNumber, PhoneNumber } from '../personal-data.ts';
import { procedure, router, type ApiContext } from '../trpc.ts';

export const OpenLeadInput = z.object({
  source: LeadSource,
  /** Who passed the lead on (department, partner organisation or superior agency), when not the person. */
  referredBy: z.string().trim().max(100).optional(),
  applicant: z.object({
    name: z.string().trim().min(1, { message: '请填写申请人姓名' }).max(50),
    idNumber: NationalIdNumber,
    phone: PhoneNumber,
    address: Address,
    bankAccount: BankAccountNumber.optional(),
  }),
  incidentSummary: z.string().trim().min(5, { message: '请简要说明案件情况（至少5个字）' }).max(2000),
  urgent: z.boolean().default(false),
  requestedAmountFen: Fen,
});
export type OpenLeadInput = z.input<typeof OpenLeadInput>;

export const CaseView = z.object({
  caseId: z.uuid(),
  caseNumber: z.string(),
  handlingOrgId: z.string(),
  source: LeadSource,
  status: z.enum(['open']),
  urgent: z.boolean(),
  requestedAmountFen: Fen,
  applicant: z.object({ name: z.string(), idNumberMasked: z.string(), phoneMasked: z.string() }),
  openedAt: z.iso.datetime({ offset: true }),
});
export type CaseView = z.infer<typeof CaseView>;

export const CaseRef = z.object({ caseId: z.uuid({ message: '案件编号格式无效' }) });

export interface IntakeApi {
  openLead(ctx: ApiContext, input: z.output<typeof OpenLeadInput>): Promise<CaseView>;
  getCase(ctx: ApiContext, input: z.output<typeof CaseRef>): Promise<CaseView>;
  listCases(ctx: ApiContext): Promise<CaseView[]>;
}

export const intakeRouter = (api: IntakeApi) =>
  router({
    openLead: procedure
      .input(OpenLeadInput)
      .output(CaseView)
      .mutation(({ ctx, input }) => api.openLead(ctx, input)),
    getCase: procedure
      .input(CaseRef)
      .output(CaseView)
      .query(({ ctx, input }) => api.getCase(ctx, input)),
    listCases: procedure.output(z.array(CaseView)).query(({ ctx }) => api.listCases(ctx)),
  });
export type IntakeRouter = ReturnType<typeof intakeRouter>;
