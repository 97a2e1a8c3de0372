import type { VisitView } from '@jiuzhu/contracts';

/** Visits due as a caseworker works them: overdue first, then the earliest due day. */
export function byDueDate(a: VisitView, b: VisitView): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  return a.dueOn.localeCompare(b.dueOn);
}
