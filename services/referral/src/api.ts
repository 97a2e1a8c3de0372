import { authorize, type Action } from '@jiuzhu/auth';
import {
  donationPledged,
  type Organisation,
  PARTNER_ORG_TYPES,
  programmeReveals,
  REFERRAL_PROGRAMME_LABELS,
  referralCreated,
  referralOutcomeRecorded,
  referralRevealLimitExceeded,
  type PledgeView,
  type Principal,
  type ReferralApi,
  type ReferralProgramme,
  type RevealablePersonField,
  type SendReferralsInput,
} from '@jiuzhu/contracts';
import {
  actorOf,
  caseRefusal,
  OUT_OF_REACH,
  requireAllowed,
  revealLimit,
  type CaseRecord,
  type ServiceContext,
} from '@jiuzhu/service-kit';
import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import { addWorkingDays, beijingToday, fromDbDate, toDbDate } from '@jiuzhu/calendar';
import type { Db, Tx } from './database.ts';
import { countFunnel, groupBy } from './funnel.ts';
import type { Pledge } from './generated/prisma/client.ts';
import { WITH_HISTORY, toReferralView, viewedPersonFields, type Reader, type ReferralRow } from './views.ts';

type SendInput = z.output<typeof SendReferralsInput>;

const badRequest = (message: string) => new TRPCError({ code: 'BAD_REQUEST', message });
const conflict = (message: string) => new TRPCError({ code: 'CONFLICT', message });
const forbidden = (message: string) => new TRPCError({ code: 'FORBIDDEN', message });

type Directory = ReadonlyMap<string, Organisation>;

/**
 * The partner department `id` names, as the SSO directory knows it (its name and region are stored, never the
 * caller's); a 400 when the directory has none, or has a court, procuratorate or other non-partner.
 */
function partnerDepartment(
  directory: Directory,
  id: string,
  refusals: { unknown: string; notPartner: string },
): Organisation {
  const organisation = directory.get(id);
  if (!organisation) throw badRequest(refusals.unknown);
  if (!PARTNER_ORG_TYPES.includes(organisation.type)) throw badRequest(refusals.notPartner);
  return organisation;
}

const PARTNER_REFUSALS = {
  unknown: '接收部门不存在，请从机构目录中选择',
  notPartner: '只能转介给民政、乡村振兴、妇联、残联等协作部门，请从机构目录中选择',
};
const ORGANISER_REFUSALS = {
  unknown: '组织部门不存在，请从机构目录中选择',
  notPartner: '爱心企业和慈善组织的认捐应由协作部门组织，请从机构目录中选择协作部门',
};

const STATUS_LABELS: Record<string, string> = {
  sent: '已移送待接收',
  info_requested: '待补充材料',
  accepted: '已接收',
  declined: '已退回',
  enrolled: '已纳入救助',
  not_enrolled: '未纳入救助',
};

export interface ReferralSettings {
  /** Working days a partner has to answer a referral before it is flagged overdue. */
  answerWorkingDays: number;
}

const toPledgeView = (row: Pledge): PledgeView => ({
  pledgeId: row.id,
  caseId: row.caseId,
  kind: row.kind as PledgeView['kind'],
  donorName: row.donorName,
  organisedByOrgId: row.organisedByOrgId,
  amountFen: row.amountFen === null ? null : Number(row.amountFen),
  jobDescription: row.jobDescription,
  pledgedAt: row.pledgedAt.toISOString(),
});

/** The agency that referred a case, and its parent organisation when it was recorded. */
type ReferringAgency = { handlingOrgId: string; handlingOrgParentId: string | null };

