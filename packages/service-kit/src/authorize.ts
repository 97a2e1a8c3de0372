import { TRPCError } from '@trpc/server';
import { authorize, type Action, type CaseTarget } from '@jiuzhu/auth';
import type { Principal } from '@jiuzhu/contracts';

/** Throws FORBIDDEN (HTTP 403) with the policy's reason unless the principal may do this to the case. */
export function requireAllowed(principal: Principal, action: Action, target?: CaseTarget): void {
  const decision = authorize(principal, action, target);
  if (!decision.allowed) throw new TRPCError({ code: 'FORBIDDEN', message: decision.reason });
}

/** Whether the principal may do this (to the case, if given): for choosing what to show, not for refusing. */
export function isAllowed(principal: Principal, action: Action, target?: CaseTarget): boolean {
  return authorize(principal, action, target).allowed;
}

export function notFound(what: string): TRPCError {
  return new TRPCError({ code: 'NOT_FOUND', message: `${what}不存在` });
}

/** The actor recorded on events and audit rows for a call made by this principal. */
export function actorOf(principal: Principal): { userId: string; orgId: string } {
  return { userId: principal.userId, orgId: principal.org.id };
}
