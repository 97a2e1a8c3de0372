import { deadlineAlert } from '@jiuzhu/contracts';
import type { ServiceContext } from '@jiuzhu/service-kit';
import { addWorkingDays, fromDbDate, toDbDate, type CalendarDate } from '@jiuzhu/calendar';
import type { Db, Tx } from './database.ts';
import { deadlineFlag, ruleFor, type DeadlineRule } from './deadlines.ts';

export const loadRules = (db: Db | Tx): Promise<DeadlineRule[]> => db.deadlineRule.findMany();

/**
 * Raises deadline alerts for pending leads that came near or past their review deadline: one row and one
 * `intake.deadline-alert` event per lead, holding agency and level, however often it runs (the row's primary
 * key makes a second insert a no-op, and the event is published only with a new row, in the same transaction).
 */
export async function raiseDeadlineAlerts(
  { db, publish }: Pick<ServiceContext<Db, Tx>, 'db' | 'publish'>,
  today: CalendarDate,
  holderOrgId?: string,
): Promise<number> {
  const rules = await loadRules(db);
  const widestNear = Math.max(...rules.map((rule) => rule.nearWorkingDays), 1);
  const horizon = addWorkingDays(today, widestNear);
  const candidates = await db.lead.findMany({
    where: {
      status: 'pending',
      reviewDueOn: { lte: toDbDate(horizon) },
      ...(holderOrgId ? { holderOrgId } : {}),
    },
    select: { id: true, holderOrgId: true, holderRegionCode: true, reviewDueOn: true, urgentReasons: true },
  });
  let raised = 0;
  for (const lead of candidates) {
    const dueOn = fromDbDate(lead.reviewDueOn);
    const level = deadlineFlag(ruleFor(rules, lead.holderRegionCode), dueOn, today);
    if (level === 'ok') continue;
    await db.$transaction(async (tx) => {
      const inserted = await tx.deadlineAlert.createMany({
        data: [{ leadId: lead.id, holderOrgId: lead.holderOrgId, level, reviewDueOn: lead.reviewDueOn }],
        skipDuplicates: true,
      });
      if (inserted.count === 0) return;
      raised += 1;
      await publish(tx, deadlineAlert, {
        caseKey: lead.id,
        actor: { userId: 'system:intake-deadline-check', orgId: lead.holderOrgId },
        payload: {
          leadId: lead.id,
          holderOrgId: lead.holderOrgId,
          level,
          reviewDueOn: dueOn,
          urgent: lead.urgentReasons.length > 0,
        },
      });
    });
  }
  return raised;
}
