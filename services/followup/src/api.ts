import { TRPCError } from '@trpc/server';
import {
  deteriorationAlert,
  followupCaseStatusChanged,
  needFound,
  visitRecorded,
  type FollowupApi,
  type LedgerEntryKind,
  type ObservationLedgerView,
  type Principal,
} from '@jiuzhu/contracts';
import {
  actorOf,
  caseRefusal,
  isAllowed,
  loadConfig,
  notFound,
  OUT_OF_REACH,
  requireAllowed,
  type ServiceContext,
} from '@jiuzhu/service-kit';
import { z } from 'zod';
import { addDays, addMonths, beijingToday, fromDbDate, toDbDate } from '@jiuzhu/calendar';
import type { Db, Tx } from './database.ts';
import { INCOME_LABELS, METHOD_LABELS, RISK_LABELS, programmeLabel } from './labels.ts';
import { recordFact } from './ledger.ts';
import { agendaView, meetingPack, periodRange, regionWithin, superiorReport } from './meetings.ts';
import { counsellingVisits, planFor } from './plan.ts';
import { scheduleVisits, visitView } from './schedule.ts';
import { observationWorkbook } from './workbook.ts';

const followupSettings = z.object({
  /** visitsDue lists visits due up to this many days ahead (overdue ones always). */
  FOLLOWUP_DUE_HORIZON_DAYS: z.coerce.number().int().min(0).default(30),
});

const conflict = (message: string) => new TRPCError({ code: 'CONFLICT', message });
const badRequest = (message: string) => new TRPCError({ code: 'BAD_REQUEST', message });

