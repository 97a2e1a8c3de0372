import type { FunnelView } from '@jiuzhu/contracts';
import type { CalendarDate } from '@jiuzhu/calendar';
import { isOverdue } from './views.ts';

type Counts = Omit<FunnelView['byPartner'][number], 'partnerOrgId' | 'partnerOrgName'>;

export interface FunnelRow {
  status: string;
  answerDueOn: Date;
  partnerRegion: string;
  enrolledRegion: string | null;
}

const empty = (): Counts => ({
  sent: 0,
  accepted: 0,
  enrolled: 0,
  enrolledInOtherProvince: 0,
  notEnrolled: 0,
  declined: 0,
  pending: 0,
  overdue: 0,
});

/** sent → accepted → enrolled / not enrolled / declined / pending (of which overdue). */
export function countFunnel(rows: readonly FunnelRow[], today: CalendarDate): Counts {
  const counts = empty();
  for (const row of rows) {
    counts.sent += 1;
    if (['accepted', 'enrolled', 'not_enrolled'].includes(row.status)) counts.accepted += 1;
    if (row.status === 'enrolled') {
      counts.enrolled += 1;
      const province = (region: string) => region.slice(0, 2);
      if (row.enrolledRegion && province(row.enrolledRegion) !== province(row.partnerRegion))
        counts.enrolledInOtherProvince += 1;
    } else if (row.status === 'not_enrolled') counts.notEnrolled += 1;
    else if (row.status === 'declined') counts.declined += 1;
    else counts.pending += 1;
    if (isOverdue(row, today)) counts.overdue += 1;
  }
  return counts;
}

export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
