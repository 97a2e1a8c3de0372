import {
  advanceCompletionDueSoon,
  advanceCompletionOverdue,
  stepDueSoon,
  stepEscalated,
  stepOverdue,
  type ApprovalAlertKind,
  type ApprovalStepName,
  type EventDefinition,
} from '@jiuzhu/contracts';
import type { ServiceContext } from '@jiuzhu/service-kit';
import {
  addDays,
  beijingDateOf,
  beijingDeadlineDay,
  beijingEndOfDay,
  daysBetween,
  fromDbDate,
  toDbDate,
  workingDaysBetween,
  type CalendarDate,
} from '@jiuzhu/calendar';
import { STEP_ROLES, type ChainStep } from './domain/chain.ts';
import type { Db, Tx } from './database.ts';

export interface AlertSettings {
  /** Warn when this many working days (or fewer) are left before a step's deadline. */
  dueSoonWorkingDays: number;
  /** Escalate when a step is overdue by this many working days. */
  escalateAfterWorkingDays: number;
  /** Warn when this many calendar days (or fewer) are left to complete an advance's case. */
  advanceDueSoonDays: number;
}

export const ALERT_KIND_LABELS: Readonly<Record<ApprovalAlertKind, string>> = {
  step_due_soon: '审批临期',
  step_overdue: '审批超期',
  step_escalated: '超期督办',
  advance_due_soon: '先行救助临期',
  advance_overdue: '先行救助超期未结',
};

const SYSTEM_USER = 'system:approval-deadline-check';

type Deps = Pick<ServiceContext<Db, Tx>, 'db' | 'publish'>;

interface NewAlert<P> {
  key: string;
  kind: ApprovalAlertKind;
  caseId: string;
  handlingOrgId: string;
  requestId?: string;
  advanceId?: string;
  step?: string;
  level?: number;
  addressedOrgId: string;
  addressedRoles: string[];
  dueOn: CalendarDate;
  daysOver: number;
  event: EventDefinition<P>;
  payload: P;
}

/**
 * Raises an alert once: the unique key makes a concurrent or repeated insert a no-op, and the event is
 * published only with a new row, in the same transaction. `stillDue` re-checks, under a row lock, that the
 * thing alerted on has not been acted on meanwhile.
 */
async function raiseOnce<P>(
  { db, publish }: Deps,
  alert: NewAlert<P>,
  stillDue: (tx: Tx) => Promise<boolean>,
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    if (!(await stillDue(tx))) return false;
    const created = await tx.approvalAlert.createMany({
      data: {
        id: crypto.randomUUID(),
        alertKey: alert.key,
        kind: alert.kind,
        caseId: alert.caseId,
        handlingOrgId: alert.handlingOrgId,
        requestId: alert.requestId ?? null,
        advanceId: alert.advanceId ?? null,
        step: alert.step ?? null,
        level: alert.level ?? null,
        addressedOrgId: alert.addressedOrgId,
        addressedRoles: alert.addressedRoles,
        dueOn: toDbDate(alert.dueOn),
        daysOver: alert.daysOver,
      },
      skipDuplicates: true,
    });
    if (created.count !== 1) return false;
    await publish(tx, alert.event, {
      caseKey: alert.caseId,
      actor: { userId: SYSTEM_USER, orgId: alert.handlingOrgId },
      payload: alert.payload,
    });
    return true;
  });
}

/** The level above a step that failed to act: the agency's chief, then the parent agency's chief. */
function escalationTarget(
  step: ChainStep,
  handlingOrgParentId: string | null,
): { orgId: string; roles: string[] } {
  if (step.name === 'department_head') return { orgId: step.orgId, roles: ['chief'] };
  if (step.name === 'superior') return { orgId: step.orgId, roles: ['chief'] };
  return { orgId: handlingOrgParentId ?? step.orgId, roles: ['chief'] };
}

