import { z } from 'zod';
import { procedure, router, type ApiContext } from '../trpc.ts';
import { CaseRef } from './intake.ts';

export const VisitView = z.object({
  visitId: z.uuid(),
  caseId: z.uuid(),
  handlingOrgId: z.string(),
  method: z.enum(['phone', 'home_visit', 'village_committee']),
  dueOn: z.iso.date(),
  status: z.enum(['scheduled']),
});
export type VisitView = z.infer<typeof VisitView>;

export interface FollowupApi {
  listVisits(ctx: ApiContext, input: z.output<typeof CaseRef>): Promise<VisitView[]>;
}

export const followupRouter = (api: FollowupApi) =>
  router({
    listVisits: procedure
      .input(CaseRef)
      .output(z.array(VisitView))
      .query(({ ctx, input }) => api.listVisits(ctx, input)),
  });
export type FollowupRouter = ReturnType<typeof followupRouter>;