export function createFollowupApi(ctx: ServiceContext<Db, Tx>): FollowupApi {
  const { db, publish, cases } = ctx;
  const settings = loadConfig('followup', followupSettings, ctx.env);

  /**
   * Organisations are also learned from callers' tokens: the region places an agency in regional joint meetings
   * when its cases' events carry none, and the parent lets supervisors read its cases.
   */
  const remember = async (principal: Principal) => {
    const { id, name, region } = principal.org;
    const parentId = principal.org.parentId ?? null;
    await db.organisation.upsert({
      where: { id },
      create: { id, name, region, parentId },
      update: { name, region, parentId },
    });
  };

  /** The case's follow-up record, after checking on the case's own record that the principal may do this. */
  const caseFor = async (
    principal: Principal,
    action: Parameters<typeof requireAllowed>[1],
    caseId: string,
  ) => {
    await cases.authorize(principal, action, caseId);
    await remember(principal);
    const row = await db.followupCase.findUnique({ where: { caseId } });
    if (!row) throw notFound('回访案件');
    return row;
  };

  const ledgerOf = async (caseId: string, principal: Principal): Promise<ObservationLedgerView> => {
    const row = await caseFor(principal, 'followup.read', caseId);
    const entries = await db.observationEntry.findMany({
      where: { caseId, handlingOrgId: row.handlingOrgId },
      orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
    });
    return {
      caseId,
      handlingOrgId: row.handlingOrgId,
      caseNumber: row.caseNumber,
      status: row.status as ObservationLedgerView['status'],
      hasMinors: row.hasMinors,
      entries: entries.map((entry) => ({
        entryId: entry.id,
        caseId: entry.caseId,
        occurredAt: entry.occurredAt.toISOString(),
        source: entry.source,
        orgId: entry.orgId,
        kind: entry.kind as LedgerEntryKind,
        summary: entry.summary,
        amountFen: entry.amountFen === null ? null : Number(entry.amountFen),
      })),
    };
  };

  const statusOf = async (caseId: string) => {
    const row = await db.followupCase.findUniqueOrThrow({ where: { caseId } });
    const audit = await db.caseAudit.findMany({ where: { caseId }, orderBy: { at: 'asc' } });
    return {
      caseId,
      status: row.status as 'open' | 'closed',
      audit: audit.map((a) => ({
        action: a.action as 'closed' | 'reopened',
        actorUserId: a.actorUserId,
        reason: a.reason,
        at: a.at.toISOString(),
      })),
    };
  };

  const regionScope = (principal: Principal, region: string | undefined) => {
    const scope = region ?? principal.org.region;
    if (!regionWithin(scope, principal.org.region))
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `您只能查看本机构所在地区（${principal.org.region}）及其下辖地区的联席会议材料`,
      });
    return scope;
  };

  return {
    async listVisits({ principal }, { caseId }) {
      const { handlingOrgId } = await cases.authorize(principal, 'followup.read', caseId);
      await remember(principal);
      const rows = await db.visit.findMany({
        where: { caseId, handlingOrgId },
        orderBy: [{ dueOn: 'asc' }, { createdAt: 'asc' }],
      });
      return rows.map((row) => visitView(row));
    },

    async visitsDue({ principal }, { until }) {
      requireAllowed(principal, 'followup.read', { handlingOrgId: principal.org.id });
      await remember(principal);
      const today = beijingToday();
      const rows = await db.visit.findMany({
        where: {
          handlingOrgId: principal.org.id,
          status: 'scheduled',
          dueOn: { lte: toDbDate(until ?? addDays(today, settings.FOLLOWUP_DUE_HORIZON_DAYS)) },
        },
        orderBy: [{ dueOn: 'asc' }, { createdAt: 'asc' }],
      });
      return rows.map((row) => visitView(row, today));
    },

    async getVisitPlan({ principal }) {
      requireAllowed(principal, 'followup.plan.read', { handlingOrgId: principal.org.id });
      return planFor(db, principal.org.id);
    },

    async setVisitPlan({ principal }, input) {
      requireAllowed(principal, 'followup.configure', { handlingOrgId: principal.org.id });
      const steps = [...input.steps].sort((a, b) => a.monthsAfter - b.monthsAfter);
      const data = {
        steps,
        counsellingMonthsAfter: input.counsellingMonthsAfter,
        updatedBy: principal.userId,
      };
      await db.visitPlan.upsert({
        where: { orgId: principal.org.id },
        create: { orgId: principal.org.id, ...data },
        update: data,
      });
      return planFor(db, principal.org.id);
    },

    async scheduleVisit({ principal }, { caseId, dueOn, method, purpose }) {
      const row = await caseFor(principal, 'followup.schedule', caseId);
      if (row.status === 'closed') throw conflict('该案件回访已结束，请先重新开启');
      const visitId = await db.$transaction(async (tx) => {
        const [id] = await scheduleVisits(
          publish,
          tx,
          { caseId, handlingOrgId: row.handlingOrgId, actor: actorOf(principal) },
          [{ dueOn, method, purpose }],
          'manual',
        );
        return id as string;
      });
      return visitView(await db.visit.findUniqueOrThrow({ where: { id: visitId } }));
    },

    async markHousehold({ principal }, { caseId, hasMinors }) {
      const row = await caseFor(principal, 'followup.record', caseId);
      await db.$transaction(async (tx) => {
        await tx.followupCase.update({ where: { caseId }, data: { hasMinors } });
        const hasCounselling = await tx.visit.count({ where: { caseId, purpose: 'counselling' } });
        // A plan already running gets its counselling visits now; otherwise they come with the plan.
        if (!hasMinors || hasCounselling > 0 || !row.planStartOn || row.status === 'closed') return;
        const plan = await planFor(tx, row.handlingOrgId);
        await scheduleVisits(
          publish,
          tx,
          { caseId, handlingOrgId: row.handlingOrgId, actor: actorOf(principal) },
          counsellingVisits(plan, fromDbDate(row.planStartOn)),
          'disbursement',
        );
      });
      const rows = await db.visit.findMany({
        where: { caseId, handlingOrgId: row.handlingOrgId },
        orderBy: [{ dueOn: 'asc' }, { createdAt: 'asc' }],
      });
      return rows.map((r) => visitView(r));
    },

    async recordVisit({ principal }, input) {
      const visit = await db.visit.findUnique({ where: { id: input.visitId } });
      if (!visit) throw caseRefusal(principal, 'followup.record');
      const opened = await cases.authorize(principal, 'followup.record', visit.caseId);
      if (visit.handlingOrgId !== opened.handlingOrgId) throw caseRefusal(principal, 'followup.record');
      await remember(principal);
      if (visit.status !== 'scheduled') throw conflict('该回访已登记，不能重复登记');
      if (input.conductedOn > beijingToday())
        throw new TRPCError({ code: 'BAD_REQUEST', message: '回访日期不能晚于今天' });
      const target = { caseId: visit.caseId, handlingOrgId: visit.handlingOrgId };
      const actor = actorOf(principal);
      await db.$transaction(async (tx) => {
        const { visitId: _id, ...record } = input;
        await tx.visit.update({
          where: { id: visit.id },
          data: {
            status: 'completed',
            method: input.method,
            conductedOn: toDbDate(input.conductedOn),
            povertyRisk: input.povertyRisk,
            seriousDeterioration: input.seriousDeterioration,
            record,
            recordedBy: principal.userId,
          },
        });
        const recorded = await publish(tx, visitRecorded, {
          caseKey: visit.caseId,
          actor,
          payload: {
            ...target,
            // The recorder works for the handling agency (followup.record reaches no further).
            ...(principal.org.id === visit.handlingOrgId ? { handlingOrgName: principal.org.name } : {}),
            visitId: visit.id,
            visitedOn: input.conductedOn,
            method: input.method,
            povertyRisk: input.povertyRisk,
            needsFound: input.needs.length,
          },
        });
        await recordFact(tx, recorded, {
          kind: 'visit_completed',
          summary:
            `${METHOD_LABELS[input.method]}：${input.livingSituation}；收入${INCOME_LABELS[input.incomeChange]}；` +
            `返贫风险${RISK_LABELS[input.povertyRisk]}`,
        });
        for (const need of input.needs) {
          const event = await publish(tx, needFound, {
            caseKey: visit.caseId,
            actor,
            payload: { ...target, programme: need.programme, note: need.note, visitId: visit.id },
          });
          await recordFact(tx, event, {
            kind: 'need_found',
            summary: `回访发现需求：${programmeLabel(need.programme)}——${need.note}`,
          });
        }
        if (input.seriousDeterioration) {
          const alertId = crypto.randomUUID();
          const summary =
            `${input.livingSituation}（收入${INCOME_LABELS[input.incomeChange]}，返贫风险${RISK_LABELS[input.povertyRisk]}）`.slice(
              0,
              1000,
            );
          await tx.deteriorationAlert.create({
            data: { id: alertId, ...target, visitId: visit.id, summary },
          });
          const event = await publish(tx, deteriorationAlert, {
            caseKey: visit.caseId,
            actor,
            payload: { ...target, visitId: visit.id, alertId, summary },
          });
          await recordFact(tx, event, {
            kind: 'deterioration_alert',
            summary: `情况严重恶化，已提醒部门负责人：${summary}`,
          });
        }
      });
      return {
        visitId: visit.id,
        caseId: visit.caseId,
        conductedOn: input.conductedOn,
        method: input.method,
        povertyRisk: input.povertyRisk,
        seriousDeterioration: input.seriousDeterioration,
        needsFound: input.needs.length,
      };
    },

    async listAlerts({ principal }) {
      requireAllowed(principal, 'followup.alerts', { handlingOrgId: principal.org.id });
      const rows = await db.deteriorationAlert.findMany({
        where: { handlingOrgId: principal.org.id },
        orderBy: { raisedAt: 'desc' },
      });
      return rows.map((row) => ({
        alertId: row.id,
        caseId: row.caseId,
        visitId: row.visitId,
        summary: row.summary,
        raisedAt: row.raisedAt.toISOString(),
      }));
    },

    observationLedger: ({ principal }, { caseId }) => ledgerOf(caseId, principal),

    async exportObservationLedger({ principal }, { caseId }) {
      const ledger = await ledgerOf(caseId, principal);
      return {
        fileName: `观察台账-${ledger.caseNumber ?? caseId}.xlsx`,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' as const,
        contentBase64: (await observationWorkbook(ledger)).toString('base64'),
      };
    },

    async caseTimeline({ principal }, { caseId }) {
      const opened = await cases.allows(principal, 'case.read', caseId);
      // A partner department reads the entries of the referrals addressed to it, and nothing else of the case.
      const partner =
        !opened && isAllowed(principal, 'timeline.partner-read', { handlingOrgId: principal.org.id });
      if (!opened && !partner) throw caseRefusal(principal, 'case.read');
      const handlingOrgId = opened?.handlingOrgId ?? (await cases.find(caseId))?.handlingOrgId;
      const rows = handlingOrgId
        ? await db.timelineEntry.findMany({
            where: partner
              ? { caseId, handlingOrgId, partnerOrgId: principal.org.id }
              : { caseId, handlingOrgId },
            orderBy: [{ occurredAt: 'asc' }, { seq: 'asc' }],
          })
        : [];
      if (partner && rows.length === 0) throw new TRPCError({ code: 'FORBIDDEN', message: OUT_OF_REACH });
      await remember(principal);
      // Entries recorded before follow-up knew an organisation's name take it from callers' tokens since.
      const unnamed = [...new Set(rows.filter((row) => row.orgName === null).map((row) => row.orgId))];
      const learned = new Map(
        unnamed.length === 0
          ? []
          : (
              await db.organisation.findMany({
                where: { id: { in: unnamed } },
                select: { id: true, name: true },
              })
            ).map((org) => [org.id, org.name]),
      );
      return {
        caseId,
        audience: partner ? ('partner' as const) : ('handling' as const),
        entries: rows.map((row) => ({
          entryId: row.id,
          occurredAt: row.occurredAt.toISOString(),
          context: row.context,
          kind: row.kind,
          orgId: row.orgId,
          orgName: row.orgName ?? learned.get(row.orgId) ?? null,
          actorUserId: row.actorUserId,
          summary: partner ? (row.partnerSummary ?? '') : row.summary,
        })),
      };
    },

    async closeCase({ principal }, { caseId }) {
      const row = await caseFor(principal, 'followup.close', caseId);
      if (row.status === 'closed') throw conflict('该案件回访已结束');
      const visits = await db.visit.findMany({
        where: { caseId, handlingOrgId: row.handlingOrgId },
        orderBy: [{ conductedOn: 'asc' }, { createdAt: 'asc' }],
      });
      const pending = visits.filter((v) => v.status === 'scheduled').length;
      if (visits.length === 0 || pending > 0)
        throw conflict(`回访计划尚未完成（还有${pending}次回访未进行），不能结束回访`);
      const last = visits.at(-1);
      if (last?.povertyRisk !== 'none' || last.seriousDeterioration)
        throw conflict('最近一次回访仍存在返贫风险，不能结束回访');
      await db.$transaction(async (tx) => {
        await tx.followupCase.update({ where: { caseId }, data: { status: 'closed' } });
        await tx.caseAudit.create({
          data: {
            id: crypto.randomUUID(),
            caseId,
            action: 'closed',
            actorUserId: principal.userId,
            actorOrgId: principal.org.id,
          },
        });
        const event = await publish(tx, followupCaseStatusChanged, {
          caseKey: caseId,
          actor: actorOf(principal),
          payload: { caseId, handlingOrgId: row.handlingOrgId, status: 'closed' },
        });
        await recordFact(tx, event, { kind: 'case_closed', summary: '回访计划完成且无返贫风险，结束回访' });
      });
      return statusOf(caseId);
    },

    async reopenCase({ principal }, { caseId, reason }) {
      const row = await caseFor(principal, 'followup.reopen', caseId);
      if (row.status !== 'closed') throw conflict('该案件回访尚未结束，无需重新开启');
      await db.$transaction(async (tx) => {
        await tx.followupCase.update({ where: { caseId }, data: { status: 'open' } });
        await tx.caseAudit.create({
          data: {
            id: crypto.randomUUID(),
            caseId,
            action: 'reopened',
            actorUserId: principal.userId,
            actorOrgId: principal.org.id,
            reason,
          },
        });
        const event = await publish(tx, followupCaseStatusChanged, {
          caseKey: caseId,
          actor: actorOf(principal),
          payload: { caseId, handlingOrgId: row.handlingOrgId, status: 'reopened', reason },
        });
        await recordFact(tx, event, { kind: 'case_reopened', summary: `重新开启回访：${reason}` });
        const plan = await planFor(tx, row.handlingOrgId);
        const first = plan.steps[0] ?? { monthsAfter: 1, method: 'phone' as const };
        await scheduleVisits(
          publish,
          tx,
          { caseId, handlingOrgId: row.handlingOrgId, actor: actorOf(principal) },
          [
            {
              dueOn: addMonths(beijingToday(), first.monthsAfter),
              method: 'home_visit',
              purpose: 'return_visit',
            },
          ],
          'reopened',
        );
      });
      return statusOf(caseId);
    },

    async caseStatus({ principal }, { caseId }) {
      await caseFor(principal, 'followup.read', caseId);
      return statusOf(caseId);
    },

    async meetingPack({ principal }, { region, period }) {
      requireAllowed(principal, 'jointmeeting.read');
      await remember(principal);
      return meetingPack(db, {
        region: regionScope(principal, region),
        ...periodRange(period),
      });
    },

    async recordAgendaItem({ principal }, input) {
      requireAllowed(principal, 'jointmeeting.record');
      const region = regionScope(principal, input.region);
      // The caller names the responsible organisation by id; it must be in the SSO directory, which names it.
      const responsible = (await ctx.directory.read()).get(input.responsibleOrgId);
      if (!responsible) throw badRequest('责任单位不存在，请从机构目录中选择');
      await remember(principal);
      const row = await db.agendaItem.create({
        data: {
          id: crypto.randomUUID(),
          region,
          meetingOn: toDbDate(input.meetingOn),
          topic: input.topic,
          decision: input.decision,
          responsibleOrgId: responsible.id,
          responsibleOrgName: responsible.name,
          dueOn: toDbDate(input.dueOn),
          recordedBy: principal.userId,
        },
      });
      return agendaView(row);
    },

    async completeAgendaItem({ principal }, { itemId }) {
      requireAllowed(principal, 'jointmeeting.record');
      const row = await db.agendaItem.findUnique({ where: { id: itemId } });
      if (!row) throw notFound('议定事项');
      regionScope(principal, row.region);
      if (row.status === 'done') throw conflict('该议定事项已办结');
      return agendaView(
        await db.agendaItem.update({
          where: { id: itemId },
          data: { status: 'done', completedAt: new Date() },
        }),
      );
    },

    async superiorReport({ principal }, { region, period }) {
      requireAllowed(principal, 'jointmeeting.read');
      await remember(principal);
      const pack = await meetingPack(db, {
        region: regionScope(principal, region),
        ...periodRange(period),
      });
      return superiorReport(pack, principal.org.name);
    },
  };
}