/** Due-soon, overdue and escalation alerts for approval steps in progress. Returns how many were raised. */
async function raiseStepAlerts(deps: Deps, today: CalendarDate, settings: AlertSettings): Promise<number> {
  const requests = await deps.db.approvalRequest.findMany({
    where: { status: 'in_progress', stepDueOn: { not: null }, currentStep: { not: null } },
    include: { actions: { orderBy: { actedAt: 'desc' }, take: 1 } },
  });
  let raised = 0;
  for (const request of requests) {
    const index = request.currentStep!;
    const step = (request.chain as unknown as ChainStep[])[index];
    const opener = request.actions[0];
    if (!step || !opener) continue;
    const dueOn = fromDbDate(request.stepDueOn!);
    // The action that opened the step identifies this occurrence of it (a case may pass a step again).
    const stepKey = `${request.id}:${index}:${opener.id}`;
    // A no-op update: it locks the row (as act does) and tells whether the step is still open.
    const stillDue = async (tx: Tx) =>
      (
        await tx.approvalRequest.updateMany({
          where: { id: request.id, status: 'in_progress', currentStep: index },
          data: { currentStep: index },
        })
      ).count === 1;
    const stepRoles = [...STEP_ROLES[step.name as ApprovalStepName]];
    const base = {
      caseId: request.caseId,
      handlingOrgId: request.handlingOrgId,
      requestId: request.id,
      step: step.name,
      level: index + 1,
      dueOn,
    };
    const stepPayload = (addressedOrgId: string, addressedRoles: string[], workingDaysOver: number) => ({
      ...base,
      addressedOrgId,
      addressedRoles,
      workingDaysOver,
    });

    if (today <= dueOn) {
      if (workingDaysBetween(today, dueOn) > settings.dueSoonWorkingDays) continue;
      const ok = await raiseOnce(
        deps,
        {
          ...base,
          key: `step_due_soon:${stepKey}`,
          kind: 'step_due_soon',
          addressedOrgId: step.orgId,
          addressedRoles: stepRoles,
          daysOver: 0,
          event: stepDueSoon,
          payload: stepPayload(step.orgId, stepRoles, 0),
        },
        stillDue,
      );
      if (ok) raised += 1;
      continue;
    }

    const over = workingDaysBetween(dueOn, today);
    if (
      await raiseOnce(
        deps,
        {
          ...base,
          key: `step_overdue:${stepKey}`,
          kind: 'step_overdue',
          addressedOrgId: step.orgId,
          addressedRoles: stepRoles,
          daysOver: over,
          event: stepOverdue,
          payload: stepPayload(step.orgId, stepRoles, over),
        },
        stillDue,
      )
    )
      raised += 1;
    if (over < settings.escalateAfterWorkingDays) continue;
    const target = escalationTarget(step, request.handlingOrgParentId);
    if (
      await raiseOnce(
        deps,
        {
          ...base,
          key: `step_escalated:${stepKey}`,
          kind: 'step_escalated',
          addressedOrgId: target.orgId,
          addressedRoles: target.roles,
          daysOver: over,
          event: stepEscalated,
          payload: {
            ...stepPayload(target.orgId, target.roles, over),
            stepOrgId: step.orgId,
            stepRoles,
          },
        },
        stillDue,
      )
    )
      raised += 1;
  }
  return raised;
}

/**
 * Advances (先行救助) whose case is not completed in time: a due-soon warning, then overdue. Both count Beijing
 * calendar days: due soon within `advanceDueSoonDays` days of the last day, overdue from the day after it.
 */
async function raiseAdvanceAlerts(deps: Deps, now: Date, settings: AlertSettings): Promise<number> {
  const today = beijingDateOf(now);
  const warnFrom = beijingEndOfDay(addDays(today, settings.advanceDueSoonDays));
  const advances = await deps.db.advance.findMany({
    where: { status: 'approved', completedAt: null, completeBy: { not: null, lte: warnFrom } },
  });
  let raised = 0;
  for (const advance of advances) {
    const completeBy = advance.completeBy!;
    const overdue = completeBy.getTime() <= now.getTime();
    const dueOn = beijingDeadlineDay(completeBy);
    const daysOver = overdue ? Math.max(0, daysBetween(dueOn, today) - 1) : 0;
    const kind = overdue ? 'advance_overdue' : 'advance_due_soon';
    const stillDue = async (tx: Tx) =>
      (
        await tx.advance.updateMany({
          where: { id: advance.id, completedAt: null },
          data: { completedAt: null },
        })
      ).count === 1;
    const payload = {
      caseId: advance.caseId,
      handlingOrgId: advance.handlingOrgId,
      advanceId: advance.id,
      completeBy: completeBy.toISOString(),
      daysOver,
    };
    const ok = await raiseOnce(
      deps,
      {
        key: `${kind}:${advance.id}`,
        kind,
        caseId: advance.caseId,
        handlingOrgId: advance.handlingOrgId,
        advanceId: advance.id,
        // The chief approved the advance and answers for its completion.
        addressedOrgId: advance.handlingOrgId,
        addressedRoles: ['chief'],
        dueOn,
        daysOver,
        event: overdue ? advanceCompletionOverdue : advanceCompletionDueSoon,
        payload,
      },
      stillDue,
    );
    if (ok) raised += 1;
  }
  return raised;
}

/** One run of the deadline check, as of `now`. Safe to run twice at once: each alert is raised once. */
export async function raiseApprovalAlerts(deps: Deps, now: Date, settings: AlertSettings): Promise<number> {
  const today = beijingDateOf(now);
  return (await raiseStepAlerts(deps, today, settings)) + (await raiseAdvanceAlerts(deps, now, settings));
}

/** Closes the open alerts of a request's step once it is acted on. */
export async function closeStepAlerts(tx: Tx, requestId: string, at: Date): Promise<void> {
  await tx.approvalAlert.updateMany({ where: { requestId, closedAt: null }, data: { closedAt: at } });
}

/** Closes an advance's open alerts once its case is decided. */
export async function closeAdvanceAlerts(tx: Tx, caseId: string, at: Date): Promise<void> {
  await tx.approvalAlert.updateMany({
    where: { caseId, advanceId: { not: null }, closedAt: null },
    data: { closedAt: at },
  });
}
