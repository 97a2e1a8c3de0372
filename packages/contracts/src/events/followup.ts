import { z } from 'zod';
import { defineEvent } from '../event-definition.ts';
import { TOPICS } from '../topics.ts';

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
