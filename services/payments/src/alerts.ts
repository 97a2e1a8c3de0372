import { paymentOverdue } from '@jiuzhu/contracts';
import type { ServiceContext } from '@jiuzhu/service-kit';
import type { Db, Tx } from './database.ts';

const UNFINISHED = ['awaiting_payee', 'awaiting_funds', 'reserved', 'sent', 'retry', 'needs_attention'];

/** Instructions past their due date and not paid (nor cancelled). */
export const overdueWhere = (now: Date) => ({ status: { in: UNFINISHED }, dueAt: { lt: now } });

/**
 * Announces each instruction not paid within one week of approval, once: the mark and the event are written
 * in one transaction, and only the run that sets the mark publishes.
 */
export async function announceOverdue(ctx: Pick<ServiceContext<Db, Tx>, 'db' | 'publish'>): Promise<void> {
  const now = new Date();
  const due = await ctx.db.paymentInstruction.findMany({
    where: { ...overdueWhere(now), overdueAlertedAt: null },
    orderBy: { dueAt: 'asc' },
    take: 100,
  });
  for (const row of due) {
    await ctx.db.$transaction(async (tx) => {
      const marked = await tx.paymentInstruction.updateMany({
        where: { id: row.id, overdueAlertedAt: null },
        data: { overdueAlertedAt: now },
      });
      if (marked.count !== 1) return;
      await ctx.publish(tx, paymentOverdue, {
        caseKey: row.caseId,
        actor: { userId: 'system:payments', orgId: row.handlingOrgId },
        payload: {
          caseId: row.caseId,
          handlingOrgId: row.handlingOrgId,
          paymentId: row.id,
          decisionId: row.decisionId,
          instalmentNo: row.instalmentNo,
          amountFen: Number(row.amountFen),
          status: row.status,
          dueAt: row.dueAt.toISOString(),
        },
      });
    });
  }
}
