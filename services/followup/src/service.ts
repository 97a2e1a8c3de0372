import { followupRouter } from '@jiuzhu/contracts';
import { defineService } from '@jiuzhu/service-kit';
import { createFollowupApi } from './api.ts';
import { openDatabase, type Db, type Tx } from './database.ts';
import { onlyTheHandlingAgency } from './case-guard.ts';
import { followupHandlers } from './handlers.ts';
import { withTimeline } from './timeline.ts';

/**
 * Follow-up (回访反馈): return-visit plans after payment and referral outcomes, visit records, the observation
 * ledger (观察台账) and the case timeline across all services, closing and reopening, and joint-meeting packs (联席会议).
 */
export const followupService = defineService<Db, Tx>({
  name: 'followup',
  defaultPort: 4106,
  migrationsDir: new URL('../prisma/migrations/', import.meta.url),
  openDatabase,
  readsDirectory: true,
  router: (ctx) => followupRouter(createFollowupApi(ctx)),
  handlers: ({ publish, cases, logger }) =>
    onlyTheHandlingAgency(withTimeline(followupHandlers(publish)), cases, logger),
});
