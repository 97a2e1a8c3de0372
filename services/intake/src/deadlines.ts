import type { UrgentReason } from '@jiuzhu/contracts';
import { addWorkingDays, workingDaysBetween, type CalendarDate } from '@jiuzhu/calendar';

/** Review periods for one region prefix (table `deadline_rule`). */
export interface DeadlineRule {
  regionPrefix: string;
  reviewDays: number;
  urgentMedicalReviewDays: number;
  nearWorkingDays: number;
}

export const DEFAULT_RULE: DeadlineRule = {
  regionPrefix: '',
  reviewDays: 5,
  urgentMedicalReviewDays: 2,
  nearWorkingDays: 1,
};

/** The rule with the longest region-code prefix matching the holding agency's region. */
export function ruleFor(rules: readonly DeadlineRule[], regionCode: string): DeadlineRule {
  let best: DeadlineRule | undefined;
  for (const rule of rules)
    if (
      regionCode.startsWith(rule.regionPrefix) &&
      rule.regionPrefix.length >= (best?.regionPrefix.length ?? -1)
    )
      best = rule;
  return best ?? DEFAULT_RULE;
}

/** Last day to finish the review: 2 working days for urgent medical cases, otherwise 5 (or the region's rule). */
export function reviewDueOn(
  rule: DeadlineRule,
  receivedOn: CalendarDate,
  urgentReasons: readonly UrgentReason[],
): CalendarDate {
  const days = urgentReasons.includes('urgent_medical') ? rule.urgentMedicalReviewDays : rule.reviewDays;
  return addWorkingDays(receivedOn, days);
}

export type DeadlineFlag = 'ok' | 'near' | 'past';

/** past: the due day is over; near: at most `nearWorkingDays` working days are left (today not counted). */
export function deadlineFlag(rule: DeadlineRule, dueOn: CalendarDate, today: CalendarDate): DeadlineFlag {
  if (today > dueOn) return 'past';
  return workingDaysBetween(today, dueOn) <= rule.nearWorkingDays ? 'near' : 'ok';
}
