import { z } from 'zod';
import { procedure, router, type ApiContext } from '../trpc.ts';
import { CaseRef } from './intake.ts';

export const ReferralView = z.object({
  referralId: z.uuid(),
  caseId: z.uuid(),
  handlingOrgId: z.string(),
  partnerOrgId: z.string(),
  programme: z.string(),
  status: z.enum(['sent']),
  sentAt: z.iso.datetime({ offset: true }),
});
export type ReferralView = z.infer<typeof ReferralView>;

export interface ReferralApi {
  listReferrals(ctx: ApiContext, input: z.output<typeof CaseRef>): Promise<ReferralView[]>;
}

export const referralRouter = (api: ReferralApi) =>
  router({
    listReferrals: procedure
      .input(CaseRef)
      .output(z.array(ReferralView))
      .query(({ ctx, input }) => api.listReferrals(ctx, input)),
  });
export type ReferralRouter = ReturnType<typeof referralRouter>;
