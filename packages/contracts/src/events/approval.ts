import { z } from 'zod';
import { defineEvent } from '../event-definition.ts';
import { Fen } from '../money.ts';
import { TOPICS } from '../topics.ts';

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
