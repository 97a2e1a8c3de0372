import {
  actorOf,
  caseRefusal,
  notFound,
  requireAllowed,
  revealLimit,
  type ServiceContext,
} from '@jiuzhu/service-kit';
import {
  caseOpened,
  type CreateGroupLeadInput,
  type CreateLeadInput,
  type DuplicateCheckView,
  type DuplicateMatch,
  intakeRevealLimitExceeded,
  type IntakeApi,
  type LeadMemberInput,
  type Organisation,
  type Principal,
} from '@jiuzhu/contracts';
import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import {
  accessTo,
  decisionRefusal,
  handlesCases,
  isSenderOf,
  leadRefusal,
  readsOwnOrgLeads,
  requireHolderDecision,
} from './access.ts';
import { loadRules, raiseDeadlineAlerts } from './alerts.ts';
import { beijingToday, fromDbDate, toDbDate, type CalendarDate } from '@jiuzhu/calendar';
import type { Db, Tx } from './database.ts';
import { reviewDueOn, ruleFor } from './deadlines.ts';
import { findDuplicates } from './duplicates.ts';
import { agencyNamed, checkTransferTarget, receivingAgency } from './intake-rules.ts';
import {
  LEAD_INCLUDE,
  toCaseView,
  toLeadSummary,
  toLeadView,
  transferorsOf,
  worklistOrder,
  type Clock,
  type LeadRow,
} from './views.ts';
import type { Prisma } from './generated/prisma/client.ts';

type Shared = Omit<z.output<typeof CreateGroupLeadInput>, 'members'>;
type Member = z.output<typeof LeadMemberInput>;

const badRequest = (message: string) => new TRPCError({ code: 'BAD_REQUEST', message });
const conflict = (message: string) => new TRPCError({ code: 'CONFLICT', message });

const SOURCE_NOTES: Record<string, string> = {
  internal_department: '本院内部部门移送',
  own_application: '当事人申请',
  ex_officio: '依职权发现',
  partner_department: '协作部门移送',
  superior_agency: '上级机构交办',
};

async function nextCaseNumber(tx: Tx, handlingOrgId: string, year: number): Promise<string> {
  const counter = await tx.caseCounter.upsert({
    where: { handlingOrgId_year: { handlingOrgId, year } },
    create: { handlingOrgId, year, next: 2 },
    update: { next: { increment: 1 } },
  });
  return `JZ-${year}-${handlingOrgId}-${String(counter.next - 1).padStart(5, '0')}`;
}

function peopleOf(member: Member): Omit<Prisma.PersonCreateManyInput, 'leadId'>[] {
  const { applicant } = member;
  const people: Omit<Prisma.PersonCreateManyInput, 'leadId'>[] = [
    {
      id: crypto.randomUUID(),
      role: 'applicant',
      relation: applicant.relationToVictim,
      name: applicant.name,
      idNumber: applicant.idNumber,
      phone: applicant.phone,
      regionCode: applicant.address.regionCode,
      address: applicant.address.detail,
      bankAccount: applicant.bankAccount ?? null,
      monthlyHouseholdIncomeFen:
        applicant.monthlyHouseholdIncomeFen === undefined
          ? null
          : BigInt(applicant.monthlyHouseholdIncomeFen),
    },
  ];
  if (member.victim)
    people.push({
      id: crypto.randomUUID(),
      role: 'victim',
      relation: member.victim.deceased ? 'deceased' : null,
      name: member.victim.name,
      idNumber: member.victim.idNumber ?? null,
    });
  for (const relative of member.relatives)
    people.push({
      id: crypto.randomUUID(),
      role: 'relative',
      relation: relative.relation,
      dependency: relative.dependency ?? null,
      name: relative.name,
      idNumber: relative.idNumber ?? null,
      phone: relative.phone ?? null,
    });
  return people;
}

