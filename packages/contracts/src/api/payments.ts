import { z } from 'zod';
import { Fen } from '../money.ts';
import { procedure, router, type ApiContext } from '../trpc.ts';
import { CaseRef } from './intake.ts';

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

export interface PaymentsApi {
  listDisbursements(ctx: ApiContext, input: z.output<typeof CaseRef>): Promise<DisbursementView[]>;
}

export const paymentsRouter = (api: PaymentsApi) =>
  router({
    listDisbursements: procedure
      .input(CaseRef)
      .output(z.array(DisbursementView))
      .query(({ ctx, input }) => api.listDisbursements(ctx, input)),
  });
export type PaymentsRouter = ReturnType<typeof paymentsRouter>;
