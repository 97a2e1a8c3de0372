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
    /** e.g. 〔2026〕粤0983司救1号 — unique nationally (official-numbers.ts). */
    decisionNumber: z.string().optional(),
    issuedAt: z.iso.datetime({ offset: true }).optional(),
    /** The handling agency's parent organisation, whose supervisors may read the case's money (optional: added after v1). */
    handlingOrgParentId: z.string().optional(),
    /** The case number (案件编号, e.g. JZ-…) for ledgers and lists (optional: added after v1; unknown for cases opened before approval learnt openings). */
    caseNumber: z.string().optional(),
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
    /** The handling agency's parent organisation, whose supervisors may read the case's money (optional: added after v1). */
    handlingOrgParentId: z.string().optional(),
    /** The case number (案件编号), as in approval.decision-issued (optional: added after v1). */
    caseNumber: z.string().optional(),
  }),
);

const StepAlert = z.object({
  caseId: z.uuid(),
  handlingOrgId: z.string(),
  requestId: z.uuid(),
  /** department_head, chief, committee or superior. */
  step: z.string(),
  /** The step's place in the chain, 1 = department head. */
  level: z.number().int().min(1),
  /** Who should act: the organisation and roles of the step (or, when escalated, the level above). */
  addressedOrgId: z.string(),
  addressedRoles: z.array(z.string()),
  /** The step's last working day (Beijing date). */
  dueOn: z.iso.date(),
  /** Working days past the deadline (0 while not yet overdue). */
  workingDaysOver: z.number().int().min(0),
});

/** An approval step has one working day left (临期提醒); raised once per step. */
export const stepDueSoon = defineEvent(TOPICS.approval, 'approval.step-due-soon', 1, StepAlert);

/** An approval step passed its deadline without action (超期提醒); raised once per step. */
export const stepOverdue = defineEvent(TOPICS.approval, 'approval.step-overdue', 1, StepAlert);

/**
 * An approval step stayed overdue for the configured further working days and is escalated (超期督办) to the
 * level above: the agency's chief for the department head, the parent agency's chief above that. Once per step.
 */
export const stepEscalated = defineEvent(
  TOPICS.approval,
  'approval.step-escalated',
  1,
  StepAlert.extend({
    /** The roles at the step that failed to act (addressedOrgId/addressedRoles name the level above). */
    stepOrgId: z.string(),
    stepRoles: z.array(z.string()),
  }),
);

const AdvanceAlert = z.object({
  caseId: z.uuid(),
  handlingOrgId: z.string(),
  advanceId: z.uuid(),
  completeBy: z.iso.datetime({ offset: true }),
  /** Calendar days past completeBy (0 while not yet overdue). */
  daysOver: z.number().int().min(0),
});

/** An approved advance's case must be completed soon (先行救助临期); raised once per advance. */
export const advanceCompletionDueSoon = defineEvent(
  TOPICS.approval,
  'approval.advance-completion-due-soon',
  1,
  AdvanceAlert,
);

/** An approved advance's case was not completed in the configured period (先行救助超期未结); once per advance. */
export const advanceCompletionOverdue = defineEvent(
  TOPICS.approval,
  'approval.advance-completion-overdue',
  1,
  AdvanceAlert,
);