export function createIntakeApi(ctx: ServiceContext<Db, Tx>): IntakeApi {
  const { db, publish } = ctx;
  const reveals = revealLimit(ctx, {
    alert: intakeRevealLimitExceeded,
    countSince: (tx, userId, since) =>
      tx.personDataAccess.count({ where: { accessedBy: userId, accessedAt: { gte: since } } }),
  });
  // Raw statements are not schema-qualified by the adapter; DB_SCHEMA is validated as a plain identifier.
  const leadTable = `"${ctx.config.DB_SCHEMA}"."lead"`;

  async function clock(): Promise<Clock> {
    return { today: beijingToday(), rules: await loadRules(db) };
  }

  /** The lead, or undefined: callers refuse a missing lead as they refuse one the caller may not see. */
  async function loadLead(leadId: string, client: Db | Tx = db): Promise<LeadRow | undefined> {
    return (await client.lead.findUnique({ where: { id: leadId }, include: LEAD_INCLUDE })) ?? undefined;
  }

  const parties = (row: LeadRow) => ({ ...row, transferorOrgIds: transferorsOf(row) });

  async function viewFor(principal: Principal, leadId: string) {
    const row = await loadLead(leadId);
    if (!row) throw leadRefusal(principal);
    return toLeadView(row, accessTo(principal, parties(row)), await clock());
  }

  /** Loads a pending lead the principal may decide on, inside the transaction, locking it against races. */
  async function pendingLeadForDecision(tx: Tx, principal: Principal, leadId: string): Promise<LeadRow> {
    await tx.$queryRawUnsafe(`SELECT id FROM ${leadTable} WHERE id = $1::uuid FOR UPDATE`, leadId);
    const row = await loadLead(leadId, tx);
    if (!row) throw decisionRefusal(principal);
    requireHolderDecision(principal, parties(row));
    if (row.status !== 'pending')
      throw conflict(row.status === 'accepted' ? '该线索已受理立案' : '该线索已作出不予受理或终止办理的决定');
    return row;
  }

  async function dueOnFor(
    holderRegion: string,
    receivedOn: CalendarDate,
    urgentReasons: Member['urgentReasons'],
  ) {
    return reviewDueOn(ruleFor(await loadRules(db), holderRegion), receivedOn, urgentReasons);
  }

  /** Records leads (one per person) with their people and a "received" entry; returns their ids. */
  async function recordLeads(
    principal: Principal,
    shared: Shared,
    members: Member[],
    groupId: string | null,
  ) {
    requireAllowed(principal, 'lead.create');
    const to = shared.to === undefined ? undefined : agencyNamed(await ctx.directory.read(), shared.to);
    const receiver = receivingAgency(principal, shared.source, to);
    const today = beijingToday();
    const receivedOn = shared.receivedOn ?? today;
    if (receivedOn > today) throw badRequest('收到线索的日期不能晚于今天');
    const rule = ruleFor(await loadRules(db), receiver.region);
    const fromElsewhere = receiver.id !== principal.org.id;

    return db.$transaction(async (tx) => {
      const ids: string[] = [];
      for (const member of members) {
        const id = crypto.randomUUID();
        const urgentReasons = [...new Set([...member.urgentReasons])];
        await tx.lead.create({
          data: {
            id,
            groupId,
            source: shared.source,
            senderOrgId: principal.org.id,
            senderOrgName: principal.org.name,
            senderDepartment: shared.referral?.department ?? null,
            referralStage: shared.referral?.stage ?? null,
            submittedBy: principal.userId,
            applicationForm: shared.applicationForm ?? null,
            holderOrgId: receiver.id,
            holderOrgName: receiver.name,
            holderOrgType: receiver.type,
            holderRegionCode: receiver.region,
            status: 'pending',
            incidentSummary: shared.incidentSummary,
            underlyingCaseRef: shared.underlyingCaseRef ?? null,
            urgentReasons,
            requestedAmountFen: BigInt(member.requestedAmountFen),
            consentForm: member.consent.form,
            receivedOn: toDbDate(receivedOn),
            reviewDueOn: toDbDate(reviewDueOn(rule, receivedOn, urgentReasons)),
          },
        });
        await tx.person.createMany({ data: peopleOf(member).map((person) => ({ ...person, leadId: id })) });
        await tx.leadHistory.create({
          data: {
            leadId: id,
            orgId: receiver.id,
            orgName: receiver.name,
            actorId: principal.userId,
            action: 'received',
            note: fromElsewhere
              ? `${SOURCE_NOTES[shared.source]}：${principal.org.name}`
              : `${SOURCE_NOTES[shared.source]}${shared.referral ? `：${shared.referral.department}` : ''}`,
          },
        });
        ids.push(id);
      }
      return ids;
    });
  }

  async function recordCheck(tx: Tx, principal: Principal, row: LeadRow, matches: DuplicateMatch[]) {
    const check = await tx.duplicateCheck.create({
      data: {
        id: crypto.randomUUID(),
        leadId: row.id,
        checkedBy: principal.userId,
        matches: matches as unknown as Prisma.InputJsonValue,
      },
    });
    await tx.leadHistory.create({
      data: {
        leadId: row.id,
        orgId: row.holderOrgId,
        orgName: row.holderOrgName,
        actorId: principal.userId,
        action: 'duplicate_checked',
        note: matches.length === 0 ? '未发现重复救助' : `发现${matches.length}条相关救助记录`,
      },
    });
    return check;
  }

  return {
    async createLead({ principal }, input: z.output<typeof CreateLeadInput>) {
      const { applicant, victim, relatives, requestedAmountFen, urgentReasons, consent, ...shared } = input;
      const [id] = await recordLeads(
        principal,
        shared,
        [{ applicant, victim, relatives, requestedAmountFen, urgentReasons, consent }],
        null,
      );
      return viewFor(principal, id as string);
    },

    async createGroupLead({ principal }, { members, ...shared }) {
      const groupId = crypto.randomUUID();
      const ids = await recordLeads(principal, shared, members, groupId);
      const rows = await db.lead.findMany({ where: { id: { in: ids } }, include: LEAD_INCLUDE });
      const now = await clock();
      const withPeople = rows.every((row) => accessTo(principal, parties(row)) === 'holder');
      return { groupId, leads: rows.map((row) => toLeadSummary(row, now, withPeople)).sort(worklistOrder) };
    },

    async listLeads({ principal }, { box, status }) {
      const statusFilter = status ? { status } : {};
      let where: Prisma.LeadWhereInput;
      let withPeople: boolean;
      if (box === 'inbox') {
        if (!readsOwnOrgLeads(principal))
          throw new TRPCError({
            code: 'FORBIDDEN',
            message: '您无权查看本机构收到的案源线索，可在“已移送”中查看自己移送的线索',
          });
        where = { holderOrgId: principal.org.id, ...statusFilter };
        withPeople = true;
      } else {
        const mine: Prisma.LeadWhereInput[] = [];
        if (principal.roles.includes('partner_officer')) mine.push({ senderOrgId: principal.org.id });
        if (principal.roles.includes('lead_referrer')) mine.push({ submittedBy: principal.userId });
        if (readsOwnOrgLeads(principal))
          mine.push(
            { senderOrgId: principal.org.id, holderOrgId: { not: principal.org.id } },
            { history: { some: { orgId: principal.org.id, action: 'transferred' } } },
          );
        if (mine.length === 0) throw new TRPCError({ code: 'FORBIDDEN', message: '您无权查看案源线索' });
        where = { OR: mine, ...statusFilter };
        withPeople = false;
      }
      const rows = await db.lead.findMany({
        where,
        include: LEAD_INCLUDE,
        orderBy: { createdAt: 'desc' },
        take: 500,
      });
      const now = await clock();
      return rows
        .filter((row) => box === 'inbox' || isSenderOf(principal, parties(row)))
        .map((row) => toLeadSummary(row, now, withPeople))
        .sort(worklistOrder);
    },

    async getLead({ principal }, { leadId }) {
      return viewFor(principal, leadId);
    },

    async checkDuplicates({ principal }, { leadId }) {
      const check = await db.$transaction(async (tx) => {
        const row = await pendingLeadForDecision(tx, principal, leadId);
        return recordCheck(tx, principal, row, await findDuplicates(tx, leadId));
      });
      return {
        checkId: check.id,
        leadId,
        checkedAt: check.checkedAt.toISOString(),
        matches: check.matches as unknown as DuplicateMatch[],
        decision: null,
        reason: null,
      } satisfies DuplicateCheckView;
    },

    async recordDuplicateDecision({ principal }, { leadId, checkId, decision, reason }) {
      await db.$transaction(async (tx) => {
        const row = await pendingLeadForDecision(tx, principal, leadId);
        const check = await tx.duplicateCheck.findUnique({ where: { id: checkId } });
        if (!check || check.leadId !== leadId) throw notFound('查重记录');
        if (check.decision) throw conflict('该查重结果已记录决定');
        await tx.duplicateCheck.update({
          where: { id: checkId },
          data: { decision, reason, decidedBy: principal.userId, decidedAt: new Date() },
        });
        await tx.leadHistory.create({
          data: {
            leadId,
            orgId: row.holderOrgId,
            orgName: row.holderOrgName,
            actorId: principal.userId,
            action: 'duplicate_decided',
            note: `${decision === 'continue' ? '继续办理' : '终止办理'}：${reason}`,
          },
        });
        if (decision === 'stop')
          await tx.lead.update({
            where: { id: leadId },
            data: {
              status: 'declined',
              decisionReason: `一案一救助，终止办理：${reason}`,
              decidedAt: new Date(),
            },
          });
      });
      return viewFor(principal, leadId);
    },

    async acceptLead({ principal }, { leadId }) {
      const caseId = await db.$transaction(async (tx) => {
        const row = await pendingLeadForDecision(tx, principal, leadId);
        if (!handlesCases(row.holderOrgType))
          throw new TRPCError({ code: 'FORBIDDEN', message: '只有人民法院和人民检察院可以受理司法救助案件' });
        const matches = await findDuplicates(tx, leadId);
        if (matches.length > 0) {
          const latest = await tx.duplicateCheck.findFirst({
            where: { leadId },
            orderBy: { checkedAt: 'desc' },
          });
          const cleared = new Set(
            latest?.decision === 'continue'
              ? (latest.matches as unknown as DuplicateMatch[]).map((m) => m.leadId)
              : [],
          );
          if (!matches.every((match) => cleared.has(match.leadId)))
            throw new TRPCError({
              code: 'PRECONDITION_FAILED',
              message: `一案一救助：该当事人在其他案件或机构已有${matches.length}条救助记录，请先查重核对，并记录继续办理的决定和理由`,
            });
        } else {
          await recordCheck(tx, principal, row, []);
        }

        const openedAt = new Date();
        const created = await tx.case.create({
          data: {
            id: crypto.randomUUID(),
            caseNumber: await nextCaseNumber(tx, row.holderOrgId, Number(beijingToday(openedAt).slice(0, 4))),
            leadId,
            handlingOrgId: row.holderOrgId,
            handlingOrgParentId:
              principal.org.id === row.holderOrgId ? (principal.org.parentId ?? null) : null,
            source: row.source,
            urgent: row.urgentReasons.length > 0,
            requestedAmountFen: row.requestedAmountFen,
            status: 'open',
            openedBy: principal.userId,
            openedAt,
          },
        });
        await tx.lead.update({ where: { id: leadId }, data: { status: 'accepted', decidedAt: openedAt } });
        await tx.leadHistory.create({
          data: {
            leadId,
            orgId: row.holderOrgId,
            orgName: row.holderOrgName,
            actorId: principal.userId,
            action: 'accepted',
            note: `立案：${created.caseNumber}`,
          },
        });
        const opening = {
          caseId: created.id,
          caseNumber: created.caseNumber,
          handlingOrgId: created.handlingOrgId,
          handlingRegion: row.holderRegionCode,
          ...(created.handlingOrgParentId ? { handlingOrgParentId: created.handlingOrgParentId } : {}),
          leadSource: row.source as z.output<typeof CreateLeadInput>['source'],
          urgent: created.urgent,
          requestedAmountFen: Number(created.requestedAmountFen),
          leadId,
          ...(row.underlyingCaseRef ? { underlyingCaseRef: row.underlyingCaseRef } : {}),
        };
        // Intake's own record of who may touch the case, as every other service keeps it from the event.
        await ctx.cases.record(tx, opening, openedAt);
        await publish(tx, caseOpened, { caseKey: created.id, actor: actorOf(principal), payload: opening });
        return created.id;
      });
      return caseView(principal, caseId);
    },

    async transferLead({ principal }, { leadId, to, reason }) {
      const directory = await ctx.directory.read();
      await db.$transaction(async (tx) => {
        const row = await pendingLeadForDecision(tx, principal, leadId);
        const target = agencyNamed(directory, to);
        checkTransferTarget(row.holderOrgId, target);
        await transfer(tx, principal, row, target, reason);
      });
      return viewFor(principal, leadId);
    },

    async declineLead({ principal }, { leadId, reason }) {
      await db.$transaction(async (tx) => {
        const row = await pendingLeadForDecision(tx, principal, leadId);
        await tx.lead.update({
          where: { id: leadId },
          data: { status: 'declined', decisionReason: reason, decidedAt: new Date() },
        });
        await tx.leadHistory.create({
          data: {
            leadId,
            orgId: row.holderOrgId,
            orgName: row.holderOrgName,
            actorId: principal.userId,
            action: 'declined',
            note: reason,
          },
        });
      });
      return viewFor(principal, leadId);
    },

    async revealPerson({ principal }, { leadId, personId, fields, purpose }) {
      return reveals.run(principal, { procedure: 'revealPerson', caseKey: leadId }, async (tx) => {
        const row = await loadLead(leadId, tx);
        if (!row) throw caseRefusal(principal, 'person.reveal');
        requireAllowed(principal, 'person.reveal', { handlingOrgId: row.holderOrgId });
        const person = row.people.find((candidate) => candidate.id === personId);
        if (!person) throw notFound('当事人');
        const unique = [...new Set(fields)];
        await tx.personDataAccess.create({
          data: {
            personId,
            leadId,
            accessedBy: principal.userId,
            accessedByOrg: principal.org.id,
            fields: unique,
            purpose,
          },
        });
        return {
          personId,
          name: person.name,
          ...(unique.includes('idNumber') ? { idNumber: person.idNumber } : {}),
          ...(unique.includes('phone') ? { phone: person.phone } : {}),
          ...(unique.includes('address')
            ? {
                address:
                  person.regionCode && person.address
                    ? { regionCode: person.regionCode, detail: person.address }
                    : null,
              }
            : {}),
          ...(unique.includes('bankAccount') ? { bankAccount: person.bankAccount } : {}),
        };
      });
    },

    async listAlerts({ principal }) {
      requireAllowed(principal, 'alerts.read', { handlingOrgId: principal.org.id });
      await raiseDeadlineAlerts(ctx, beijingToday(), principal.org.id);
      const alerts = await db.deadlineAlert.findMany({
        where: { holderOrgId: principal.org.id },
        orderBy: [{ reviewDueOn: 'asc' }, { raisedAt: 'asc' }],
      });
      const leads = await db.lead.findMany({
        where: {
          id: { in: alerts.map((alert) => alert.leadId) },
          status: 'pending',
          holderOrgId: principal.org.id,
        },
        include: { people: { where: { role: 'applicant' } } },
      });
      const byId = new Map(leads.map((lead) => [lead.id, lead]));
      const strongest = new Map<string, (typeof alerts)[number]>();
      for (const alert of alerts) {
        const seen = strongest.get(alert.leadId);
        if (byId.has(alert.leadId) && (!seen || alert.level === 'past')) strongest.set(alert.leadId, alert);
      }
      return [...strongest.values()]
        .map((alert) => {
          const lead = byId.get(alert.leadId);
          return {
            leadId: alert.leadId,
            level: alert.level as 'near' | 'past',
            reviewDueOn: fromDbDate(alert.reviewDueOn),
            urgent: (lead?.urgentReasons.length ?? 0) > 0,
            applicantName: lead?.people[0]?.name ?? null,
            raisedAt: alert.raisedAt.toISOString(),
          };
        })
        .sort(
          (a, b) =>
            Number(b.level === 'past') - Number(a.level === 'past') ||
            Number(b.urgent) - Number(a.urgent) ||
            a.reviewDueOn.localeCompare(b.reviewDueOn),
        );
    },

    async getCase({ principal }, { caseId }) {
      return caseView(principal, caseId);
    },

    async listCases({ principal }) {
      requireAllowed(principal, 'case.read', { handlingOrgId: principal.org.id });
      const rows = await db.case.findMany({
        where: { handlingOrgId: principal.org.id },
        include: { lead: { include: { people: true } } },
        orderBy: { openedAt: 'desc' },
        take: 200,
      });
      return rows.map(toCaseView);
    },
  };

  async function caseView(principal: Principal, caseId: string) {
    await ctx.cases.authorize(principal, 'case.read', caseId);
    const row = await db.case.findUniqueOrThrow({
      where: { id: caseId },
      include: { lead: { include: { people: true } } },
    });
    return toCaseView(row);
  }

  /** Moves a pending lead to another agency: a new review period starts there; both ends see the history. */
  async function transfer(tx: Tx, principal: Principal, row: LeadRow, to: Organisation, reason: string) {
    const today = beijingToday();
    const dueOn = await dueOnFor(to.region, today, row.urgentReasons as Member['urgentReasons']);
    await tx.lead.update({
      where: { id: row.id },
      data: {
        holderOrgId: to.id,
        holderOrgName: to.name,
        holderOrgType: to.type,
        holderRegionCode: to.region,
        receivedOn: toDbDate(today),
        reviewDueOn: toDbDate(dueOn),
      },
    });
    await tx.leadHistory.createMany({
      data: [
        {
          leadId: row.id,
          orgId: row.holderOrgId,
          orgName: row.holderOrgName,
          actorId: principal.userId,
          action: 'transferred',
          toOrgId: to.id,
          toOrgName: to.name,
          note: reason,
        },
        {
          leadId: row.id,
          orgId: to.id,
          orgName: to.name,
          actorId: principal.userId,
          action: 'received',
          note: `由${row.holderOrgName}移送`,
        },
      ],
    });
  }
}
