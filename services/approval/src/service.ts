import { defineService, translateDomainErrors } from '@jiuzhu/service-kit';
import { approvalRouter } from '@jiuzhu/contracts';
import { openDatabase, type Db, type Tx } from './database.ts';
import { onVerificationCompleted } from './handlers/verification-completed.ts';
import { approvalJobs } from './jobs.ts';
import { advanceProcedures } from './procedures/advances.ts';
import { chainConfigProcedures } from './procedures/chain-config.ts';
import { decisionProcedures } from './procedures/decisions.ts';
import { queryProcedures } from './procedures/queries.ts';
import { reviewProcedures } from './procedures/reviews.ts';
import { stepProcedures } from './procedures/steps.ts';

/**
 * Approval (报请审批): caseworker submits → department head → chief or committee → (large amounts, exceptions
 * above the cap, joint assistance) the superior agency. Each step approves, rejects with reasons or returns
 * the case for more investigation; the last approval issues a numbered decision.
 */
export const approvalService = defineService<Db, Tx>({
  name: 'approval',
  defaultPort: 4103,
  migrationsDir: new URL('../prisma/migrations/', import.meta.url),
  openDatabase,
  router: (ctx) =>
    approvalRouter(
      translateDomainErrors({
        ...decisionProcedures(ctx),
        ...queryProcedures(ctx),
        ...stepProcedures(ctx),
        ...advanceProcedures(ctx),
        ...reviewProcedures(ctx),
        ...chainConfigProcedures(ctx),
      }),
    ),
  jobs: approvalJobs,
  // The case registry (service-kit) records intake.case-opened: advances need the case before it is verified.
  handlers: (ctx) => [onVerificationCompleted(ctx)],
});
