import type { ApprovalApi, ApprovalStepName } from '@jiuzhu/contracts';
import { notFound } from '@jiuzhu/service-kit';
import { toDbDate } from '@jiuzhu/calendar';
import type { ApprovalContext } from '../context.ts';
import { renderDecisionDocument } from '../decision-document.ts';
import { STEP_LABELS } from '../domain/chain.ts';
import { decisionView } from '../views.ts';

export const decisionProcedures = ({
  db,
  cases,
}: ApprovalContext): Pick<ApprovalApi, 'getDecision' | 'getDecisionDocument' | 'recordService'> => ({
  async getDecision({ principal }, { caseId }) {
    await cases.authorize(principal, 'money.read', caseId);
    const row = await db.decision.findFirst({
      where: { caseId },
      include: { service: true },
      orderBy: { decidedAt: 'desc' },
    });
    if (!row) throw notFound('救助决定');
    return decisionView(row);
  },

  async getDecisionDocument({ principal }, { caseId }) {
    await cases.authorize(principal, 'money.read', caseId);
    const row = await db.decision.findFirst({ where: { caseId }, orderBy: { decidedAt: 'desc' } });
    if (!row) throw notFound('救助决定');
    const request = await db.approvalRequest.findUnique({
      where: { caseId },
      include: { actions: { orderBy: { actedAt: 'asc' } } },
    });
    const lastSubmission = request?.actions.findLastIndex((a) => a.action === 'submit') ?? -1;
    const pdf = await renderDecisionDocument({
      orgName: request?.handlingOrgName ?? row.handlingOrgId,
      decisionNumber: row.decisionNumber ?? '',
      outcome: row.outcome as 'approved' | 'refused',
      caseId,
      approvedAmountFen: Number(row.approvedAmountFen),
      reasons: row.reasons,
      issuedAt: row.decidedAt,
      approvals: (request?.actions ?? [])
        .slice(lastSubmission + 1)
        .filter((a) => a.action === 'approve' || a.action === 'reject')
        .map((a) => ({
          step: `${STEP_LABELS[a.step as ApprovalStepName]}${a.action === 'approve' ? '审批同意' : '不予批准'}`,
          actedAt: a.actedAt,
        })),
    });
    return {
      fileName: `${row.decisionNumber ?? row.id}.pdf`,
      contentType: 'application/pdf' as const,
      contentBase64: pdf.toString('base64'),
    };
  },

  async recordService({ principal }, { caseId, method, servedOn, recipient }) {
    await cases.authorize(principal, 'decision.serve', caseId);
    const decision = await db.decision.findFirst({ where: { caseId }, orderBy: { decidedAt: 'desc' } });
    if (!decision) throw notFound('救助决定');
    await db.decisionService.upsert({
      where: { decisionId: decision.id },
      create: {
        decisionId: decision.id,
        method,
        servedOn: toDbDate(servedOn),
        recipient,
        recordedBy: principal.userId,
      },
      update: {
        method,
        servedOn: toDbDate(servedOn),
        recipient,
        recordedBy: principal.userId,
      },
    });
    const row = await db.decision.findUniqueOrThrow({
      where: { id: decision.id },
      include: { service: true },
    });
    return decisionView(row);
  },
});
