import {
  returnedForInvestigation,
  type ApprovalApi,
  type ApprovalStepName,
  type ChainConfig,
} from '@jiuzhu/contracts';
import { actorOf, notFound } from '@jiuzhu/service-kit';
import { addWorkingDays, beijingDateOf, toDbDate } from '@jiuzhu/calendar';
import { closeStepAlerts } from '../alerts.ts';
import type { ApprovalContext } from '../context.ts';
import { loadRequest } from '../db/approval-requests.ts';
import { chainConfigOf } from '../db/chain-config.ts';
import { numberingFacts } from '../decision-number.ts';
import { buildChain, STEP_LABELS, STEP_ROLES, type ChainStep } from '../domain/chain.ts';
import { conflict, forbidden, invalid } from '@jiuzhu/service-kit/domain-error';
import { approvalView } from '../views.ts';
import { issueDecision } from './issue-decision.ts';

/** The current step's last working day, counted from today in Beijing. */
const stepDueOn = (config: ChainConfig) =>
  toDbDate(addWorkingDays(beijingDateOf(new Date()), config.stepDeadlineWorkingDays));

export const stepProcedures = (ctx: ApprovalContext): Pick<ApprovalApi, 'submit' | 'act'> => {
  const { db, publish, cases } = ctx;
  return {
    async submit({ principal }, { caseId, joint, opinion }) {
      const opened = await cases.authorize(principal, 'approval.submit', caseId);
      const request = await db.approvalRequest.findUnique({ where: { caseId } });
      if (!request) throw notFound('待报请审批的案件');
      if (request.status !== 'awaiting_submission')
        throw conflict('该案件不在待报请审批状态，不能重复报请。');
      if (!request.eligible && !opinion) throw invalid('拟不予救助的，请填写承办人意见（理由）。');
      // The parent is the superior agency that approves large or joint cases; for cases opened before it was
      // recorded, the submitting caseworker's (a member of the handling agency) stands in.
      const parentId = opened.handlingOrgParentId ?? principal.org.parentId ?? null;
      const facts = {
        handlingOrgId: request.handlingOrgId,
        handlingOrgParentId: parentId,
        eligible: request.eligible,
        recommendedAmountFen: Number(request.recommendedAmountFen),
        capFen: Number(request.capFen),
        aboveCapException: request.aboveCapException,
        joint,
      };
      const config = await chainConfigOf(db, request.handlingOrgId);
      const chain = buildChain(facts, config);
      await db.$transaction(async (tx) => {
        const moved = await tx.approvalRequest.updateMany({
          where: { id: request.id, status: 'awaiting_submission' },
          data: {
            status: 'in_progress',
            handlingOrgParentId: parentId,
            handlingOrgName: principal.org.name,
            ...numberingFacts(principal),
            joint,
            opinion: opinion ?? null,
            chain: chain as unknown as object,
            currentStep: 0,
            stepDueOn: stepDueOn(config),
            updatedAt: new Date(),
          },
        });
        if (moved.count !== 1) throw conflict('该案件已被报请审批。');
        await tx.approvalAction.create({
          data: {
            id: crypto.randomUUID(),
            requestId: request.id,
            step: 'caseworker',
            action: 'submit',
            actorUserId: principal.userId,
            actorOrgId: principal.org.id,
            reasons: opinion ?? null,
          },
        });
      });
      const view = await loadRequest(db, caseId);
      return approvalView(view, view.actions);
    },

    async act({ principal }, { caseId, step, action, reasons }) {
      // Who is calling first: the handling agency's approvers, or the superior agency's; then the state.
      await cases.authorize(principal, 'approval.act', caseId);
      const notTheirs = () => forbidden(`您不是“${STEP_LABELS[step]}”环节的审批人。`);
      if (!STEP_ROLES[step].some((role) => principal.roles.includes(role))) throw notTheirs();
      const request = await db.approvalRequest.findUnique({ where: { caseId } });
      if (!request) throw notFound('审批事项');
      if (request.status !== 'in_progress' || request.currentStep === null)
        throw conflict('该案件当前不在审批中。');
      const chain = request.chain as unknown as ChainStep[];
      const claimed = chain.findIndex((s) => s.name === step);
      const claimedStep = chain[claimed];
      if (!claimedStep) throw invalid(`该案件的审批流程中没有“${STEP_LABELS[step]}”环节。`);
      if (claimedStep.orgId !== principal.org.id) throw notTheirs();
      if (claimed > request.currentStep) {
        const waiting = chain[request.currentStep]!.name as ApprovalStepName;
        throw conflict(`尚未轮到该环节：须先由${STEP_LABELS[waiting]}审批。`);
      }
      if (claimed < request.currentStep) throw conflict('该环节已审批完毕。');
      if ((action === 'reject' || action === 'return') && !reasons)
        throw invalid(
          action === 'reject' ? '不予批准的，请写明理由。' : '退回补充调查的，请写明需要查明的问题。',
        );

      const isLast = claimed === chain.length - 1;
      const config = await chainConfigOf(db, request.handlingOrgId);
      await db.$transaction(async (tx) => {
        const next =
          action === 'approve' && !isLast
            ? { status: 'in_progress', currentStep: claimed + 1, stepDueOn: stepDueOn(config) }
            : action === 'approve'
              ? { status: request.eligible ? 'approved' : 'refused', currentStep: null, stepDueOn: null }
              : action === 'reject'
                ? { status: 'refused', currentStep: null, stepDueOn: null }
                : { status: 'returned', currentStep: null, stepDueOn: null };
        const moved = await tx.approvalRequest.updateMany({
          where: { id: request.id, status: 'in_progress', currentStep: claimed },
          data: { ...next, updatedAt: new Date() },
        });
        if (moved.count !== 1) throw conflict('该环节已由他人处理，请刷新后重试。');
        await closeStepAlerts(tx, request.id, new Date());
        await tx.approvalAction.create({
          data: {
            id: crypto.randomUUID(),
            requestId: request.id,
            step,
            action,
            actorUserId: principal.userId,
            actorOrgId: principal.org.id,
            reasons: reasons ?? null,
          },
        });
        if (action === 'return') {
          await publish(tx, returnedForInvestigation, {
            caseKey: caseId,
            actor: actorOf(principal),
            payload: {
              caseId,
              handlingOrgId: request.handlingOrgId,
              requestId: request.id,
              step,
              question: reasons!,
            },
          });
        } else if (action === 'reject') {
          await issueDecision(ctx, tx, request, 'refused', reasons!, principal);
        } else if (isLast) {
          await issueDecision(
            ctx,
            tx,
            request,
            request.eligible ? 'approved' : 'refused',
            request.opinion,
            principal,
          );
        }
      });
      const view = await loadRequest(db, caseId);
      return approvalView(view, view.actions);
    },
  };
};
