import { followupRouter, referralCreated, visitScheduled, type VisitView } from '@jiuzhu/contracts';
import { on } from '@jiuzhu/bus';
import { defineService, requireAllowed } from '@jiuzhu/service-kit';
import { openDatabase, type Db, type Tx } from './database.ts';

const FIRST_VISIT_AFTER_DAYS = 30;

/**
 * Follow-up (回访). Thin slice: a referred case gets a phone visit a month later. Issue #5 replaces this
 * with visit plans, visit records and the observation ledger.
 */
export const followupService = defineService<Db, Tx>({
  name: 'followup',
  defaultPort: 4106,
  migrationsDir: new URL('../prisma/migrations/', import.meta.url),
  openDatabase,
  router: ({ db }) =>
    followupRouter({
      async listVisits({ principal }, { caseId }) {
        const rows = await db.visit.findMany({ where: { caseId }, orderBy: { dueOn: 'asc' } });
        for (const row of rows)
          requireAllowed(principal, 'followup.read', { handlingOrgId: row.handlingOrgId });
        return rows.map((row) => ({
          visitId: row.id,
          caseId: row.caseId,
          handlingOrgId: row.handlingOrgId,
          method: row.method as VisitView['method'],
          dueOn: row.dueOn.toISOString().slice(0, 10),
          status: 'scheduled' as const,
        }));
      },
    }),
  handlers: ({ publish }) => [
    on(referralCreated, async (event, tx) => {
      const { caseId, handlingOrgId } = event.payload;
      const dueOn = new Date(Date.parse(event.occurredAt) + FIRST_VISIT_AFTER_DAYS * 86_400_000);
      dueOn.setUTCHours(0, 0, 0, 0);
      const visit = await tx.visit.create({
        data: { id: crypto.randomUUID(), caseId, handlingOrgId, method: 'phone', dueOn, status: 'scheduled' },
      });
      await publish(tx, visitScheduled, {
        caseKey: caseId,
        actor: { userId: 'system:followup', orgId: handlingOrgId },
        payload: {
          caseId,
          handlingOrgId,
          visitId: visit.id,
          dueOn: dueOn.toISOString().slice(0, 10),
          method: 'phone',
        },
      });
    }),
  ],
});
