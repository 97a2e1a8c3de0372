import { z } from 'zod';
import { defineEvent } from '../event-definition.ts';
import { Fen } from '../money.ts';
import { TOPICS } from '../topics.ts';
import { RevealLimitExceeded } from './reveal-limit.ts';

/**
 * Working days a partner department has to answer a referral (答复期限) before it counts as overdue: the local
 * rule's default, which a deployment may override in the referral service (REFERRAL_ANSWER_WORKING_DAYS).
 * Referral publishes each referral's due day (`answerDueOn`); others read it there rather than recount.
 */
export const REFERRAL_ANSWER_WORKING_DAYS = 5;

/** An unanswered referral is overdue from the day after its due day (dates `YYYY-MM-DD`, Beijing). */
export const answerOverdue = (answerDueOn: string, asOf: string): boolean => asOf > answerDueOn;

/**
 * A referral was sent to a partner department (衔接移送). Version 1 fields are kept; the later fields are
 * optional so that version-1 consumers keep working.
 */
export const referralCreated = defineEvent(
  TOPICS.referral,
  'referral.referral-created',
  1,
  z.object({
    caseId: z.uuid(),
    handlingOrgId: z.string(),
    referralId: z.uuid(),
    partnerOrgId: z.string(),
    /** The partner department's name in the SSO directory (later addition: may be absent). */
    partnerOrgName: z.string().optional(),
    /** A ReferralProgramme value (the thin slice sent 'dibao'). */
    programme: z.string(),
    partnerRegion: z.string().optional(),
    batchId: z.uuid().optional(),
    /**
     * The last working day for the partner's answer; overdue from the day after (later addition: events
     * published before it carry none, and their readers count REFERRAL_ANSWER_WORKING_DAYS from the event).
     */
    answerDueOn: z.iso.date().optional(),
  }),
);

/**
 * The referral reached its end at the partner: enrolled in a programme, found not eligible there, or declined.
 * Follow-up schedules return visits after it.
 */
export const referralOutcomeRecorded = defineEvent(
  TOPICS.referral,
  'referral.outcome-recorded',
  1,
  z.object({
    caseId: z.uuid(),
    handlingOrgId: z.string(),
    referralId: z.uuid(),
    partnerOrgId: z.string(),
    /** The partner department's name (later addition: may be absent). */
    partnerOrgName: z.string().optional(),
    /** The programme the referral asked for. */
    programme: z.string(),
    outcome: z.enum(['enrolled', 'not_enrolled', 'declined']),
    /** When enrolled: the programme actually granted, from when, where, and the monthly amount if any. */
    enrolledProgramme: z.string().optional(),
    enrolledFrom: z.iso.date().optional(),
    enrolledRegion: z.string().optional(),
    monthlyAmountFen: Fen.optional(),
  }),
);

/**
 * An enterprise or charity organised by a partner department pledged money to a case. Payments may use it as a
 * donation fund source (fundSource 'donation'); job pledges publish nothing.
 */
export const donationPledged = defineEvent(
  TOPICS.referral,
  'referral.donation-pledged',
  1,
  z.object({
    caseId: z.uuid(),
    handlingOrgId: z.string(),
    pledgeId: z.uuid(),
    donorName: z.string(),
    /** The partner department that organised the donor (e.g. the commerce bureau, the women's federation). */
    organisedByOrgId: z.string(),
    /** Its name in the SSO directory (absent in events recorded before referral checked organisers there). */
    organisedByOrgName: z.string().optional(),
    amountFen: Fen,
  }),
);

/** Someone reached the per-person limit of audited reveals of a referred person's ID number or phone. */
export const referralRevealLimitExceeded = defineEvent(
  TOPICS.referral,
  'referral.reveal-limit-exceeded',
  1,
  RevealLimitExceeded,
);
