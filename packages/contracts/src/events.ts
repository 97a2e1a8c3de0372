/**
 * Every event the services exchange, one file per bounded context. Payloads carry references and facts,
 * never raw personal data (ID numbers, phones, addresses, bank accounts stay in the owning service and are
 * read through its API).
 */
import { caseOpened, deadlineAlert, intakeRevealLimitExceeded } from './events/intake.ts';
import { verificationCompleted } from './events/investigation.ts';
import {
  advanceApproved,
  advanceCompletionDueSoon,
  advanceCompletionOverdue,
  decisionIssued,
  returnedForInvestigation,
  stepDueSoon,
  stepEscalated,
  stepOverdue,
} from './events/approval.ts';
import {
  disbursementRecorded,
  paymentNeedsAttention,
  paymentOverdue,
  paymentsRevealLimitExceeded,
} from './events/payments.ts';
import {
  donationPledged,
  referralCreated,
  referralOutcomeRecorded,
  referralRevealLimitExceeded,
} from './events/referral.ts';
import {
  deteriorationAlert,
  followupCaseStatusChanged,
  needFound,
  visitRecorded,
  visitScheduled,
} from './events/followup.ts';

export * from './events/intake.ts';
export * from './events/investigation.ts';
export * from './events/approval.ts';
export * from './events/payments.ts';
export * from './events/referral.ts';
export * from './events/followup.ts';
export * from './events/reveal-limit.ts';

/** All event definitions, for the catalogue and for tooling. Add new events here. */
export const EVENTS = [
  caseOpened,
  deadlineAlert,
  intakeRevealLimitExceeded,
  verificationCompleted,
  decisionIssued,
  returnedForInvestigation,
  advanceApproved,
  stepDueSoon,
  stepOverdue,
  stepEscalated,
  advanceCompletionDueSoon,
  advanceCompletionOverdue,
  disbursementRecorded,
  paymentOverdue,
  paymentNeedsAttention,
  paymentsRevealLimitExceeded,
  referralCreated,
  referralOutcomeRecorded,
  donationPledged,
  referralRevealLimitExceeded,
  visitScheduled,
  visitRecorded,
  needFound,
  deteriorationAlert,
  followupCaseStatusChanged,
] as const;
