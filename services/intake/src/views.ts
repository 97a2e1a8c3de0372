import type { CaseView, LeadSummary, LeadView, UrgentReason } from '@jiuzhu/contracts';
import { maskBankAccount, maskIdNumber, maskPhone } from '@jiuzhu/telemetry';
import { fromDbDate, type CalendarDate } from '@jiuzhu/calendar';
import { deadlineFlag, ruleFor, type DeadlineRule } from './deadlines.ts';
import type { Prisma } from './generated/prisma/client.ts';

export const LEAD_INCLUDE = {
  people: { orderBy: { role: 'asc' } },
  history: { orderBy: { id: 'asc' } },
  case: true,
} as const satisfies Prisma.LeadInclude;

export type LeadRow = Prisma.LeadGetPayload<{ include: typeof LEAD_INCLUDE }>;
type PersonRow = LeadRow['people'][number];

/** The holder's rule set and today's date, to flag deadlines in lists. */
export interface Clock {
  today: CalendarDate;
  rules: readonly DeadlineRule[];
}

export const transferorsOf = (row: LeadRow) =>
  row.history.filter((entry) => entry.action === 'transferred').map((entry) => entry.orgId);

const applicantOf = (people: readonly PersonRow[]) => people.find((person) => person.role === 'applicant');

function core(row: Omit<LeadRow, 'people' | 'history'>, clock: Clock) {
  const dueOn = fromDbDate(row.reviewDueOn);
  const urgentReasons = row.urgentReasons as UrgentReason[];
  return {
    leadId: row.id,
    groupId: row.groupId,
    source: row.source as LeadView['source'],
    sender: {
      orgId: row.senderOrgId,
      orgName: row.senderOrgName,
      department: row.senderDepartment,
      stage: row.referralStage as LeadView['sender']['stage'],
    },
    holder: {
      orgId: row.holderOrgId,
      orgName: row.holderOrgName,
      orgType: row.holderOrgType as LeadView['holder']['orgType'],
    },
    status: row.status as LeadView['status'],
    decisionReason: row.decisionReason,
    caseId: row.case?.id ?? null,
    caseNumber: row.case?.caseNumber ?? null,
    urgent: urgentReasons.length > 0,
    urgentReasons,
    receivedOn: fromDbDate(row.receivedOn),
    reviewDueOn: dueOn,
    deadline:
      row.status === 'pending'
        ? deadlineFlag(ruleFor(clock.rules, row.holderRegionCode), dueOn, clock.today)
        : null,
  };
}

export function toPersonView(person: PersonRow): LeadView['people'][number] {
  return {
    personId: person.id,
    role: person.role as LeadView['people'][number]['role'],
    relation: person.relation,
    dependency: person.dependency as LeadView['people'][number]['dependency'],
    name: person.name,
    idNumberMasked: person.idNumber ? maskIdNumber(person.idNumber) : null,
    phoneMasked: person.phone ? maskPhone(person.phone) : null,
    regionCode: person.regionCode,
    bankAccountMasked: person.bankAccount ? maskBankAccount(person.bankAccount) : null,
    monthlyHouseholdIncomeFen:
      person.monthlyHouseholdIncomeFen === null ? null : Number(person.monthlyHouseholdIncomeFen),
  };
}

export function toLeadView(row: LeadRow, access: 'holder' | 'sender', clock: Clock): LeadView {
  return {
    ...core(row, clock),
    access,
    incidentSummary: row.incidentSummary,
    underlyingCaseRef: row.underlyingCaseRef,
    requestedAmountFen: Number(row.requestedAmountFen),
    applicationForm: row.applicationForm as LeadView['applicationForm'],
    people: access === 'holder' ? row.people.map(toPersonView) : [],
    history: row.history.map((entry) => ({
      at: entry.at.toISOString(),
      orgId: entry.orgId,
      orgName: entry.orgName,
      action: entry.action as LeadView['history'][number]['action'],
      toOrgName: entry.toOrgName,
      note: entry.note,
    })),
  };
}

export function toLeadSummary(row: LeadRow, clock: Clock, withPeople: boolean): LeadSummary {
  const applicant = withPeople ? applicantOf(row.people) : undefined;
  return {
    ...core(row, clock),
    applicantName: applicant?.name ?? null,
    applicantIdNumberMasked: applicant?.idNumber ? maskIdNumber(applicant.idNumber) : null,
  };
}

/** Pending first; among them urgent (green channel) first, then the nearest deadline. */
export function worklistOrder(a: LeadSummary, b: LeadSummary): number {
  const rank = (lead: LeadSummary) => (lead.status === 'pending' ? 0 : 1);
  return (
    rank(a) - rank(b) ||
    Number(b.urgent) - Number(a.urgent) ||
    a.reviewDueOn.localeCompare(b.reviewDueOn) ||
    a.receivedOn.localeCompare(b.receivedOn)
  );
}

export function toCaseView(
  row: Prisma.CaseGetPayload<{ include: { lead: { include: { people: true } } } }>,
): CaseView {
  const applicant = applicantOf(row.lead.people);
  return {
    caseId: row.id,
    caseNumber: row.caseNumber,
    leadId: row.leadId,
    handlingOrgId: row.handlingOrgId,
    source: row.source as CaseView['source'],
    status: 'open',
    urgent: row.urgent,
    requestedAmountFen: Number(row.requestedAmountFen),
    applicant: {
      name: applicant?.name ?? '',
      idNumberMasked: applicant?.idNumber ? maskIdNumber(applicant.idNumber) : '',
      phoneMasked: applicant?.phone ? maskPhone(applicant.phone) : '',
    },
    openedAt: row.openedAt.toISOString(),
  };
}