export function createReferralApi(ctx: ServiceContext<Db, Tx>, settings: ReferralSettings): ReferralApi {
  const { db, publish, cases } = ctx;
  const reveals = revealLimit(ctx, {
    alert: referralRevealLimitExceeded,
    // Views of a referral are audited too, with masked fields only; a reveal is the row of an unmasked field.
    countSince: (tx, userId, since) =>
      tx.personDataAccess.count({
        where: { accessedBy: userId, accessedAt: { gte: since }, fields: { hasSome: ['idNumber', 'phone'] } },
      }),
  });

  /** The case a referral belongs to, as the policy sees it: the handling agency and, if recorded, its parent. */
  const caseTarget = (row: ReferringAgency) => ({
    handlingOrgId: row.handlingOrgId,
    ...(row.handlingOrgParentId ? { handlingOrgParentId: row.handlingOrgParentId } : {}),
  });
  const mayFollow = (principal: Principal, row: ReferringAgency) =>
    authorize(principal, 'referral.read', caseTarget(row)).allowed;

  /**
   * The referring agency (and its supervisors, and the parent agency's overseers) read the whole record; the
   * partner it is addressed to, less.
   */
  const readerOf = (principal: Principal, row: ReferringAgency): Reader =>
    mayFollow(principal, row) ? 'referrer' : 'partner';

  /**
   * Every view of a referred person's data leaves an audit row per referral, whoever reads it, with the fields
   * the view showed them; returns the views.
   */
  async function auditedViews(client: Db | Tx, principal: Principal, rows: ReferralRow[], purpose: string) {
    const readers = rows.map((row) => readerOf(principal, row));
    if (rows.length > 0)
      await client.personDataAccess.createMany({
        data: rows.map((row, i) => ({
          referralId: row.id,
          accessedBy: principal.userId,
          accessedByOrg: principal.org.id,
          fields: viewedPersonFields(row, readers[i]!),
          purpose,
        })),
      });
    const today = beijingToday();
    return rows.map((row, i) => toReferralView(row, today, readers[i]!));
  }

  /** One unmasked field for the partner the referral is addressed to, with who, which org, when and why audited. */
  async function reveal(
    tx: Tx,
    principal: Principal,
    referralId: string,
    field: RevealablePersonField,
    purpose: string,
  ): Promise<string> {
    const row = await load(tx, principal, 'referral.reveal', referralId);
    requireAllowed(principal, 'referral.reveal', { handlingOrgId: row.partnerOrgId });
    if (!programmeReveals(row.programme).includes(field))
      throw forbidden(
        field === 'idNumber'
          ? `办理“${REFERRAL_PROGRAMME_LABELS[row.programme as ReferralProgramme] ?? '该救助项目'}”不需要完整身份证号码，不能查看；如需核对身份，可请被转介人出示身份证，或向转介机构要求补充材料。`
          : '该救助项目不需要被转介人的联系电话',
      );
    const value = field === 'idNumber' ? row.personIdNumber : row.personPhone;
    // The ID number is always recorded; a phone may not be.
    if (value === null) throw new TRPCError({ code: 'NOT_FOUND', message: '该转介事项未登记联系电话' });
    await tx.personDataAccess.create({
      data: {
        referralId,
        accessedBy: principal.userId,
        accessedByOrg: principal.org.id,
        fields: [field],
        purpose,
      },
    });
    return value;
  }

  /** `directory`: the SSO's organisations, read before the transaction (ctx.directory). */
  async function send(tx: Tx, principal: Principal, input: SendInput, directory: Directory) {
    requireAllowed(principal, 'referral.record', { handlingOrgId: principal.org.id });
    // Only the handling agency refers its cases: each one is checked against the case's own record.
    const casesReferred = new Map<string, CaseRecord>();
    for (const { caseId } of input.items)
      if (!casesReferred.has(caseId))
        casesReferred.set(caseId, await cases.authorize(principal, 'referral.record', caseId, tx));
    const today = beijingToday();
    const sentOn = input.sentOn ?? today;
    if (sentOn > today) throw badRequest('移送日期不能晚于今天');
    const seen = new Set<string>();
    for (const item of input.items) {
      const key = `${item.caseId}:${item.programme}`;
      if (seen.has(key)) throw badRequest('同一批次中同一案件的同一救助项目重复转介');
      seen.add(key);
    }
    const partner = partnerDepartment(directory, input.partner.orgId, PARTNER_REFUSALS);
    const answerDueOn = toDbDate(addWorkingDays(sentOn, settings.answerWorkingDays));
    const batch = await tx.referralBatch.create({
      data: {
        id: crypto.randomUUID(),
        handlingOrgId: principal.org.id,
        partnerOrgId: partner.id,
        title: input.title ?? null,
        sentOn: toDbDate(sentOn),
        createdBy: principal.userId,
      },
    });
    const rows = input.items.map((item) => ({
      id: crypto.randomUUID(),
      batchId: batch.id,
      caseId: item.caseId,
      handlingOrgId: casesReferred.get(item.caseId)!.handlingOrgId,
      // As the case's opening named it, else the sender's (who belongs to the handling agency: referral.record).
      handlingOrgParentId:
        casesReferred.get(item.caseId)!.handlingOrgParentId ?? principal.org.parentId ?? null,
      partnerOrgId: partner.id,
      partnerOrgName: partner.name,
      partnerRegion: partner.region,
      programme: item.programme,
      status: 'sent',
      reason: item.reason,
      personName: item.person.name,
      personIdNumber: item.person.idNumber,
      personPhone: item.person.phone ?? null,
      personRegionCode: item.person.address.regionCode,
      personAddress: item.person.address.detail,
      householdNote: item.person.householdNote ?? null,
      schoolingNote: item.person.schoolingNote ?? null,
      healthNote: item.person.healthNote ?? null,
      workNote: item.person.workNote ?? null,
      sentBy: principal.userId,
      sentOn: toDbDate(sentOn),
      answerDueOn,
    }));
    await tx.referral.createMany({ data: rows });
    await tx.referralEntry.createMany({
      data: rows.map((row) => ({
        referralId: row.id,
        orgId: principal.org.id,
        actorId: principal.userId,
        action: 'sent',
        note: input.title ?? null,
      })),
    });
    for (const row of rows)
      await publish(tx, referralCreated, {
        caseKey: row.caseId,
        actor: actorOf(principal),
        payload: {
          caseId: row.caseId,
          handlingOrgId: row.handlingOrgId,
          referralId: row.id,
          partnerOrgId: row.partnerOrgId,
          partnerOrgName: row.partnerOrgName,
          programme: row.programme,
          partnerRegion: row.partnerRegion,
          batchId: batch.id,
          answerDueOn: fromDbDate(row.answerDueOn),
        },
      });
    return { batchId: batch.id, referralIds: rows.map((row) => row.id) };
  }

  /** The referral, or the refusal `action` gets for a referral one may not see (the same for one that is not). */
  async function load(client: Db | Tx, principal: Principal, action: Action, referralId: string) {
    const row = await client.referral.findUnique({ where: { id: referralId }, include: WITH_HISTORY });
    if (!row) throw caseRefusal(principal, action);
    return row;
  }

  /**
   * Moves a referral from one of `from` to a new status, atomically (a concurrent answer loses with 409), records
   * the history entry and returns the row as it is now.
   */
  async function transition(
    tx: Tx,
    principal: Principal,
    referralId: string,
    change: {
      from: readonly string[];
      data: Parameters<Tx['referral']['update']>[0]['data'];
      action: string;
      note: string | null;
      side: 'partner' | 'referrer';
    },
  ): Promise<ReferralRow> {
    const action = change.side === 'partner' ? 'referral.respond' : 'referral.record';
    const current = await load(tx, principal, action, referralId);
    // The partner works the referrals addressed to it; the handling agency (per the case's record) answers them.
    if (change.side === 'partner') requireAllowed(principal, action, { handlingOrgId: current.partnerOrgId });
    else await cases.authorize(principal, action, current.caseId, tx);
    const { count } = await tx.referral.updateMany({
      where: { id: referralId, status: { in: [...change.from] } },
      data: change.data as Parameters<Tx['referral']['updateMany']>[0]['data'],
    });
    if (count === 0)
      throw conflict(
        `该转介事项当前状态为“${STATUS_LABELS[current.status] ?? current.status}”，不能执行此操作`,
      );
    await tx.referralEntry.create({
      data: {
        referralId,
        orgId: principal.org.id,
        actorId: principal.userId,
        action: change.action,
        note: change.note,
      },
    });
    return load(tx, principal, action, referralId);
  }

  async function viewAfter(principal: Principal, row: ReferralRow, tx: Tx) {
    const [view] = await auditedViews(tx, principal, [row], 'handle referral');
    return view!;
  }

  async function publishOutcome(tx: Tx, principal: Principal, row: ReferralRow) {
    await publish(tx, referralOutcomeRecorded, {
      caseKey: row.caseId,
      actor: actorOf(principal),
      payload: {
        caseId: row.caseId,
        handlingOrgId: row.handlingOrgId,
        referralId: row.id,
        partnerOrgId: row.partnerOrgId,
        partnerOrgName: row.partnerOrgName,
        programme: row.programme,
        outcome: row.status as 'enrolled' | 'not_enrolled' | 'declined',
        ...(row.enrolledProgramme ? { enrolledProgramme: row.enrolledProgramme } : {}),
        ...(row.enrolledFrom ? { enrolledFrom: fromDbDate(row.enrolledFrom) } : {}),
        ...(row.enrolledRegion ? { enrolledRegion: row.enrolledRegion } : {}),
        ...(row.monthlyAmountFen !== null ? { monthlyAmountFen: Number(row.monthlyAmountFen) } : {}),
      },
    });
  }

  /**
   * How the principal may see a case's referrals and pledges: as its handling agency (or that agency's overseers),
   * or as a partner department a referral of the case was addressed to. Refuses like a case that does not exist.
   */
  async function caseAccess(
    principal: Principal,
    action: 'referral.read' | 'donation.record',
    caseId: string,
    client: Db | Tx = db,
  ): Promise<{ record: CaseRecord; partner: boolean }> {
    const record = await cases.allows(principal, action, caseId, client);
    if (record) return { record, partner: false };
    if (authorize(principal, 'referral.respond', { handlingOrgId: principal.org.id }).allowed) {
      const addressed = await cases.find(caseId, client);
      const toPartner =
        addressed &&
        (await client.referral.count({
          where: { caseId, handlingOrgId: addressed.handlingOrgId, partnerOrgId: principal.org.id },
        }));
      if (addressed && toPartner) return { record: addressed, partner: true };
      throw forbidden(OUT_OF_REACH);
    }
    throw caseRefusal(principal, action);
  }

  return {
    async sendReferrals({ principal }, input) {
      const directory = await ctx.directory.read();
      return db.$transaction((tx) => send(tx, principal, input, directory));
    },

    async listReferrals({ principal }, { caseId }) {
      const { record, partner } = await caseAccess(principal, 'referral.read', caseId);
      const rows = await db.referral.findMany({
        where: {
          caseId,
          handlingOrgId: record.handlingOrgId,
          ...(partner ? { partnerOrgId: principal.org.id } : {}),
        },
        include: WITH_HISTORY,
        orderBy: { sentAt: 'asc' },
      });
      return auditedViews(db, principal, rows, 'case referrals');
    },

    async listSent({ principal }, { batchId, partnerOrgId, overdueOnly }) {
      requireAllowed(principal, 'referral.read', { handlingOrgId: principal.org.id });
      const today = beijingToday();
      const rows = await db.referral.findMany({
        where: {
          handlingOrgId: principal.org.id,
          ...(batchId ? { batchId } : {}),
          ...(partnerOrgId ? { partnerOrgId } : {}),
          ...(overdueOnly ? { status: 'sent', answerDueOn: { lt: toDbDate(today) } } : {}),
        },
        include: WITH_HISTORY,
        orderBy: [{ sentAt: 'asc' }, { id: 'asc' }],
      });
      return auditedViews(db, principal, rows, 'sent referrals');
    },

    async inbox({ principal }, { status }) {
      requireAllowed(principal, 'referral.respond', { handlingOrgId: principal.org.id });
      const rows = await db.referral.findMany({
        where: { partnerOrgId: principal.org.id, ...(status ? { status } : {}) },
        include: WITH_HISTORY,
        orderBy: [{ answerDueOn: 'asc' }, { sentAt: 'asc' }],
      });
      return auditedViews(db, principal, rows, 'partner inbox');
    },

    accept: ({ principal }, { referralId }) =>
      db.$transaction(async (tx) => {
        const row = await transition(tx, principal, referralId, {
          from: ['sent'],
          data: { status: 'accepted' },
          action: 'accepted',
          note: null,
          side: 'partner',
        });
        return viewAfter(principal, row, tx);
      }),

    requestInfo: ({ principal }, { referralId, question }) =>
      db.$transaction(async (tx) => {
        const row = await transition(tx, principal, referralId, {
          from: ['sent', 'accepted'],
          data: { status: 'info_requested' },
          action: 'info_requested',
          note: question,
          side: 'partner',
        });
        return viewAfter(principal, row, tx);
      }),

    provideInfo: ({ principal }, { referralId, answer }) =>
      db.$transaction(async (tx) => {
        const before = await load(tx, principal, 'referral.record', referralId);
        await cases.authorize(principal, 'referral.record', before.caseId, tx);
        const wasAccepted = before.history.some((entry) => entry.action === 'accepted');
        // Back in the partner's hands: if it had not answered yet, a fresh answer period starts today.
        const row = await transition(tx, principal, referralId, {
          from: ['info_requested'],
          data: wasAccepted
            ? { status: 'accepted' }
            : {
                status: 'sent',
                answerDueOn: toDbDate(addWorkingDays(beijingToday(), settings.answerWorkingDays)),
              },
          action: 'info_provided',
          note: answer,
          side: 'referrer',
        });
        return viewAfter(principal, row, tx);
      }),

    decline: ({ principal }, { referralId, reason }) =>
      db.$transaction(async (tx) => {
        const row = await transition(tx, principal, referralId, {
          from: ['sent', 'accepted', 'info_requested'],
          data: { status: 'declined', declineReason: reason },
          action: 'declined',
          note: reason,
          side: 'partner',
        });
        await publishOutcome(tx, principal, row);
        return viewAfter(principal, row, tx);
      }),

    recordOutcome: ({ principal }, input) =>
      db.$transaction(async (tx) => {
        const data =
          input.outcome === 'enrolled'
            ? {
                status: 'enrolled',
                enrolledProgramme: input.enrolledProgramme,
                enrolledFrom: toDbDate(input.enrolledFrom),
                enrolledRegion: input.enrolledRegion ?? null,
                monthlyAmountFen:
                  input.monthlyAmountFen === undefined ? null : BigInt(input.monthlyAmountFen),
                outcomeNote: input.note ?? null,
              }
            : { status: 'not_enrolled', outcomeNote: input.note };
        const row = await transition(tx, principal, input.referralId, {
          from: ['sent', 'accepted'],
          data,
          action: 'outcome_recorded',
          note: input.note ?? null,
          side: 'partner',
        });
        await publishOutcome(tx, principal, row);
        return viewAfter(principal, row, tx);
      }),

    revealIdNumber: ({ principal }, { referralId, purpose }) =>
      reveals.run(principal, { procedure: 'revealIdNumber', caseKey: referralId }, async (tx) => ({
        referralId,
        idNumber: await reveal(tx, principal, referralId, 'idNumber', purpose),
      })),

    revealPhone: ({ principal }, { referralId, purpose }) =>
      reveals.run(principal, { procedure: 'revealPhone', caseKey: referralId }, async (tx) => ({
        referralId,
        phone: await reveal(tx, principal, referralId, 'phone', purpose),
      })),

    async funnel({ principal }, { batchId }) {
      requireAllowed(principal, 'referral.read', { handlingOrgId: principal.org.id });
      const [rows, batches] = await Promise.all([
        db.referral.findMany({
          where: { handlingOrgId: principal.org.id, ...(batchId ? { batchId } : {}) },
          // Partners in the order they were first referred to.
          orderBy: { sentAt: 'asc' },
          select: {
            batchId: true,
            partnerOrgId: true,
            partnerOrgName: true,
            partnerRegion: true,
            status: true,
            answerDueOn: true,
            enrolledRegion: true,
          },
        }),
        db.referralBatch.findMany({
          where: { handlingOrgId: principal.org.id, ...(batchId ? { id: batchId } : {}) },
          orderBy: { createdAt: 'asc' },
        }),
      ]);
      const today = beijingToday();
      const byBatch = groupBy(rows, (row) => row.batchId);
      const byPartner = groupBy(rows, (row) => row.partnerOrgId);
      return {
        byBatch: batches.map((batch) => ({
          batchId: batch.id,
          title: batch.title,
          partnerOrgId: batch.partnerOrgId,
          sentOn: fromDbDate(batch.sentOn),
          ...countFunnel(byBatch.get(batch.id) ?? [], today),
        })),
        byPartner: [...byPartner.entries()].map(([partnerOrgId, group]) => ({
          partnerOrgId,
          partnerOrgName: group[0]?.partnerOrgName ?? '',
          ...countFunnel(group, today),
        })),
      };
    },

    async listSuggestions({ principal }) {
      requireAllowed(principal, 'referral.read', { handlingOrgId: principal.org.id });
      const rows = await db.referralSuggestion.findMany({
        where: { handlingOrgId: principal.org.id },
        orderBy: { createdAt: 'asc' },
      });
      return rows.map((row) => ({
        suggestionId: row.id,
        caseId: row.caseId,
        handlingOrgId: row.handlingOrgId,
        programme: row.programme as ReferralProgramme,
        source: row.source as 'investigation' | 'followup',
        note: row.note,
        status: row.status as 'open' | 'confirmed' | 'dismissed',
        referralId: row.referralId,
        createdAt: row.createdAt.toISOString(),
      }));
    },

    confirmSuggestion: async ({ principal }, input) => {
      const directory = await ctx.directory.read();
      return db.$transaction(async (tx) => {
        const suggestion = await tx.referralSuggestion.findUnique({ where: { id: input.suggestionId } });
        if (!suggestion) throw caseRefusal(principal, 'referral.record');
        await cases.authorize(principal, 'referral.record', suggestion.caseId, tx);
        const programme = input.programme ?? (suggestion.programme as ReferralProgramme);
        const sent = await send(
          tx,
          principal,
          {
            partner: input.partner,
            items: [
              {
                caseId: suggestion.caseId,
                programme,
                person: input.person,
                reason: input.reason ?? suggestion.note,
              },
            ],
          },
          directory,
        );
        const { count } = await tx.referralSuggestion.updateMany({
          where: { id: suggestion.id, status: 'open' },
          data: { status: 'confirmed', referralId: sent.referralIds[0] ?? null },
        });
        if (count === 0) throw conflict('该转介建议已处理');
        return sent;
      });
    },

    pledge: async ({ principal }, input) => {
      const directory = await ctx.directory.read();
      return db.$transaction(async (tx) => {
        const { record, partner } = await caseAccess(principal, 'donation.record', input.caseId, tx);
        const { handlingOrgId } = record;
        if (partner && input.organisedByOrgId !== principal.org.id)
          throw forbidden('协作部门只能登记本部门组织的爱心企业或慈善组织的认捐');
        const organiser = partnerDepartment(directory, input.organisedByOrgId, ORGANISER_REFUSALS);
        const row = await tx.pledge.create({
          data: {
            id: crypto.randomUUID(),
            caseId: input.caseId,
            handlingOrgId,
            kind: input.kind,
            donorName: input.donorName,
            organisedByOrgId: input.organisedByOrgId,
            amountFen: input.kind === 'money' ? BigInt(input.amountFen) : null,
            jobDescription: input.kind === 'job' ? input.jobDescription : null,
            recordedBy: principal.userId,
          },
        });
        if (input.kind === 'money')
          await publish(tx, donationPledged, {
            caseKey: input.caseId,
            actor: actorOf(principal),
            payload: {
              caseId: input.caseId,
              handlingOrgId,
              pledgeId: row.id,
              donorName: input.donorName,
              organisedByOrgId: organiser.id,
              organisedByOrgName: organiser.name,
              amountFen: input.amountFen,
            },
          });
        return toPledgeView(row);
      });
    },

    async listPledges({ principal }, { caseId }) {
      const { record, partner } = await caseAccess(principal, 'referral.read', caseId);
      // A partner department sees the pledges it organised; the handling agency all of its case's.
      const rows = await db.pledge.findMany({
        where: {
          caseId,
          handlingOrgId: record.handlingOrgId,
          ...(partner ? { organisedByOrgId: principal.org.id } : {}),
        },
        orderBy: { pledgedAt: 'asc' },
      });
      return rows.map(toPledgeView);
    },
  };
}
