import { TRPCError } from '@trpc/server';
import {
  advanceApproved,
  approvalRouter,
  decisionIssued,
  returnedForInvestigation,
  verificationCompleted,
  type ApprovalStepName,
  type ChainConfig,
  type Principal,
} from '@jiuzhu/contracts';
import { on } from '@jiuzhu/bus';
import {
  actorOf,
  defineService,
  loadConfig,
  notFound,
  requireAllowed,
  type CaseAccess,
} from '@jiuzhu/service-kit';
import { z } from 'zod';
import { buildChain, DEFAULT_CHAIN_CONFIG, STEP_LABELS, STEP_ROLES, type ChainStep } from './chain.ts';
import { openDatabase, type Db, type Tx } from './database.ts';
import type { ApprovalRequest } from './generated/prisma/client.ts';
import { renderDecisionDocument } from './decision-document.ts';
import {
  createNumberedDecision,
  DecisionNumberError,
  numberingFacts,
  sharedPatternProblem,
} from './decision-number.ts';
import { addDays, addWorkingDays, beijingDateOf, beijingEndOfDay, toDbDate } from '@jiuzhu/calendar';
import { advanceView, alertView, approvalView, decisionView, reviewView } from './views.ts';
import { closeAdvanceAlerts, closeStepAlerts, raiseApprovalAlerts } from './alerts.ts';

const alertSettings = z.object({
  /** How often steps and advances are checked against their deadlines (each alert is raised once). */
  APPROVAL_ALERT_CHECK_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(15 * 60_000),
  /** Warn when this many working days are left at a step. */
  APPROVAL_DUE_SOON_WORKING_DAYS: z.coerce.number().int().min(0).default(1),
  /** Escalate to the level above when a step is overdue by this many working days. */
  APPROVAL_ESCALATE_AFTER_WORKING_DAYS: z.coerce.number().int().min(1).default(2),
  /** Warn when this many days are left to complete an advance's case. */
  APPROVAL_ADVANCE_DUE_SOON_DAYS: z.coerce.number().int().min(0).default(5),
});

export const loadAlertSettings = (env: NodeJS.ProcessEnv) => {
  const settings = loadConfig('approval', alertSettings, env);
  return {
    everyMs: settings.APPROVAL_ALERT_CHECK_INTERVAL_MS,
    dueSoonWorkingDays: settings.APPROVAL_DUE_SOON_WORKING_DAYS,
    escalateAfterWorkingDays: settings.APPROVAL_ESCALATE_AFTER_WORKING_DAYS,
    advanceDueSoonDays: settings.APPROVAL_ADVANCE_DUE_SOON_DAYS,
  };
};

/** The current step's last working day, counted from today in Beijing. */
const stepDueOn = (config: ChainConfig) =>
  toDbDate(addWorkingDays(beijingDateOf(new Date()), config.stepDeadlineWorkingDays));

const conflict = (message: string) => new TRPCError({ code: 'CONFLICT', message });
const badRequest = (message: string) => new TRPCError({ code: 'BAD_REQUEST', message });

/** The chain the agency saved, or null when it never saved one. */
async function storedChainConfig(db: Db | Tx, orgId: string): Promise<ChainConfig | null> {
  const row = await db.chainConfig.findUnique({ where: { orgId } });
  if (!row) return null;
  return {
    finalApprover: row.finalApprover as ChainConfig['finalApprover'],
    superiorThresholdFen: Number(row.superiorThresholdFen),
    numberPattern: row.numberPattern,
    advanceCapFen: Number(row.advanceCapFen),
    advanceCompletionDays: row.advanceCompletionDays,
    stepDeadlineWorkingDays: row.stepDeadlineDays,
  };
}

/** The case's number (案件编号), if approval heard of its opening. */
async function caseNumberOf(cases: CaseAccess, tx: Tx, caseId: string): Promise<string | undefined> {
  return (await cases.find(caseId, tx))?.caseNumber ?? undefined;
}

/** The chain the agency's cases follow. */
async function chainConfigOf(db: Db | Tx, orgId: string): Promise<ChainConfig> {
  return (await storedChainConfig(db, orgId)) ?? DEFAULT_CHAIN_CONFIG;
}

