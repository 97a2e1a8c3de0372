import { createTRPCClient, httpLink } from '@trpc/client';
import type {
  ApprovalRouter,
  FollowupRouter,
  IntakeRouter,
  InvestigationRouter,
  PaymentsRouter,
  ReferralRouter,
} from '@jiuzhu/contracts';
import type { PortalConfig, ServiceName } from '../../shared/portal-config.ts';

export interface TokenSource {
  accessToken(): string | undefined;
  /** Called when a service rejects the token (HTTP 401): the session is over. */
  onUnauthorized(): void;
}

/** The link every client uses: bearer token at call time, 401 ends the session. */
function linksFor(url: string, tokens: TokenSource) {
  return [
    httpLink({
      url,
      headers: () => {
        const token = tokens.accessToken();
        return token ? { authorization: `Bearer ${token}` } : {};
      },
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        const response = await fetch(input, init);
        if (response.status === 401) tokens.onUnauthorized();
        return response;
      },
    }),
  ];
}

/** One typed client per service, each through the portal's same-origin proxy. */
export function createApi(config: PortalConfig, tokens: TokenSource) {
  const url = (service: ServiceName) => config.services[service];
  return {
    intake: createTRPCClient<IntakeRouter>({ links: linksFor(url('intake'), tokens) }),
    investigation: createTRPCClient<InvestigationRouter>({ links: linksFor(url('investigation'), tokens) }),
    approval: createTRPCClient<ApprovalRouter>({ links: linksFor(url('approval'), tokens) }),
    payments: createTRPCClient<PaymentsRouter>({ links: linksFor(url('payments'), tokens) }),
    referral: createTRPCClient<ReferralRouter>({ links: linksFor(url('referral'), tokens) }),
    followup: createTRPCClient<FollowupRouter>({ links: linksFor(url('followup'), tokens) }),
  };
}
export type Api = ReturnType<typeof createApi>;
