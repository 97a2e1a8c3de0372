import { z } from 'zod';
import { defineEvent } from '../event-definition.ts';
import { TOPICS } from '../topics.ts';
import { ReferralProgramme } from './investigation.ts';

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

/**
 * A return visit was recorded (回访记录): when and how, the risk of falling back into poverty, and how many needs it
 * found. What the caseworker wrote about the family stays in follow-up.
 */
export const visitRecorded = defineEvent(
  TOPICS.followup,
  'followup.visit-recorded',
  1,
  z.object({
    caseId: z.uuid(),
    handlingOrgId: z.string(),
    /** The handling agency's name, when the recorder's token gave it. */
    handlingOrgName: z.string().optional(),
    visitId: z.uuid(),
    /** Beijing calendar date the visit took place. */
    visitedOn: z.iso.date(),
    method: z.enum(['phone', 'home_visit', 'village_committee']),
    /** Risk of falling back into poverty (返贫风险). */
    povertyRisk: z.enum(['none', 'low', 'high']),
    /** Needs the visit found, each also published as `followup.need-found`. */
    needsFound: z.number().int().min(0),
  }),
);

/**
 * A return visit found a need another programme could meet. The referral service turns it into a draft
 * referral suggestion that the handling agency's caseworker confirms and addresses to a partner.
 */
export const needFound = defineEvent(
  TOPICS.followup,
  'followup.need-found',
  1,
  z.object({
    caseId: z.uuid(),
    handlingOrgId: z.string(),
    programme: ReferralProgramme,
    /** What the visit found, in the caseworker's words (no ID numbers, phones or bank accounts). */
    note: z.string().max(1000),
    /** The visit that found the need, when there is one. */
    visitId: z.uuid().optional(),
  }),
);

/**
 * A return visit found the family's situation seriously worse (at risk of falling back into poverty because of
 * the case): the handling agency's department head is alerted.
 */
export const deteriorationAlert = defineEvent(
  TOPICS.followup,
  'followup.deterioration-alert',
  1,
  z.object({
    caseId: z.uuid(),
    handlingOrgId: z.string(),
    visitId: z.uuid(),
    alertId: z.uuid(),
    /** What the caseworker saw, in their words (no ID numbers, phones or bank accounts). */
    summary: z.string().max(1000),
  }),
);

/** Follow-up of a case ended (plan done, no risk left) or was reopened. */
export const followupCaseStatusChanged = defineEvent(
  TOPICS.followup,
  'followup.case-status-changed',
  1,
  z.object({
    caseId: z.uuid(),
    handlingOrgId: z.string(),
    status: z.enum(['closed', 'reopened']),
    reason: z.string().max(500).optional(),
  }),
);
