import { z } from 'zod';
import { defineEvent } from '../event-definition.ts';
import { Fen } from '../money.ts';
import { TOPICS } from '../topics.ts';
import { RevealLimitExceeded } from './reveal-limit.ts';

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

/**
 * A payment instruction was not paid within the time allowed after approval (dueAt, "within one week").
 * Published once per instruction.
 */
export const paymentOverdue = defineEvent(
  TOPICS.payments,
  'payments.payment-overdue',
  1,
  z.object({
    caseId: z.uuid(),
    handlingOrgId: z.string(),
    paymentId: z.uuid(),
    decisionId: z.uuid(),
    /** 1 for a single payment; the instalment's number when the decision is paid in instalments. */
    instalmentNo: z.number().int().positive(),
    amountFen: Fen,
    /** Where the instruction stood when it was found overdue (e.g. awaiting_payee, awaiting_funds, sent). */
    status: z.string(),
    dueAt: z.iso.datetime({ offset: true }),
  }),
);

/**
 * A payment instruction needs a finance officer: the bank refused it and the retries are exhausted.
 * Published each time an instruction goes to needs_attention.
 */
export const paymentNeedsAttention = defineEvent(
  TOPICS.payments,
  'payments.payment-needs-attention',
  1,
  z.object({
    caseId: z.uuid(),
    handlingOrgId: z.string(),
    paymentId: z.uuid(),
    decisionId: z.uuid(),
    instalmentNo: z.number().int().positive(),
    amountFen: Fen,
    attempts: z.number().int(),
    /** The bank's reason, in Chinese. */
    reason: z.string(),
  }),
);

/** Someone reached the per-person limit of audited reveals of payees' bank accounts. */
export const paymentsRevealLimitExceeded = defineEvent(
  TOPICS.payments,
  'payments.reveal-limit-exceeded',
  1,
  RevealLimitExceeded,
);
