import { createTRPCClient, httpLink } from '@trpc/client';
import type {
  ApprovalRouter,
  FollowupRouter,
  IntakeRouter,
  InvestigationRouter,
  PaymentsRouter,
  ReferralRouter,
} from '@jiuzhu/contracts';
import type { ServiceName } from './services.ts';

interface Routers {
  intake: IntakeRouter;
  investigation: InvestigationRouter;
  approval: ApprovalRouter;
  payments: PaymentsRouter;
  referral: ReferralRouter;
  followup: FollowupRouter;
}

/** A typed tRPC client for one service, calling with the given bearer token (and extra headers). */
export function serviceClient<N extends ServiceName>(
  baseUrl: string,
  accessToken: string | undefined,
  extraHeaders: () => Record<string, string> = () => ({}),
) {
  return createTRPCClient<Routers[N]>({
    links: [
      httpLink({
        url: `${baseUrl}/trpc`,
        headers: () => ({ ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}), ...extraHeaders() }),
      }),
    ],
  });
}