/**
 * Approval (报请审批): caseworker submits → department head → chief or committee → (large amounts, exceptions
 * above the cap, joint assistance) the superior agency. Each step approves, rejects with reasons or returns
 * the case for more investigation; the last approval issues a numbered decision.
 */
export const approvalService = defineService<Db, Tx>({
  name: 'approval',
  defaultPort: 4103,
  migrationsDir: new URL('../prisma/migrations/', import.meta.url),
  openDatabase,
  router: ({ db, publish, cases }) => {
    async function loadView(caseId: string) {
      const request = await db.approvalRequest.findUnique({
        where: { caseId },
        include: { actions: { orderBy: { actedAt: 'asc' } } },
      });
      if (!request) throw notFound('审批事项');
      return request;
    }

    async function issueDecision(
      tx: Tx,
      request: ApprovalRequest,
      outcome: 'approved' | 'refused',
      reasons: string | null,
      principal: Principal,
    ) {
      const config = await chainConfigOf(tx, request.handlingOrgId);
      const issuedAt = new Date();
      const approvedAmountFen = outcome === 'approved' ? Number(request.recommendedAmountFen) : 0;
      const decision = await createNumberedDecision(tx, request, principal, config.numberPattern, {
        id: crypto.randomUUID(),
        caseId: request.caseId,
        handlingOrgId: request.handlingOrgId,
        outcome,
        approvedAmountFen: BigInt(approvedAmountFen),
        decidedAt: issuedAt,
        reasons,
        requestId: request.id,
      }).catch((error: unknown) => {
        throw error instanceof DecisionNumberError ? conflict(error.message) : error;
      });
      await tx.advance.updateMany({
        where: { caseId: request.caseId, status: 'approved', completedAt: null },
        data: { completedAt: issuedAt },
      });
      await closeAdvanceAlerts(tx, request.caseId, issuedAt);
      await publish(tx, decisionIssued, {
        caseKey: request.caseId,
        actor: actorOf(principal),
        payload: {
          caseId: request.caseId,
          handlingOrgId: request.handlingOrgId,
          decisionId: decision.id,
          outcome,
          approvedAmountFen,
          decisionNumber: decision.decisionNumber ?? undefined,
          issuedAt: issuedAt.toISOString(),
          // Stored at submission; payments needs it to let the parent's supervisors read.
          handlingOrgParentId: request.handlingOrgParentId ?? undefined,
          // Payments shows it in the ledger; unknown for cases opened before approval learnt openings.
          caseNumber: await caseNumberOf(cases, tx, request.caseId),
        },
      });
    }

    return approvalRouter({
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

      async getApproval({ principal }, { caseId }) {
        // The superior agency's approvers read the cases below it (they may be put before them).
        await cases.authorize(principal, 'money.read', caseId);
        const request = await loadView(caseId);
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

      async submit({ principal }, { caseId, joint, opinion }) {
        const opened = await cases.authorize(principal, 'approval.submit', caseId);
        const request = await db.approvalRequest.findUnique({ where: { caseId } });
        if (!request) throw notFound('待报请审批的案件');
        if (request.status !== 'awaiting_submission')
          throw conflict('该案件不在待报请审批状态，不能重复报请。');
        if (!request.eligible && !opinion) throw badRequest('拟不予救助的，请填写承办人意见（理由）。');
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
        let chain: ChainStep[];
        const config = await chainConfigOf(db, request.handlingOrgId);
        try {
          chain = buildChain(facts, config);
        } catch (error) {
          throw conflict((error as Error).message);
        }
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
        const view = await loadView(caseId);
        return approvalView(view, view.actions);
      },

      async act({ principal }, { caseId, step, action, reasons }) {
        // Who is calling first: the handling agency's approvers, or the superior agency's; then the state.
        await cases.authorize(principal, 'approval.act', caseId);
        const notTheirs = () =>
          new TRPCError({ code: 'FORBIDDEN', message: `您不是“${STEP_LABELS[step]}”环节的审批人。` });
        if (!STEP_ROLES[step].some((role) => principal.roles.includes(role))) throw notTheirs();
        const request = await db.approvalRequest.findUnique({ where: { caseId } });
        if (!request) throw notFound('审批事项');
        if (request.status !== 'in_progress' || request.currentStep === null)
          throw conflict('该案件当前不在审批中。');
        const chain = request.chain as unknown as ChainStep[];
        const claimed = chain.findIndex((s) => s.name === step);
        const claimedStep = chain[claimed];
        if (!claimedStep) throw badRequest(`该案件的审批流程中没有“${STEP_LABELS[step]}”环节。`);
        if (claimedStep.orgId !== principal.org.id) throw notTheirs();
        if (claimed > request.currentStep) {
          const waiting = chain[request.currentStep]!.name as ApprovalStepName;
          throw conflict(`尚未轮到该环节：须先由${STEP_LABELS[waiting]}审批。`);
        }
        if (claimed < request.currentStep) throw conflict('该环节已审批完毕。');
        if ((action === 'reject' || action === 'return') && !reasons)
          throw badRequest(
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
            await issueDecision(tx, request, 'refused', reasons!, principal);
          } else if (isLast) {
            await issueDecision(
              tx,
              request,
              request.eligible ? 'approved' : 'refused',
              request.opinion,
              principal,
            );
          }
        });
        const view = await loadView(caseId);
        return approvalView(view, view.actions);
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

      async requestAdvance({ principal }, { caseId, amountFen, reason }) {
        // Asked before the case is verified, so the case is known from its opening (intake.case-opened).
        const opened = await cases.authorize(principal, 'approval.submit', caseId);
        if (!opened.urgent)
          throw new TRPCError({
            code: 'PRECONDITION_FAILED',
            message: '先行救助仅适用于情况紧急的案件；该案件立案时未标记为情况紧急。',
          });
        const { handlingOrgId } = opened;
        const config = await chainConfigOf(db, handlingOrgId);
        if (amountFen > config.advanceCapFen)
          throw badRequest(`先行救助金额不得超过 ${(config.advanceCapFen / 100).toFixed(2)} 元。`);
        if (await db.decision.findFirst({ where: { caseId }, orderBy: { decidedAt: 'desc' } }))
          throw conflict('该案件已作出救助决定，无需先行救助。');
        const created = await db.advance.createMany({
          data: {
            id: crypto.randomUUID(),
            caseId,
            handlingOrgId,
            amountFen: BigInt(amountFen),
            reason,
            status: 'requested',
            requestedBy: principal.userId,
          },
          skipDuplicates: true,
        });
        if (created.count !== 1) throw conflict('该案件已申请先行救助。');
        return advanceView(await db.advance.findUniqueOrThrow({ where: { caseId } }));
      },

      async decideAdvance({ principal }, { caseId, approve, reasons }) {
        const opened = await cases.authorize(principal, 'advance.approve', caseId);
        const advance = await db.advance.findUnique({ where: { caseId } });
        if (!advance) throw notFound('先行救助申请');
        if (!approve && !reasons) throw badRequest('不予批准先行救助的，请写明理由。');
        const config = await chainConfigOf(db, advance.handlingOrgId);
        const decidedAt = new Date();
        // The case must be completed by the end of the last of the period's calendar days in Beijing.
        const completeBy = beijingEndOfDay(addDays(beijingDateOf(decidedAt), config.advanceCompletionDays));
        await db.$transaction(async (tx) => {
          const moved = await tx.advance.updateMany({
            where: { id: advance.id, status: 'requested' },
            data: {
              status: approve ? 'approved' : 'rejected',
              decidedBy: principal.userId,
              decidedAt,
              decisionReasons: reasons ?? null,
              completeBy: approve ? completeBy : null,
            },
          });
          if (moved.count !== 1) throw conflict('该先行救助申请已处理。');
          if (approve)
            await publish(tx, advanceApproved, {
              caseKey: caseId,
              actor: actorOf(principal),
              payload: {
                caseId,
                handlingOrgId: advance.handlingOrgId,
                advanceId: advance.id,
                amountFen: Number(advance.amountFen),
                completeBy: completeBy.toISOString(),
                // Payments needs it to let the parent's supervisors read.
                handlingOrgParentId: opened.handlingOrgParentId ?? principal.org.parentId ?? undefined,
                caseNumber: opened.caseNumber ?? undefined,
              },
            });
        });
        return advanceView(await db.advance.findUniqueOrThrow({ where: { caseId } }));
      },

      async listAdvances({ principal }) {
        requireAllowed(principal, 'money.read', { handlingOrgId: principal.org.id });
        const rows = await db.advance.findMany({
          where: { handlingOrgId: principal.org.id },
          orderBy: { completeBy: 'asc' },
        });
        return rows.map((row) => advanceView(row));
      },

      async getCaseAdvance({ principal }, { caseId }) {
        const opened = await cases.authorize(principal, 'money.read', caseId);
        const [config, advance, decision] = await Promise.all([
          chainConfigOf(db, opened.handlingOrgId),
          db.advance.findUnique({ where: { caseId } }),
          db.decision.findFirst({ where: { caseId }, select: { id: true } }),
        ]);
        return {
          caseId,
          urgent: opened.urgent,
          decided: decision !== null,
          capFen: config.advanceCapFen,
          completionDays: config.advanceCompletionDays,
          advance: advance ? advanceView(advance) : null,
        };
      },

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
        const notTheirs = new TRPCError({
          code: 'FORBIDDEN',
          message: '复查由上级机构的院长/检察长或司法救助委员会决定。',
        });
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

      async configureChain({ principal }, { orgId, ...config }) {
        requireAllowed(principal, 'approval.configure', { handlingOrgId: orgId });
        const shared = await sharedPatternProblem(db, orgId, config.numberPattern);
        if (shared) throw conflict(shared);
        const data = {
          finalApprover: config.finalApprover,
          superiorThresholdFen: BigInt(config.superiorThresholdFen),
          numberPattern: config.numberPattern,
          advanceCapFen: BigInt(config.advanceCapFen),
          advanceCompletionDays: config.advanceCompletionDays,
          stepDeadlineDays: config.stepDeadlineWorkingDays,
        };
        await db.chainConfig.upsert({ where: { orgId }, create: { orgId, ...data }, update: data });
        return config;
      },

      async getChainConfig({ principal }, { orgId }) {
        // Read with the same rule as saving: the administrator of that agency.
        requireAllowed(principal, 'approval.configure', { handlingOrgId: orgId });
        const stored = await storedChainConfig(db, orgId);
        return stored
          ? { orgId, ...stored, source: 'stored' as const }
          : { orgId, ...DEFAULT_CHAIN_CONFIG, source: 'default' as const };
      },
    });
  },
  jobs: (ctx) => {
    const settings = loadAlertSettings(ctx.env);
    return [
      {
        name: 'deadline-alerts',
        everyMs: settings.everyMs,
        run: async () => {
          const raised = await raiseApprovalAlerts(ctx, new Date(), settings);
          if (raised > 0) ctx.logger.info({ raised }, 'approval deadline alerts raised');
        },
      },
    ];
  },
  // The case registry (service-kit) records intake.case-opened: advances need the case before it is verified.
  handlers: ({ logger }) => [
    on(verificationCompleted, async (event, tx) => {
      const { caseId, handlingOrgId, eligible, recommendedAmountFen, capFen } = event.payload;
      const facts = {
        eligible,
        recommendedAmountFen: BigInt(eligible ? recommendedAmountFen : 0),
        capFen: BigInt(capFen),
        aboveCapException: event.payload.aboveCapException ?? false,
        reportId: event.payload.reportId ?? null,
      };
      const existing = await tx.approvalRequest.findUnique({ where: { caseId } });
      if (!existing) {
        await tx.approvalRequest.create({
          data: { id: crypto.randomUUID(), caseId, handlingOrgId, status: 'awaiting_submission', ...facts },
        });
        return;
      }
      // A case returned for more investigation comes back with new findings; anything else is a repeat.
      if (existing.status !== 'returned' && existing.status !== 'awaiting_submission') {
        logger.warn({ caseId, status: existing.status }, 'verification ignored: approval already under way');
        return;
      }
      await tx.approvalRequest.update({
        where: { id: existing.id },
        data: {
          ...facts,
          status: 'awaiting_submission',
          chain: [],
          currentStep: null,
          updatedAt: new Date(),
        },
      });
    }),
  ],
});
