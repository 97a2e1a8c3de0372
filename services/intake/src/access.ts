import { authorize, OUT_OF_REACH, type Action } from '@jiuzhu/auth';
import { caseRefusal } from '@jiuzhu/service-kit';
import { HANDLING_ORG_TYPES, type OrgType, type Principal } from '@jiuzhu/contracts';
import { TRPCError } from '@trpc/server';

/** What intake needs of a lead to decide who may see or handle it. */
export interface LeadParties {
  holderOrgId: string;
  holderOrgType: string;
  senderOrgId: string;
  submittedBy: string;
  /** Organisations that held the lead and transferred it on. */
  transferorOrgIds: readonly string[];
}

export const handlesCases = (orgType: string) => HANDLING_ORG_TYPES.includes(orgType as OrgType);

/** Reading and deciding at a court or procuratorate; at public security or a justice bureau, its referrers. */
export function holderActions(holderOrgType: string): { read: Action; decide: Action } {
  return handlesCases(holderOrgType)
    ? { read: 'lead.read', decide: 'lead.decide' }
    : { read: 'transfer.respond', decide: 'transfer.respond' };
}

const forbidden = (message: string) => new TRPCError({ code: 'FORBIDDEN', message });

/** Whether the principal reads the lead in its own organisation's lists (people, not only status). */
export function readsOwnOrgLeads(principal: Principal): boolean {
  return authorize(principal, holderActions(principal.org.type).read, { handlingOrgId: principal.org.id })
    .allowed;
}

/** Whether the principal sees leads in any capacity: as its holder's case handlers, or as their sender. */
const readsSomeLeads = (principal: Principal) =>
  readsOwnOrgLeads(principal) ||
  principal.roles.includes('partner_officer') ||
  principal.roles.includes('lead_referrer');

/**
 * The refusal for a lead the principal may not see, and for one that does not exist: the same either way (it
 * depends on the principal only). A role that never reads leads is told so.
 */
export function leadRefusal(principal: Principal): TRPCError {
  if (readsSomeLeads(principal)) return forbidden(OUT_OF_REACH);
  return caseRefusal(principal, holderActions(principal.org.type).read);
}

/** The refusal for deciding on a lead the principal may not decide on, or that does not exist. */
export function decisionRefusal(principal: Principal): TRPCError {
  return caseRefusal(principal, holderActions(principal.org.type).decide);
}

/**
 * A partner department sees the leads it sent; a lead referrer the leads they sent themselves; case handlers of an
 * agency the leads their agency sent or transferred on.
 */
export function isSenderOf(principal: Principal, lead: LeadParties): boolean {
  if (principal.roles.includes('partner_officer') && lead.senderOrgId === principal.org.id) return true;
  if (principal.roles.includes('lead_referrer') && lead.submittedBy === principal.userId) return true;
  if (!readsOwnOrgLeads(principal)) return false;
  return lead.senderOrgId === principal.org.id || lead.transferorOrgIds.includes(principal.org.id);
}

/** How the principal may see the lead; throws 403 (as for a lead that does not exist) when not at all. */
export function accessTo(principal: Principal, lead: LeadParties): 'holder' | 'sender' {
  const asHolder = authorize(principal, holderActions(lead.holderOrgType).read, {
    handlingOrgId: lead.holderOrgId,
  });
  if (asHolder.allowed) return 'holder';
  if (isSenderOf(principal, lead)) return 'sender';
  throw leadRefusal(principal);
}

/** Throws 403 (as for a lead that does not exist) unless the principal may decide on the lead where it now is. */
export function requireHolderDecision(principal: Principal, lead: LeadParties): void {
  const decision = authorize(principal, holderActions(lead.holderOrgType).decide, {
    handlingOrgId: lead.holderOrgId,
  });
  if (!decision.allowed) throw decisionRefusal(principal);
}
