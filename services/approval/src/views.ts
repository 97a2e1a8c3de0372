import type {
  AdvanceView,
  ApprovalAlertKind,
  ApprovalAlertView,
  ApprovalStepName,
  ApprovalView,
  DecisionView,
  ReviewView,
} from '@jiuzhu/contracts';
import type {
  Advance,
  ApprovalAlert,
  ApprovalAction,
  ApprovalRequest,
  Decision,
  DecisionService,
  RefusalReview,
} from './generated/prisma/client.ts';
import { STEP_LABELS, type ChainStep } from './domain/chain.ts';
import { ALERT_KIND_LABELS } from './alerts.ts';
import { beijingDateOf } from '@jiuzhu/calendar';

export function approvalView(
  request: ApprovalRequest,
  actions: ApprovalAction[],
  now = new Date(),
): ApprovalView {
  const stepDueOn = request.stepDueOn?.toISOString().slice(0, 10) ?? null;
  return {
    requestId: request.id,
    caseId: request.caseId,
    handlingOrgId: request.handlingOrgId,
    status: request.status as ApprovalView['status'],
    eligible: request.eligible,
    recommendedAmountFen: Number(request.recommendedAmountFen),
    capFen: Number(request.capFen),
    aboveCapException: request.aboveCapException,
    joint: request.joint,
    chain: request.chain as unknown as ChainStep[],
    currentStep: request.currentStep,
    stepDueOn,
    overdue: request.status === 'in_progress' && stepDueOn !== null && stepDueOn < beijingDateOf(now),
    history: actions.map((a) => ({
      step: a.step,
      action: a.action as ApprovalView['history'][number]['action'],
      actorUserId: a.actorUserId,
      actorOrgId: a.actorOrgId,
      reasons: a.reasons,
      actedAt: a.actedAt.toISOString(),
    })),
  };
}

export function decisionView(row: Decision & { service: DecisionService | null }): DecisionView {
  return {
    decisionId: row.id,
    caseId: row.caseId,
    handlingOrgId: row.handlingOrgId,
    outcome: row.outcome as DecisionView['outcome'],
    approvedAmountFen: Number(row.approvedAmountFen),
    decidedAt: row.decidedAt.toISOString(),
    decisionNumber: row.decisionNumber ?? '',
    reasons: row.reasons,
    service: row.service
      ? {
          method: row.service.method as 'in_person' | 'post' | 'electronic',
          servedOn: row.service.servedOn.toISOString().slice(0, 10),
          recipient: row.service.recipient,
        }
      : null,
  };
}

export function advanceView(row: Advance, now = new Date()): AdvanceView {
  return {
    advanceId: row.id,
    caseId: row.caseId,
    handlingOrgId: row.handlingOrgId,
    amountFen: Number(row.amountFen),
    reason: row.reason,
    status: row.status as AdvanceView['status'],
    requestedAt: row.requestedAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionReasons: row.decisionReasons,
    completeBy: row.completeBy?.toISOString() ?? null,
    completedAt: row.completedAt?.toISOString() ?? null,
    overdue: row.status === 'approved' && !row.completedAt && row.completeBy !== null && row.completeBy < now,
  };
}

export function reviewView(row: RefusalReview): ReviewView {
  return {
    reviewId: row.id,
    caseId: row.caseId,
    handlingOrgId: row.handlingOrgId,
    reviewingOrgId: row.reviewingOrgId,
    grounds: row.grounds,
    status: row.status as ReviewView['status'],
    reasons: row.reasons,
    requestedAt: row.requestedAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
  };
}

export function alertView(row: ApprovalAlert): ApprovalAlertView {
  const kind = row.kind as ApprovalAlertKind;
  const step = row.step as ApprovalStepName | null;
  return {
    alertId: row.id,
    kind,
    kindLabel: ALERT_KIND_LABELS[kind],
    caseId: row.caseId,
    handlingOrgId: row.handlingOrgId,
    step,
    stepLabel: step ? STEP_LABELS[step] : null,
    level: row.level,
    addressedOrgId: row.addressedOrgId,
    addressedRoles: row.addressedRoles,
    dueOn: row.dueOn.toISOString().slice(0, 10),
    daysOver: row.daysOver,
    raisedAt: row.raisedAt.toISOString(),
  };
}
