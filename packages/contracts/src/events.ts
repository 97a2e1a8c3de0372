import { z } from 'zod';
import { defineEvent } from './event-definition.ts';
import { Fen } from './money.ts';
import { TOPICS } from './topics.ts';

/**
 * Every event the services exchange. Payloads carry references and facts, never raw personal data
 * (ID numbers, phones, addresses, bank accounts stay in the owning service and are read through its API).
 */

export const LeadSource = z.enum([
  'internal_department',
  'own_application',
  'ex_officio',
  'partner_department',
  'superior_agency',
]);
export type LeadSource = z.infer<typeof LeadSource>;

export const caseOpened = defineEvent(
  TOPICS.intake,
  'intake.case-opened',
  1,
  z.object({
    caseId: z.uuid(),
    caseNumber: z.string(),
    handlingOrgId: z.string(),
    leadSource: LeadSource,
    urgent: z.boolean(),
    requestedAmountFen: Fen,
  }),
);

export const verificationCompleted = defineEvent(
  TOPICS.investigation,
  'investigation.verification-completed',
  1,
  z.object({
    caseId: z.uuid(),
    handlingOrgId: z.string(),
    eligible: z.boolean(),
    recommendedAmountFen: Fen,
    capFen: Fen,
  }),
);

export const decisionIssued = defineEvent(
  TOPICS.approval,
  'approval.decision-issued',
  1,
  z.object({
    caseId: z.uuid(),
    handlingOrgId: z.string(),
    decisionId: z.uuid(),
    outcome: z.enum(['approved', 'refused']),
    approvedAmountFen: Fen,
  }),
);

export const disbursementRecorded = defineEvent(
  TOPICS.payments,
  'payments.disbursement-recorded',
  1,
  z.object({
    caseId: z.uuid(),
    handlingOrgId: z.string(),
    disbursementId: z.uuid(),
    decisionId: z.uuid(),
    amountFen: Fen,
    fundSource: z.string(),
  }),
);

export const referralCreated = defineEvent(
  TOPICS.referral,
  'referral.referral-created',
  1,
  z.object({
    caseId: z.uuid(),
    handlingOrgId: z.string(),
    referralId: z.uuid(),
    partnerOrgId: z.string(),
    programme: z.string(),
  }),
);

export const visitScheduled = defineEvent(
  TOPICS.followup,
  'followup.visit-scheduled',
  1,
  z.object({
    caseId: z.uuid(),
    handlingOrgId: z.string(),
    visitId: z.uuid(),
    dueOn: z.iso.date(),
    method: z.enum(['phone', 'home_visit', 'village_committee']),
  }),
);

/** All event definitions, for the catalogue and for tooling. */
export const EVENTS = [
  caseOpened,
  verificationCompleted,
  decisionIssued,
  disbursementRecorded,
  referralCreated,
  visitScheduled,
] as const;
