import { z } from 'zod';
import { defineEvent } from '../event-definition.ts';
import { Fen } from '../money.ts';
import { TOPICS } from '../topics.ts';

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
