import { caseOpened, investigationRouter, returnedForInvestigation } from '@jiuzhu/contracts';
import { on } from '@jiuzhu/bus';
import { defineService } from '@jiuzhu/service-kit';
import { createInvestigationApi } from './api.ts';
import { attachmentStoreFromEnv } from './attachment-store-config.ts';
import { openDatabase, type Db, type Tx } from './database.ts';

/**
 * Investigation (调查核实): a case opened by intake waits here for its caseworker, who plans and records the
 * verification tasks, evaluates eligibility against the rule set, recommends an amount from the region's
 * rule table and submits the review report, which hands the case to approval.
 */
export const investigationService = defineService<Db, Tx>({
  name: 'investigation',
  defaultPort: 4102,
  migrationsDir: new URL('../prisma/migrations/', import.meta.url),
  openDatabase,
  router: (ctx) => investigationRouter(createInvestigationApi(ctx, attachmentStoreFromEnv(ctx.env))),
  handlers: () => [
    on(caseOpened, async (event, tx) => {
      const { caseId, caseNumber, handlingOrgId, handlingOrgParentId, urgent, requestedAmountFen } =
        event.payload;
      await tx.investigationCase.upsert({
        where: { caseId },
        create: {
          caseId,
          caseNumber,
          handlingOrgId,
          handlingOrgParentId: handlingOrgParentId ?? null,
          urgent,
          requestedAmountFen: BigInt(requestedAmountFen),
          status: 'investigating',
        },
        update: {},
      });
    }),
    // Approval sent the case back with a question: it is open for investigation again until resubmitted.
    on(returnedForInvestigation, async (event, tx) => {
      const { caseId, question } = event.payload;
      await tx.investigationCase.updateMany({
        where: { caseId, status: 'submitted' },
        data: { status: 'investigating', returnQuestion: question, returnedAt: new Date(event.occurredAt) },
      });
    }),
  ],
});
