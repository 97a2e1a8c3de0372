import { decisionIssued, disbursementRecorded, paymentsRouter } from '@jiuzhu/contracts';
import { on } from '@jiuzhu/bus';
import { defineService, requireAllowed } from '@jiuzhu/service-kit';
import { openDatabase, type Db, type Tx } from './database.ts';

/**
 * Payments (发放救助). Thin slice: an approved decision is recorded as paid from central transfer funds.
 * Issue #4 replaces this with budgets, the bank gateway and the double-entry ledger.
 */
export const paymentsService = defineService<Db, Tx>({
  name: 'payments',
  defaultPort: 4104,
  migrationsDir: new URL('../prisma/migrations/', import.meta.url),
  openDatabase,
  router: ({ db }) =>
    paymentsRouter({
      async listDisbursements({ principal }, { caseId }) {
        const rows = await db.disbursement.findMany({ where: { caseId }, orderBy: { recordedAt: 'asc' } });
        for (const row of rows) requireAllowed(principal, 'case.read', { handlingOrgId: row.handlingOrgId });
        return rows.map((row) => ({
          disbursementId: row.id,
          caseId: row.caseId,
          decisionId: row.decisionId,
          handlingOrgId: row.handlingOrgId,
          amountFen: Number(row.amountFen),
          fundSource: row.fundSource,
          recordedAt: row.recordedAt.toISOString(),
        }));
      },
    }),
  handlers: ({ publish }) => [
    on(decisionIssued, async (event, tx) => {
      const { caseId, handlingOrgId, decisionId, outcome, approvedAmountFen } = event.payload;
      if (outcome !== 'approved') return;
      // A decision is paid once, even if it is announced again under a new event id.
      if (await tx.disbursement.findUnique({ where: { decisionId } })) return;
      const disbursement = await tx.disbursement.create({
        data: {
          id: crypto.randomUUID(),
          caseId,
          decisionId,
          handlingOrgId,
          amountFen: BigInt(approvedAmountFen),
          fundSource: 'central_transfer',
        },
      });
      await publish(tx, disbursementRecorded, {
        caseKey: caseId,
        actor: { userId: 'system:payments', orgId: handlingOrgId },
        payload: {
          caseId,
          handlingOrgId,
          disbursementId: disbursement.id,
          decisionId,
          amountFen: approvedAmountFen,
          fundSource: disbursement.fundSource,
        },
      });
    }),
  ],
});
