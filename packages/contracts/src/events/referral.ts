import { z } from 'zod';
import { defineEvent } from '../event-definition.ts';
import { TOPICS } from '../topics.ts';

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
