import { createHash } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import {
  TASK_KIND_LABELS,
  verificationCompleted,
  type AttachmentView,
  type EligibilityEvaluation,
  type FindingView,
  type InvestigationApi,
  type InvestigationCaseSummary,
  type Principal,
  type RecommendationView,
  type ReferralProgramme,
  type TaskFacts,
  type TaskKind,
  type TaskView,
} from '@jiuzhu/contracts';
import { actorOf, caseRefusal, notFound, requireAllowed, type ServiceContext } from '@jiuzhu/service-kit';
import { computeAmount } from './amount.ts';
import { attachmentProblem, type AttachmentStore } from './attachment-store.ts';
import type { Db, Tx } from './database.ts';
import { evaluateEligibility, JudgementError, openRuleIds, type Judgement } from './eligibility.ts';
import { latestFacts, type CaseFacts } from './facts.ts';
import { yuan } from './money.ts';
import { renderReviewReport } from './report.ts';
import {
  applicableTable,
  capOf,
  currentYearInChina,
  fromRow,
  regionWithin,
  toView as ruleTableView,
} from './rule-tables.ts';
import type { Attachment, Finding, InvestigationTask, Recommendation } from './generated/prisma/client.ts';

const badRequest = (message: string) => new TRPCError({ code: 'BAD_REQUEST', message });
const conflict = (message: string) => new TRPCError({ code: 'CONFLICT', message });

const CASE_DETAIL = {
  tasks: { include: { attachments: { orderBy: { uploadedAt: 'asc' } } }, orderBy: { createdAt: 'asc' } },
  attachments: { where: { taskId: null }, orderBy: { uploadedAt: 'asc' } },
  findings: { orderBy: { recordedAt: 'desc' }, take: 1 },
  recommendations: { orderBy: { recommendedAt: 'desc' }, take: 1 },
} as const;

function attachmentView(row: Attachment): AttachmentView {
  return {
    attachmentId: row.id,
    taskId: row.taskId,
    fileName: row.fileName,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    uploadedAt: row.uploadedAt.toISOString(),
  };
}

function taskView(row: InvestigationTask & { attachments: Attachment[] }): TaskView {
  return {
    taskId: row.id,
    kind: row.kind as TaskKind,
    status: row.status as TaskView['status'],
    plannedFor: row.plannedFor,
    note: row.note,
    facts: (row.facts as TaskFacts | null) ?? null,
    recordedAt: row.recordedAt?.toISOString() ?? null,
    attachments: row.attachments.map(attachmentView),
  };
}

function findingView(row: Finding): FindingView {
  return {
    eligible: row.eligible,
    reasons: row.reasons,
    evaluation: row.evaluation as EligibilityEvaluation,
    referral:
      row.referralProgramme === null
        ? null
        : { programme: row.referralProgramme as ReferralProgramme, reason: row.referralReason ?? '' },
    recordedAt: row.recordedAt.toISOString(),
  };
}

function recommendationView(row: Recommendation): RecommendationView {
  return {
    recommendationId: row.id,
    recommendedAmountFen: Number(row.recommendedAmountFen),
    computedAmountFen: Number(row.computedAmountFen),
    capFen: Number(row.capFen),
    aboveCapException: row.aboveCapException,
    tableVersion: { region: row.tableRegion, year: row.tableYear, version: row.tableVersion },
    applicantFault: row.applicantFault as RecommendationView['applicantFault'],
    adjustmentReason: row.adjustmentReason,
    explanation: row.explanation as string[],
    recommendedAt: row.recommendedAt.toISOString(),
  };
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'P2002';
}

