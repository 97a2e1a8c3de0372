import { z } from 'zod';
import { caseOpened, investigationRouter } from '@jiuzhu/contracts';
import { on } from '@jiuzhu/bus';
import { defineService, loadConfig } from '@jiuzhu/service-kit';
import { createInvestigationApi } from './api.ts';
import { filesystemAttachmentStore } from './attachment-store.ts';
import { openDatabase, type Db, type Tx } from './database.ts';

const Settings = z.object({
  /** Only the filesystem store exists so far; an object-storage adapter would be selected here. */
  ATTACHMENT_STORE: z.enum(['filesystem']).default('filesystem'),
  /** Directory of the filesystem attachment store (relative paths resolve against the working directory). */
  ATTACHMENTS_DIR: z.string().min(1).default('.data/investigation-attachments'),
});

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
  router: (ctx) => {
    const settings = loadConfig('investigation', Settings, ctx.env);
    return investigationRouter(
      createInvestigationApi(ctx, filesystemAttachmentStore(settings.ATTACHMENTS_DIR)),
    );
  },
  handlers: () => [
    on(caseOpened, async (event, tx) => {
      const { caseId, caseNumber, handlingOrgId, urgent, requestedAmountFen } = event.payload;
      await tx.investigationCase.upsert({
        where: { caseId },
        create: {
          caseId,
          caseNumber,
          handlingOrgId,
          urgent,
          requestedAmountFen: BigInt(requestedAmountFen),
          status: 'investigating',
        },
        update: {},
      });
    }),
  ],
});
