import { z } from 'zod';
import { defineEvent } from '../event-definition.ts';
import { Fen } from '../money.ts';
import { TOPICS } from '../topics.ts';

/**
 * The last step of the approval chain has decided: 救助决定 (approved) or 不予救助决定 (refused). Version 1
 * fields are kept; the later fields are optional so that version-1 consumers keep working.
 */
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
    /** e.g. 〔2026〕粤09司救1号 — numbered per agency and year. */
    decisionNumber: z.string().optional(),
    issuedAt: z.iso.datetime({ offset: true }).optional(),
  }),
);

/** An approver sent the case back for more investigation, with the question to answer (退回补充调查). */
export const returnedForInvestigation = defineEvent(
  TOPICS.approval,
  'approval.returned-for-investigation',
  1,
  z.object({
    caseId: z.uuid(),
    handlingOrgId: z.string(),
    requestId: z.uuid(),
    /** The step that returned it: department_head, final (chief/committee) or superior. */
    step: z.string(),
    question: z.string(),
  }),
);

/** The chief approved an advance (先行救助) for an urgent medical case before the case is complete. */
export const advanceApproved = defineEvent(
  TOPICS.approval,
  'approval.advance-approved',
  1,
  z.object({
    caseId: z.uuid(),
    handlingOrgId: z.string(),
    advanceId: z.uuid(),
    amountFen: Fen,
    /** The case must be completed (decided) by then. */
    completeBy: z.iso.datetime({ offset: true }),
  }),
);
