import { z } from 'zod';
import { defineEvent } from '../event-definition.ts';
import { Fen } from '../money.ts';
import { TOPICS } from '../topics.ts';
import { RevealLimitExceeded } from './reveal-limit.ts';

/** Where a lead came from (brief §2, step 1). */
export const LeadSource = z.enum([
  /** Another department of the same agency, during arrest review, prosecution review, trial… ("1+N"). */
  'internal_department',
  /** The person's own application, written or oral (taken down by staff). */
  'own_application',
  /** Discovered by the caseworker (依职权). */
  'ex_officio',
  /** A partner department (civil affairs, women's federation…) or another political-legal unit. */
  'partner_department',
  /** A superior agency. */
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
    /** The lead the case was opened from (optional: added after v1). */
    leadId: z.uuid().optional(),
    /** Criminal case number or incident reference the assistance relates to (optional: added after v1). */
    underlyingCaseRef: z.string().optional(),
    /** GB/T 2260 code of the handling agency's region (optional: added after v1; older events lack it). */
    handlingRegion: z
      .string()
      .regex(/^\d{6}$/)
      .optional(),
    /** The handling agency's parent organisation, whose supervisors may read the case (optional: added after v1). */
    handlingOrgParentId: z.string().optional(),
  }),
);

/** A pending lead came near its review deadline, or passed it. Raised once per lead, holder and level. */
export const deadlineAlert = defineEvent(
  TOPICS.intake,
  'intake.deadline-alert',
  1,
  z.object({
    leadId: z.uuid(),
    holderOrgId: z.string(),
    level: z.enum(['near', 'past']),
    /** Last day of the review period (Beijing calendar date). */
    reviewDueOn: z.iso.date(),
    urgent: z.boolean(),
  }),
);

/** Someone reached the per-person limit of audited reveals of a lead's personal data (revealPerson). */
export const intakeRevealLimitExceeded = defineEvent(
  TOPICS.intake,
  'intake.reveal-limit-exceeded',
  1,
  RevealLimitExceeded,
);
