import { loadConfig } from '@jiuzhu/service-kit';
import { z } from 'zod';

const alertSettings = z.object({
  /** How often steps and advances are checked against their deadlines (each alert is raised once). */
  APPROVAL_ALERT_CHECK_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(15 * 60_000),
  /** Warn when this many working days are left at a step. */
  APPROVAL_DUE_SOON_WORKING_DAYS: z.coerce.number().int().min(0).default(1),
  /** Escalate to the level above when a step is overdue by this many working days. */
  APPROVAL_ESCALATE_AFTER_WORKING_DAYS: z.coerce.number().int().min(1).default(2),
  /** Warn when this many days are left to complete an advance's case. */
  APPROVAL_ADVANCE_DUE_SOON_DAYS: z.coerce.number().int().min(0).default(5),
});

export const loadAlertSettings = (env: NodeJS.ProcessEnv) => {
  const settings = loadConfig('approval', alertSettings, env);
  return {
    everyMs: settings.APPROVAL_ALERT_CHECK_INTERVAL_MS,
    dueSoonWorkingDays: settings.APPROVAL_DUE_SOON_WORKING_DAYS,
    escalateAfterWorkingDays: settings.APPROVAL_ESCALATE_AFTER_WORKING_DAYS,
    advanceDueSoonDays: settings.APPROVAL_ADVANCE_DUE_SOON_DAYS,
  };
};
