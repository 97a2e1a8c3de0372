import { createTRPCClient, httpLink } from '@trpc/client';
import type {
  ApprovalRouter,
  FollowupRouter,
  IntakeRouter,
  InvestigationRouter,
  PaymentsRouter,
  ReferralRouter,
} from '@jiuzhu/contracts';

type Headers = () => Record<string, string>;

const linkTo = (baseUrl: string, accessToken: string | undefined, extraHeaders: Headers) =>
  httpLink({
    url: `${baseUrl}/trpc`,
    headers: () => ({
      ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      ...extraHeaders(),
    }),
  });

/** Typed tRPC clients, one per service, calling with a bearer token (and any extra headers). */
export const serviceClients = {
  intake: (url: string, token?: string, headers: Headers = () => ({})) =>
    createTRPCClient<IntakeRouter>({ links: [linkTo(url, token, headers)] }),
  investigation: (url: string, token?: string, headers: Headers = () => ({})) =>
    createTRPCClient<InvestigationRouter>({ links: [linkTo(url, token, headers)] }),
  approval: (url: string, token?: string, headers: Headers = () => ({})) =>
    createTRPCClient<ApprovalRouter>({ links: [linkTo(url, token, headers)] }),
  payments: (url: string, token?: string, headers: Headers = () => ({})) =>
    createTRPCClient<PaymentsRouter>({ links: [linkTo(url, token, headers)] }),
  referral: (url: string, token?: string, headers: Headers = () => ({})) =>
    createTRPCClient<ReferralRouter>({ links: [linkTo(url, token, headers)] }),
  followup: (url: string, token?: string, headers: Headers = () => ({})) =>
    createTRPCClient<FollowupRouter>({ links: [linkTo(url, token, headers)] }),
};
