import { z } from 'zod';
import { Fen } from '../money.ts';
import { procedure, router, type ApiContext } from '../trpc.ts';
import { CaseRef } from './intake.ts';

export const DecisionView = z.object({
  decisionId: z.uuid(),
  caseId: z.uuid(),
  handlingOrgId: z.string(),
  outcome: z.enum(['approved', 'refused']),
  approvedAmountFen: Fen,
  decidedAt: z.iso.datetime({ offset: true }),
});
export type DecisionView = z.infer<typeof DecisionView>;

export interface ApprovalApi {
  getDecision(ctx: ApiContext, input: z.output<typeof CaseRef>): Promise<DecisionView>;
}

export const approvalRouter = (api: ApprovalApi) =>
  router({
    getDecision: procedure
      .input(CaseRef)
      .output(DecisionView)
      .query(({ ctx, input }) => api.getDecision(ctx, input)),
  });
export type ApprovalRouter = ReturnType<typeof approvalRouter>;
