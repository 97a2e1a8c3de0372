import { z } from 'zod';
import {
  needFound,
  REFERRAL_ANSWER_WORKING_DAYS,
  referralRouter,
  verificationCompleted,
} from '@jiuzhu/contracts';
import { on } from '@jiuzhu/bus';
import { defineService, loadConfig } from '@jiuzhu/service-kit';
import { createReferralApi } from './api.ts';
import { openDatabase, type Db, type Tx } from './database.ts';

const Settings = z.object({
  /** Working days a partner department has to answer a referral before it is flagged overdue. */
  REFERRAL_ANSWER_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(REFERRAL_ANSWER_WORKING_DAYS),
});

/**
 * Referral (司法救助与社会救助衔接): the agency refers people to partner programmes, one by one or in batches;
 * partner departments work them in their own inbox; outcomes, overdue answers and the funnel come back.
 * Draft suggestions arrive from investigation ("ineligible but in need") and from follow-up visits.
 */
export const referralService = defineService<Db, Tx>({
  name: 'referral',
  defaultPort: 4105,
  migrationsDir: new URL('../prisma/migrations/', import.meta.url),
  openDatabase,
  readsDirectory: true,
  router: (ctx) =>
    referralRouter(
      createReferralApi(ctx, {
        answerWorkingDays: loadConfig('referral', Settings, ctx.env).REFERRAL_ANSWER_WORKING_DAYS,
      }),
    ),
  handlers: () => [
    on(verificationCompleted, async (event, tx) => {
      const { caseId, handlingOrgId, eligible, referralRecommendation } = event.payload;
      if (eligible || !referralRecommendation) return;
      await tx.referralSuggestion.create({
        data: {
          id: crypto.randomUUID(),
          caseId,
          handlingOrgId,
          programme: referralRecommendation.programme,
          source: 'investigation',
          note: referralRecommendation.reason,
          status: 'open',
        },
      });
    }),
    on(needFound, async (event, tx) => {
      const { caseId, handlingOrgId, programme, note } = event.payload;
      await tx.referralSuggestion.create({
        data: {
          id: crypto.randomUUID(),
          caseId,
          handlingOrgId,
          programme,
          source: 'followup',
          note,
          status: 'open',
        },
      });
    }),
  ],
});
