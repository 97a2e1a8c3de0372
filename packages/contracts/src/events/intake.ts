import { z } from 'zod';
import { defineEvent } from '../event-definition.ts';
import { Fen } from '../money.ts';
import { TOPICS } from '../topics.ts';

export const LeadSource = z.enum([
  'internal_department',
  'own_application',
  'ex_officio',
  'partner_department',
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
  }),
);
