import { z } from 'zod';
import { defineEvent } from '../event-definition.ts';
import { Fen } from '../money.ts';
import { TOPICS } from '../topics.ts';

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
