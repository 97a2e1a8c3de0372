import { visitScheduled, type VisitView } from '@jiuzhu/contracts';
import type { ServiceContext } from '@jiuzhu/service-kit';
import { beijingToday, fromDbDate, toDbDate } from '@jiuzhu/calendar';
import type { Db, Tx } from './database.ts';
import { METHOD_LABELS } from './labels.ts';
import { recordFact } from './ledger.ts';
import type { PlannedVisit } from './plan.ts';

export type Publish = ServiceContext<Db, Tx>['publish'];
type Trigger = VisitView['trigger'];

/** Stores the visits, publishes `followup.visit-scheduled` for each and writes them to the observation ledger. */
export async function scheduleVisits(
  publish: Publish,
  tx: Tx,
  target: { caseId: string; handlingOrgId: string; actor: { userId: string; orgId: string } },
  visits: PlannedVisit[],
  trigger: Trigger,
): Promise<string[]> {
  const { caseId, handlingOrgId } = target;
  const ids: string[] = [];
  for (const planned of visits) {
    const visit = await tx.visit.create({
      data: {
        id: crypto.randomUUID(),
        caseId,
        handlingOrgId,
        method: planned.method,
        purpose: planned.purpose,
        trigger,
        dueOn: toDbDate(planned.dueOn),
        status: 'scheduled',
      },
    });
    const event = await publish(tx, visitScheduled, {
      caseKey: caseId,
      actor: target.actor,
      payload: { caseId, handlingOrgId, visitId: visit.id, dueOn: planned.dueOn, method: planned.method },
    });
    const what = planned.purpose === 'counselling' ? '未成年人心理疏导回访' : METHOD_LABELS[planned.method];
    await recordFact(tx, event, {
      kind: 'visit_scheduled',
      summary: `安排${what}，应于${planned.dueOn}前完成`,
    });
    ids.push(visit.id);
  }
  return ids;
}

type VisitRow = Awaited<ReturnType<Db['visit']['findFirstOrThrow']>>;

export function visitView(row: VisitRow, today = beijingToday()): VisitView {
  const dueOn = fromDbDate(row.dueOn);
  return {
    visitId: row.id,
    caseId: row.caseId,
    handlingOrgId: row.handlingOrgId,
    method: row.method as VisitView['method'],
    purpose: row.purpose as VisitView['purpose'],
    dueOn,
    status: row.status as VisitView['status'],
    overdue: row.status === 'scheduled' && dueOn < today,
    trigger: row.trigger as Trigger,
  };
}
