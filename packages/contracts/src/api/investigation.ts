import { z } from 'zod';
import { Fen } from '../money.ts';
import { procedure, router, type ApiContext } from '../trpc.ts';
import { CaseRef } from './intake.ts';

export const VerificationView = z.object({
  caseId: z.uuid(),
  handlingOrgId: z.string(),
  eligible: z.boolean(),
  recommendedAmountFen: Fen,
  capFen: Fen,
  completedAt: z.iso.datetime({ offset: true }),
});
export type VerificationView = z.infer<typeof VerificationView>;

export interface InvestigationApi {
  getVerification(ctx: ApiContext, input: z.output<typeof CaseRef>): Promise<VerificationView>;
}

export const investigationRouter = (api: InvestigationApi) =>
  router({
    getVerification: procedure
      .input(CaseRef)
      .output(VerificationView)
      .query(({ ctx, input }) => api.getVerification(ctx, input)),
  });
export type InvestigationRouter = ReturnType<typeof investigationRouter>;
