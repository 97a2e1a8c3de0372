import type { ApprovalApi } from '@jiuzhu/contracts';
import { requireAllowed } from '@jiuzhu/service-kit';
import { beijingDateOf, toDbDate } from '@jiuzhu/calendar';
import type { ApprovalContext } from '../context.ts';
import { loadRequest } from '../db/approval-requests.ts';
import { STEP_ROLES, type ChainStep } from '../domain/chain.ts';
import { alertView, approvalView } from '../views.ts';

export const queryProcedures = ({
  db,
  cases,
}: ApprovalContext): Pick<ApprovalApi, 'getApproval' | 'listMyQueue' | 'listOverdue' | 'listAlerts'> => ({
  async getApproval({ principal }, { caseId }) {
    // The superior agency's approvers read the cases below it (they may be put before them).
    await cases.authorize(principal, 'money.read', caseId);
    const request = await loadRequest(db, caseId);
    return approvalView(request, request.actions);
  },

  async listMyQueue({ principal }) {
    const rows = await db.approvalRequest.findMany({
      where: {
        status: 'in_progress',
        OR: [{ handlingOrgId: principal.org.id }, { handlingOrgParentId: principal.org.id }],
      },
      include: { actions: { orderBy: { actedAt: 'asc' } } },
      orderBy: { updatedAt: 'asc' },
    });
    return rows
      .filter((row) => {
        const step = (row.chain as unknown as ChainStep[])[row.currentStep ?? -1];
        return (
          step !== undefined &&
          step.orgId === principal.org.id &&
          STEP_ROLES[step.name].some((role) => principal.roles.includes(role))
        );
      })
      .map((row) => approvalView(row, row.actions));
  },

  async listOverdue({ principal }) {
    const approver = ['department_head', 'chief', 'committee_member', 'supervisor'] as const;
    if (!approver.some((role) => principal.roles.includes(role))) return [];
    const rows = await db.approvalRequest.findMany({
      where: {
        status: 'in_progress',
        stepDueOn: { lt: toDbDate(beijingDateOf(new Date())) },
        OR: [{ handlingOrgId: principal.org.id }, { handlingOrgParentId: principal.org.id }],
      },
      include: { actions: { orderBy: { actedAt: 'asc' } } },
      orderBy: { stepDueOn: 'asc' },
    });
    return rows
      .filter(
        (row) =>
          row.handlingOrgId === principal.org.id ||
          (row.chain as unknown as ChainStep[])[row.currentStep ?? -1]?.orgId === principal.org.id,
      )
      .map((row) => approvalView(row, row.actions));
  },

  async listAlerts({ principal }) {
    requireAllowed(principal, 'approval.alerts.read', { handlingOrgId: principal.org.id });
    const rows = await db.approvalAlert.findMany({
      where: {
        closedAt: null,
        OR: [{ addressedOrgId: principal.org.id }, { handlingOrgId: principal.org.id }],
      },
      orderBy: [{ dueOn: 'asc' }, { raisedAt: 'asc' }],
    });
    // Alerts addressed to another agency (an escalation to the parent) are visible to the handling agency's
    // approvers too; the parent agency sees only what is addressed to it, and only its addressed roles.
    return rows
      .filter(
        (row) =>
          row.handlingOrgId === principal.org.id ||
          row.addressedRoles.some((role) => principal.roles.includes(role as never)),
      )
      .map(alertView);
  },
});