export function createInvestigationApi(
  { db, publish, logger, cases }: ServiceContext<Db, Tx>,
  store: AttachmentStore,
): InvestigationApi {
  /**
   * The case, after checking that the principal may perform `action` on it: its facts and proof are read with
   * `case.facts.read`, recorded with `investigation.record` (only while it is being investigated).
   */
  async function caseFor(
    principal: Principal,
    action: 'case.facts.read' | 'investigation.record',
    caseId: string,
  ) {
    const record = await cases.authorize(principal, action, caseId);
    const row = await db.investigationCase.findUnique({ where: { caseId } });
    if (!row) throw notFound('调查案件');
    if (action === 'investigation.record' && row.status !== 'investigating')
      throw conflict('该案件已提交审批，不能再修改调查核实记录');
    return { ...row, region: record.handlingRegion };
  }

  async function detailOf(caseId: string) {
    return db.investigationCase.findUniqueOrThrow({ where: { caseId }, include: CASE_DETAIL });
  }

  async function factsOf(caseId: string): Promise<CaseFacts> {
    return latestFacts(await db.investigationTask.findMany({ where: { caseId } }));
  }

  /** Evaluated against the rule table of the case's region (the caller's, for cases opened before it was known). */
  async function evaluate(
    principal: Principal,
    region: string | null,
    facts: CaseFacts,
    judgements: readonly Judgement[],
  ) {
    const table = await applicableTable(db, region ?? principal.org.region, currentYearInChina());
    try {
      return evaluateEligibility(facts, judgements, table?.minimumLivingStandardFen ?? null);
    } catch (error) {
      if (error instanceof JudgementError) throw badRequest(error.message);
      throw error;
    }
  }

  async function tableFor(principal: Principal) {
    const table = await applicableTable(db, principal.org.region, currentYearInChina());
    if (!table) throw badRequest(`本地区（${principal.org.region}）尚无救助金额标准，请联系系统管理员发布`);
    return table;
  }

  return {
    async listCases({ principal }) {
      requireAllowed(principal, 'case.read', { handlingOrgId: principal.org.id });
      const rows = await db.investigationCase.findMany({
        where: { handlingOrgId: principal.org.id },
        include: { tasks: { select: { status: true } } },
        orderBy: [{ urgent: 'desc' }, { openedAt: 'asc' }],
      });
      return rows.map((row): InvestigationCaseSummary => ({
        caseId: row.caseId,
        caseNumber: row.caseNumber,
        handlingOrgId: row.handlingOrgId,
        urgent: row.urgent,
        requestedAmountFen: Number(row.requestedAmountFen),
        status: row.status as InvestigationCaseSummary['status'],
        openedAt: row.openedAt.toISOString(),
        tasksDone: row.tasks.filter((task) => task.status === 'done').length,
        tasksPlanned: row.tasks.filter((task) => task.status === 'planned').length,
      }));
    },

    async getCase({ principal }, { caseId }) {
      const { region } = await caseFor(principal, 'case.facts.read', caseId);
      const row = await detailOf(caseId);
      const tasks = row.tasks.map(taskView);
      const finding = row.findings[0];
      const recommendation = row.recommendations[0];
      return {
        caseId: row.caseId,
        caseNumber: row.caseNumber,
        handlingOrgId: row.handlingOrgId,
        urgent: row.urgent,
        requestedAmountFen: Number(row.requestedAmountFen),
        status: row.status as InvestigationCaseSummary['status'],
        openedAt: row.openedAt.toISOString(),
        tasksDone: tasks.filter((task) => task.status === 'done').length,
        tasksPlanned: tasks.filter((task) => task.status === 'planned').length,
        tasks,
        attachments: row.attachments.map(attachmentView),
        evaluation: await evaluate(principal, region, latestFacts(row.tasks), []),
        finding: finding ? findingView(finding) : null,
        recommendation: recommendation ? recommendationView(recommendation) : null,
        reportId: row.reportId,
        returnQuestion: row.returnQuestion,
      };
    },

    async planTask({ principal }, { caseId, kind, plannedFor, note }) {
      await caseFor(principal, 'investigation.record', caseId);
      const row = await db.investigationTask.create({
        data: {
          id: crypto.randomUUID(),
          caseId,
          kind,
          status: 'planned',
          plannedFor: plannedFor ?? null,
          note,
          createdBy: principal.userId,
        },
        include: { attachments: true },
      });
      return taskView(row);
    },

    async recordTask({ principal }, { caseId, taskId, facts, note }) {
      await caseFor(principal, 'investigation.record', caseId);
      const recorded = { status: 'done', facts, recordedBy: principal.userId, recordedAt: new Date() };
      if (!taskId) {
        const row = await db.investigationTask.create({
          data: {
            id: crypto.randomUUID(),
            caseId,
            kind: facts.kind,
            note: note ?? '',
            createdBy: principal.userId,
            ...recorded,
          },
          include: { attachments: true },
        });
        return taskView(row);
      }
      const task = await db.investigationTask.findFirst({ where: { id: taskId, caseId } });
      if (!task) throw notFound('核查任务');
      if (task.kind !== facts.kind)
        throw badRequest(
          `该任务为“${TASK_KIND_LABELS[task.kind as TaskKind]}”，不能记录“${TASK_KIND_LABELS[facts.kind]}”的内容`,
        );
      const row = await db.investigationTask.update({
        where: { id: taskId },
        data: { ...recorded, ...(note === undefined ? {} : { note }) },
        include: { attachments: true },
      });
      return taskView(row);
    },

    async uploadAttachment({ principal }, { caseId, taskId, fileName, contentType, contentBase64 }) {
      await caseFor(principal, 'investigation.record', caseId);
      if (taskId && !(await db.investigationTask.findFirst({ where: { id: taskId, caseId } })))
        throw notFound('核查任务');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(contentBase64)) throw badRequest('附件内容不是有效的Base64编码');
      const content = Buffer.from(contentBase64, 'base64');
      const problem = attachmentProblem(contentType, content);
      if (problem) throw badRequest(problem);

      const id = crypto.randomUUID();
      const storageKey = `${caseId}/${id}`;
      // Bytes first: a failed insert leaves an unreferenced file, never a row without its file.
      await store.put(storageKey, content, contentType.toLowerCase());
      const row = await db.attachment.create({
        data: {
          id,
          caseId,
          taskId: taskId ?? null,
          fileName,
          contentType: contentType.toLowerCase(),
          sizeBytes: content.length,
          sha256: createHash('sha256').update(content).digest('hex'),
          storageKey,
          uploadedBy: principal.userId,
        },
      });
      return attachmentView(row);
    },

    async getAttachment({ principal }, { attachmentId }) {
      const row = await db.attachment.findUnique({ where: { id: attachmentId } });
      if (!row) throw caseRefusal(principal, 'case.facts.read');
      await cases.authorize(principal, 'case.facts.read', row.caseId);
      const { content } = await store.get(row.storageKey);
      return { ...attachmentView(row), contentBase64: content.toString('base64') };
    },

    async evaluateEligibility({ principal }, { caseId, judgements }) {
      const { region } = await caseFor(principal, 'case.facts.read', caseId);
      return evaluate(principal, region, await factsOf(caseId), judgements);
    },

    async recordFinding({ principal }, { caseId, eligible, reasons, judgements, referral }) {
      const { region } = await caseFor(principal, 'investigation.record', caseId);
      const evaluation = await evaluate(principal, region, await factsOf(caseId), judgements);
      if (eligible && evaluation.overall === 'ineligible')
        throw badRequest(
          '根据核查事实和判断，申请人存在不予救助的情形或不属于任何救助情形，不能认定为符合救助条件',
        );
      if (eligible && evaluation.overall === 'needs_judgement')
        throw badRequest(
          `以下审查规则尚需判断：${openRuleIds(evaluation).join('、')}；请先作出判断再认定符合救助条件`,
        );
      if (eligible && referral)
        throw badRequest('符合救助条件的案件不在此转介其他救助项目，请在结案后办理衔接');
      const row = await db.finding.create({
        data: {
          id: crypto.randomUUID(),
          caseId,
          eligible,
          reasons,
          ruleSetVersion: evaluation.ruleSetVersion,
          evaluation,
          referralProgramme: referral?.programme ?? null,
          referralReason: referral?.reason ?? null,
          recordedBy: principal.userId,
        },
      });
      return findingView(row);
    },

    async recommendAmount({ principal }, { caseId, applicantFault, proposedAmountFen, adjustmentReason }) {
      await caseFor(principal, 'investigation.record', caseId);
      const facts = await factsOf(caseId);
      const { losses, household_finances: household, compensation_received: compensation } = facts;
      if (!losses || !household || !compensation) {
        const missing = (['losses', 'household_finances', 'compensation_received'] as const)
          .filter((kind) => !facts[kind])
          .map((kind) => TASK_KIND_LABELS[kind]);
        throw badRequest(`请先完成以下核查再提出金额建议：${missing.join('、')}`);
      }
      const table = await tableFor(principal);
      const computed = computeAmount(table, { ...facts, losses, household }, applicantFault);
      const reason = adjustmentReason?.trim() || null;
      const recommended = proposedAmountFen ?? Math.min(computed.computedAmountFen, computed.capFen);
      const aboveCap = recommended > computed.capFen;
      if (aboveCap && (!reason || reason.length < 10))
        throw badRequest(
          `建议金额超过救助上限${yuan(computed.capFen)}，须作为例外说明理由（至少10个字），并报上级机关审批`,
        );
      if (proposedAmountFen !== undefined && proposedAmountFen !== computed.computedAmountFen && !reason)
        throw badRequest('调整建议金额须说明理由');
      const row = await db.recommendation.create({
        data: {
          id: crypto.randomUUID(),
          caseId,
          tableRegion: table.region,
          tableYear: table.year,
          tableVersion: table.version,
          applicantFault,
          computedAmountFen: BigInt(computed.computedAmountFen),
          recommendedAmountFen: BigInt(recommended),
          capFen: BigInt(computed.capFen),
          aboveCapException: aboveCap,
          adjustmentReason: reason,
          explanation: computed.explanation,
          recommendedBy: principal.userId,
        },
      });
      return recommendationView(row);
    },

    async submitReview({ principal }, { caseId }) {
      await caseFor(principal, 'investigation.record', caseId);
      const row = await detailOf(caseId);
      const findingRow = row.findings[0];
      if (!findingRow) throw badRequest('请先作出是否符合救助条件的认定');
      const finding = findingView(findingRow);
      const recommendationRow = row.recommendations[0];
      if (finding.eligible && !recommendationRow) throw badRequest('请先提出救助金额建议');
      const recommendation =
        finding.eligible && recommendationRow ? recommendationView(recommendationRow) : null;
      const capFen =
        recommendation?.capFen ??
        ((table) => (table ? capOf(table) : 0))(
          await applicableTable(db, principal.org.region, currentYearInChina()),
        );

      const generatedAt = new Date();
      const reportId = crypto.randomUUID();
      const content = renderReviewReport({
        caseNumber: row.caseNumber,
        handlingOrgName: principal.org.name,
        urgent: row.urgent,
        requestedAmountFen: Number(row.requestedAmountFen),
        tasks: row.tasks.map(taskView),
        finding,
        recommendation,
        caseworkerName: principal.displayName,
        generatedAt,
      });
      const recommendedAmountFen = recommendation?.recommendedAmountFen ?? 0;
      const aboveCapException = recommendation?.aboveCapException ?? false;

      await db.$transaction(async (tx) => {
        await tx.reviewReport.create({
          data: { id: reportId, caseId, content, generatedBy: principal.userId, generatedAt },
        });
        const { count } = await tx.investigationCase.updateMany({
          where: { caseId, status: 'investigating' },
          data: { status: 'submitted', submittedAt: generatedAt, reportId, returnQuestion: null },
        });
        if (count === 0) throw conflict('该案件已提交审批');
        await publish(tx, verificationCompleted, {
          caseKey: caseId,
          actor: actorOf(principal),
          payload: {
            caseId,
            handlingOrgId: row.handlingOrgId,
            eligible: finding.eligible,
            recommendedAmountFen,
            capFen,
            reportId,
            aboveCapException,
            ruleSetVersion: finding.evaluation.ruleSetVersion,
            ...(recommendation ? { tableVersion: recommendation.tableVersion } : {}),
            ...(finding.referral ? { referralRecommendation: finding.referral } : {}),
          },
        });
      });
      return {
        caseId,
        reportId,
        eligible: finding.eligible,
        recommendedAmountFen,
        capFen,
        aboveCapException,
        submittedAt: generatedAt.toISOString(),
      };
    },

    async getReport({ principal }, { caseId }) {
      await caseFor(principal, 'case.facts.read', caseId);
      const report = await db.reviewReport.findFirst({ where: { caseId }, orderBy: { generatedAt: 'desc' } });
      if (!report) throw notFound('审查报告');
      return {
        reportId: report.id,
        caseId,
        contentType: 'text/plain; charset=utf-8',
        content: report.content,
        generatedAt: report.generatedAt.toISOString(),
      };
    },

    async listRuleTables({ principal }, { region }) {
      requireAllowed(principal, 'ruletable.read');
      const rows = await db.amountRuleTable.findMany({
        where: region ? { region } : {},
        orderBy: [{ region: 'asc' }, { year: 'desc' }, { version: 'desc' }],
      });
      return rows.map((row) => ruleTableView(fromRow(row)));
    },

    async publishRuleTable({ principal }, input) {
      requireAllowed(principal, 'ruletable.publish');
      if (!regionWithin(input.region, principal.org.region))
        throw new TRPCError({
          code: 'FORBIDDEN',
          message: `您只能发布本机构所在地区（${principal.org.region}）及其下辖地区的救助金额标准`,
        });
      try {
        const row = await db.$transaction(async (tx) => {
          const latest = await tx.amountRuleTable.findFirst({
            where: { region: input.region, year: input.year },
            orderBy: { version: 'desc' },
          });
          return tx.amountRuleTable.create({
            data: {
              region: input.region,
              year: input.year,
              version: (latest?.version ?? 0) + 1,
              averageMonthlyWageFen: BigInt(input.averageMonthlyWageFen),
              capMonths: input.capMonths,
              perCaseCapFen: input.perCaseCapFen === null ? null : BigInt(input.perCaseCapFen),
              minimumAmountFen: BigInt(input.minimumAmountFen),
              minimumLivingStandardFen: BigInt(input.minimumLivingStandardFen),
              harmTierMonths: input.harmTierMonths,
              faultReductionPercent: input.faultReductionPercent,
              livelihoodMonths: input.livelihoodMonths,
              reason: input.reason,
              publishedBy: principal.userId,
            },
          });
        });
        logger.info(
          { region: row.region, year: row.year, version: row.version, publishedBy: principal.userId },
          'amount rule table published',
        );
        return ruleTableView(fromRow(row));
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict('同一地区同一年度的标准正由他人发布，请刷新后重试');
        throw error;
      }
    },
  };
}
