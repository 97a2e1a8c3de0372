import type { ApprovalApi } from '@jiuzhu/contracts';
import { notFound } from '@jiuzhu/service-kit';
import type { ApprovalContext } from '../context.ts';
import { STEP_ROLES } from '../domain/chain.ts';
import { conflict, forbidden } from '@jiuzhu/service-kit/domain-error';
import { reviewView } from '../views.ts';

export const reviewProcedures = ({
  db,
  cases,
}: ApprovalContext): Pick<ApprovalApi, 'requestReview' | 'decideReview' | 'listReviewQueue'> => ({
  async requestReview({ principal }, { caseId, grounds }) {
    const opened = await cases.authorize(principal, 'approval.submit', caseId);
    const decision = await db.decision.findFirst({ where: { caseId }, orderBy: { decidedAt: 'desc' } });
    if (!decision) throw notFound('救助决定');
    if (decision.outcome !== 'refused') throw conflict('只有不予救助的决定可以申请复查。');
    const request = await db.approvalRequest.findUnique({ where: { caseId } });
    const reviewingOrgId =
      request?.handlingOrgParentId ?? opened.handlingOrgParentId ?? principal.org.parentId;
    if (!reviewingOrgId) throw conflict('无法确定上级机构，不能移送复查。');
    const created = await db.refusalReview.createMany({
      data: {
        id: crypto.randomUUID(),
        caseId,
        decisionId: decision.id,
        handlingOrgId: decision.handlingOrgId,
        reviewingOrgId,
        grounds,
        status: 'pending',
        requestedBy: principal.userId,
      },
      skipDuplicates: true,
    });
    if (created.count !== 1) throw conflict('该决定已申请复查。');
    return reviewView(await db.refusalReview.findUniqueOrThrow({ where: { caseId } }));
  },

  async decideReview({ principal }, { caseId, outcome, reasons }) {
    await cases.authorize(principal, 'approval.act', caseId);
    const notTheirs = forbidden('复查由上级机构的院长/检察长或司法救助委员会决定。');
    if (!STEP_ROLES.superior.some((role) => principal.roles.includes(role))) throw notTheirs;
    const review = await db.refusalReview.findUnique({ where: { caseId } });
    if (!review) throw notFound('复查申请');
    if (review.reviewingOrgId !== principal.org.id) throw notTheirs;
    await db.$transaction(async (tx) => {
      const moved = await tx.refusalReview.updateMany({
        where: { id: review.id, status: 'pending' },
        data: { status: outcome, reasons, decidedBy: principal.userId, decidedAt: new Date() },
      });
      if (moved.count !== 1) throw conflict('该复查申请已处理。');
      if (outcome !== 'overturned') return;
      // Overturned: the case goes back to the caseworker to be submitted again; the refusal stays on record.
      const request = await tx.approvalRequest.findUnique({ where: { caseId } });
      if (!request) return;
      await tx.approvalRequest.update({
        where: { id: request.id },
        data: {
          status: 'awaiting_submission',
          chain: [],
          currentStep: null,
          stepDueOn: null,
          updatedAt: new Date(),
        },
      });
      await tx.approvalAction.create({
        data: {
          id: crypto.randomUUID(),
          requestId: request.id,
          step: 'superior',
          action: 'reopen',
          actorUserId: principal.userId,
          actorOrgId: principal.org.id,
          reasons,
        },
      });
    });
    return reviewView(await db.refusalReview.findUniqueOrThrow({ where: { caseId } }));
  },

  async listReviewQueue({ principal }) {
    if (!STEP_ROLES.superior.some((role) => principal.roles.includes(role))) return [];
    const rows = await db.refusalReview.findMany({
      where: { reviewingOrgId: principal.org.id, status: 'pending' },
      orderBy: { requestedAt: 'asc' },
    });
    return rows.map(reviewView);
  },
});
