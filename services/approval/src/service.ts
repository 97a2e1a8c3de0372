import { approvalRouter, decisionIssued, verificationCompleted, type DecisionView } from '@jiuzhu/contracts';
import { on } from '@jiuzhu/bus';
import { defineService, notFound, requireAllowed } from '@jiuzhu/service-kit';
import { openDatabase, type Db, type Tx } from './database.ts';

/**
 * Approval (报请审批). Thin slice: a verified, eligible case is approved for the recommended amount; an
 * ineligible one is refused. Issue #4 replaces this with the approval chain, documents and service.
 */
export const approvalService = defineService<Db, Tx>({
  name: 'approval',
  defaultPort: 4103,
  migrationsDir: new URL('../prisma/migrations/', import.meta.url),
  openDatabase,
  router: ({ db }) =>
    approvalRouter({
      async getDecision({ principal }, { caseId }) {
        const row = await db.decision.findUnique({ where: { caseId } });
        if (!row) throw notFound('救助决定');
        requireAllowed(principal, 'case.read', { handlingOrgId: row.handlingOrgId });
        return {
          decisionId: row.id,
          caseId: row.caseId,
          handlingOrgId: row.handlingOrgId,
          outcome: row.outcome as DecisionView['outcome'],
          approvedAmountFen: Number(row.approvedAmountFen),
          decidedAt: row.decidedAt.toISOString(),
        };
      },
    }),
  handlers: ({ publish }) => [
    on(verificationCompleted, async (event, tx) => {
      const { caseId, handlingOrgId, eligible, recommendedAmountFen } = event.payload;
      const outcome = eligible && recommendedAmountFen > 0 ? 'approved' : 'refused';
      const approvedAmountFen = outcome === 'approved' ? recommendedAmountFen : 0;
      const decision = await tx.decision.create({
        data: {
          id: crypto.randomUUID(),
          caseId,
          handlingOrgId,
          outcome,
          approvedAmountFen: BigInt(approvedAmountFen),
        },
      });
      await publish(tx, decisionIssued, {
        caseKey: caseId,
        actor: { userId: 'system:approval', orgId: handlingOrgId },
        payload: { caseId, handlingOrgId, decisionId: decision.id, outcome, approvedAmountFen },
      });
    }),
  ],
});
