import type { ReferralView } from '@jiuzhu/contracts';
import { maskIdNumber, maskPhone } from '@jiuzhu/telemetry';
import { fromDbDate, type CalendarDate } from '@jiuzhu/calendar';
import type { Prisma } from './generated/prisma/client.ts';

export const WITH_HISTORY = { history: { orderBy: { id: 'asc' } } } as const satisfies Prisma.ReferralInclude;
export type ReferralRow = Prisma.ReferralGetPayload<{ include: typeof WITH_HISTORY }>;

/** No answer from the partner past the due day: only a referral still sitting unanswered in its inbox. */
export function isOverdue(row: { status: string; answerDueOn: Date }, today: CalendarDate): boolean {
  return row.status === 'sent' && today > fromDbDate(row.answerDueOn);
}

/** Fields of the referred person every view shows (ID number and phone masked); each read is audited. */
export const VIEWED_PERSON_FIELDS = ['name', 'idNumberMasked', 'phoneMasked', 'address'];

export function toReferralView(row: ReferralRow, today: CalendarDate): ReferralView {
  const finished = row.status === 'enrolled' || row.status === 'not_enrolled';
  return {
    referralId: row.id,
    batchId: row.batchId,
    caseId: row.caseId,
    handlingOrgId: row.handlingOrgId,
    partnerOrgId: row.partnerOrgId,
    partnerOrgName: row.partnerOrgName,
    partnerRegion: row.partnerRegion,
    programme: row.programme,
    status: row.status as ReferralView['status'],
    sentAt: row.sentAt.toISOString(),
    sentOn: fromDbDate(row.sentOn),
    answerDueOn: fromDbDate(row.answerDueOn),
    overdue: isOverdue(row, today),
    reason: row.reason,
    person: {
      name: row.personName,
      idNumberMasked: maskIdNumber(row.personIdNumber),
      phoneMasked: row.personPhone === null ? null : maskPhone(row.personPhone),
      address: { regionCode: row.personRegionCode, detail: row.personAddress },
      householdNote: row.householdNote,
    },
    declineReason: row.declineReason,
    outcome: finished
      ? {
          enrolledProgramme: row.enrolledProgramme as NonNullable<
            ReferralView['outcome']
          >['enrolledProgramme'],
          enrolledFrom: row.enrolledFrom ? fromDbDate(row.enrolledFrom) : null,
          enrolledRegion: row.enrolledRegion,
          monthlyAmountFen: row.monthlyAmountFen === null ? null : Number(row.monthlyAmountFen),
          note: row.outcomeNote,
        }
      : null,
    history: row.history.map((entry) => ({
      at: entry.at.toISOString(),
      orgId: entry.orgId,
      action: entry.action as ReferralView['history'][number]['action'],
      note: entry.note,
    })),
  };
}
