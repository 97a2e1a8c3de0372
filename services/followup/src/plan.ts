import type { PlanStep, VisitMethod, VisitPlanView } from '@jiuzhu/contracts';
import { addMonths, type CalendarDate } from '@jiuzhu/calendar';
import type { Db, Tx } from './database.ts';

/** Return visits 1, 3, 6 and 12 months after payment; a household with minors adds counselling at 2 months. */
export const DEFAULT_PLAN: Omit<VisitPlanView, 'orgId' | 'isDefault'> = {
  steps: [
    { monthsAfter: 1, method: 'phone' },
    { monthsAfter: 3, method: 'home_visit' },
    { monthsAfter: 6, method: 'village_committee' },
    { monthsAfter: 12, method: 'home_visit' },
  ],
  counsellingMonthsAfter: [2],
};

export async function planFor(db: Db | Tx, orgId: string): Promise<VisitPlanView> {
  const row = await db.visitPlan.findUnique({ where: { orgId } });
  if (!row) return { orgId, ...DEFAULT_PLAN, isDefault: true };
  return {
    orgId,
    steps: row.steps as PlanStep[],
    counsellingMonthsAfter: row.counsellingMonthsAfter,
    isDefault: false,
  };
}

export interface PlannedVisit {
  dueOn: CalendarDate;
  method: VisitMethod;
  purpose: 'return_visit' | 'counselling';
}

/** The visits a plan asks for, counted from `start` (a Beijing date), sorted by date. */
export function plannedVisits(
  plan: Pick<VisitPlanView, 'steps' | 'counsellingMonthsAfter'>,
  start: CalendarDate,
  hasMinors: boolean,
): PlannedVisit[] {
  const visits: PlannedVisit[] = plan.steps.map((step) => ({
    dueOn: addMonths(start, step.monthsAfter),
    method: step.method,
    purpose: 'return_visit',
  }));
  if (hasMinors) visits.push(...counsellingVisits(plan, start));
  return visits.sort((a, b) => a.dueOn.localeCompare(b.dueOn));
}

export function counsellingVisits(
  plan: Pick<VisitPlanView, 'counsellingMonthsAfter'>,
  start: CalendarDate,
): PlannedVisit[] {
  return plan.counsellingMonthsAfter.map((months) => ({
    dueOn: addMonths(start, months),
    method: 'home_visit',
    purpose: 'counselling',
  }));
}
