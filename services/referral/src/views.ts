import {
  answerOverdue,
  PROGRAMME_PERSON_FIELDS,
  REFERRED_PERSON_OPTIONAL_FIELDS,
  type ReferralProgramme,
  type ReferralView,
  type ReferredPersonOptionalField,
} from '@jiuzhu/contracts';
import { maskIdNumber, maskPhone } from '@jiuzhu/telemetry';
import { fromDbDate, type CalendarDate } from '@jiuzhu/calendar';
import type { Prisma } from './generated/prisma/client.ts';

export const WITH_HISTORY = { history: { orderBy: { id: 'asc' } } } as const satisfies Prisma.ReferralInclude;
export type ReferralRow = Prisma.ReferralGetPayload<{ include: typeof WITH_HISTORY }>;

/** No answer from the partner past the due day: only a referral still sitting unanswered in its inbox. */
export function isOverdue(row: { status: string; answerDueOn: Date }, today: CalendarDate): boolean {
  return row.status === 'sent' && answerOverdue(fromDbDate(row.answerDueOn), today);
}

/** Who reads a referral: the referring agency sees its whole record, the partner what the programme needs. */
export type Reader = 'referrer' | 'partner';

/** The optional person fields a reader receives of a referral. */
export function sharedFields(
  row: { programme: string },
  reader: Reader,
): readonly ReferredPersonOptionalField[] {
  if (reader === 'referrer') return REFERRED_PERSON_OPTIONAL_FIELDS;
  return PROGRAMME_PERSON_FIELDS[row.programme as ReferralProgramme]?.receives ?? [];
}

const VIEWED_AS: Record<ReferredPersonOptionalField, string> = {
  phone: 'phoneMasked',
  address: 'address',
  householdNote: 'householdNote',
  schoolingNote: 'schoolingNote',
  healthNote: 'healthNote',
  workNote: 'workNote',
};

/** The person fields a view shows the reader (ID number and phone masked), as recorded in the read audit. */
export function viewedPersonFields(row: { programme: string }, reader: Reader): string[] {
  return [
    'name',
    'idNumberMasked',
    'regionCode',
    ...sharedFields(row, reader).map((field) => VIEWED_AS[field]),
  ];
}

export function toReferralView(row: ReferralRow, today: CalendarDate, reader: Reader): ReferralView {
  const finished = row.status === 'enrolled' || row.status === 'not_enrolled';
  const shared = new Set(sharedFields(row, reader));
  const ifShared = <T>(field: ReferredPersonOptionalField, value: T): T | null =>
    shared.has(field) ? value : null;
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
      phoneMasked: ifShared('phone', row.personPhone === null ? null : maskPhone(row.personPhone)),
      address: { regionCode: row.personRegionCode, detail: ifShared('address', row.personAddress) },
      householdNote: ifShared('householdNote', row.householdNote),
      schoolingNote: ifShared('schoolingNote', row.schoolingNote),
      healthNote: ifShared('healthNote', row.healthNote),
      workNote: ifShared('workNote', row.workNote),
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
