import { z } from 'zod';
import { caseOpened, investigationRouter, verificationCompleted } from '@jiuzhu/contracts';
import { on } from '@jiuzhu/bus';
import { defineService, loadConfig, notFound, requireAllowed } from '@jiuzhu/service-kit';
import { openDatabase, type Db, type Tx } from './database.ts';

const Settings = z.object({
  /** Previous year's average monthly wage where cases are handled, in fen; the usual cap is 36 times it. */
  AVERAGE_MONTHLY_WAGE_FEN: z.coerce.number().int().positive().default(850_000),
});

/**
 * Investigation (调查核实). Thin slice: every opened case is verified at once and recommended the amount
 * asked for, within the usual cap of 36 × the average monthly wage. Issue #3 replaces this with tasks,
 * rule sets and versioned amount tables.
 */
export const investigationService = defineService<Db, Tx>({
  name: 'investigation',
  defaultPort: 4102,
  migrationsDir: new URL('../prisma/migrations/', import.meta.url),
  openDatabase,
  router: ({ db }) =>
    investigationRouter({
      async getVerification({ principal }, { caseId }) {
        const row = await db.verification.findUnique({ where: { caseId } });
        if (!row) throw notFound('核查记录');
        requireAllowed(principal, 'case.read', { handlingOrgId: row.handlingOrgId });
        return {
          caseId: row.caseId,
          handlingOrgId: row.handlingOrgId,
          eligible: row.eligible,
          recommendedAmountFen: Number(row.recommendedAmountFen),
          capFen: Number(row.capFen),
          completedAt: row.completedAt.toISOString(),
        };
      },
    }),
  handlers: ({ publish, env }) => {
    const capFen = 36 * loadConfig('investigation', Settings, env).AVERAGE_MONTHLY_WAGE_FEN;
    return [
      on(caseOpened, async (event, tx) => {
        const { caseId, handlingOrgId, requestedAmountFen } = event.payload;
        const recommendedAmountFen = Math.min(requestedAmountFen, capFen);
        await tx.verification.create({
          data: {
            caseId,
            handlingOrgId,
            eligible: true,
            requestedAmountFen: BigInt(requestedAmountFen),
            recommendedAmountFen: BigInt(recommendedAmountFen),
            capFen: BigInt(capFen),
          },
        });
        await publish(tx, verificationCompleted, {
          caseKey: caseId,
          actor: { userId: 'system:investigation', orgId: handlingOrgId },
          payload: { caseId, handlingOrgId, eligible: true, recommendedAmountFen, capFen },
        });
      }),
    ];
  },
});
