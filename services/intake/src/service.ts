import { intakeRouter } from '@jiuzhu/contracts';
import { defineService, loadConfig } from '@jiuzhu/service-kit';
import { z } from 'zod';
import { createIntakeApi } from './api.ts';
import { raiseDeadlineAlerts } from './alerts.ts';
import { beijingToday } from '@jiuzhu/calendar';
import { openDatabase, type Db, type Tx } from './database.ts';

const intakeSettings = z.object({
  /** How often pending leads are checked against their review deadlines (alerts are raised once). */
  INTAKE_DEADLINE_CHECK_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(15 * 60_000),
});

/** Intake (发掘案源): leads arrive, are checked, accepted or transferred, and open cases. */
export const intakeService = defineService<Db, Tx>({
  name: 'intake',
  defaultPort: 4101,
  migrationsDir: new URL('../prisma/migrations/', import.meta.url),
  openDatabase,
  opensCases: true,
  readsDirectory: true,
  router: (ctx) => intakeRouter(createIntakeApi(ctx)),
  jobs: (ctx) => [
    {
      name: 'deadline-alerts',
      everyMs: loadConfig('intake', intakeSettings, ctx.env).INTAKE_DEADLINE_CHECK_INTERVAL_MS,
      run: async () => {
        const raised = await raiseDeadlineAlerts(ctx, beijingToday());
        if (raised > 0) ctx.logger.info({ raised }, 'deadline alerts raised');
      },
    },
  ],
});
