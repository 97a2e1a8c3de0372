import type { PeriodicJob } from '@jiuzhu/service-kit';
import { raiseApprovalAlerts } from './alerts.ts';
import type { ApprovalContext } from './context.ts';
import { loadAlertSettings } from './settings.ts';

/** Raises deadline alerts for steps and advances (each alert once). */
export const approvalJobs = (ctx: ApprovalContext): PeriodicJob[] => {
  const settings = loadAlertSettings(ctx.env);
  return [
    {
      name: 'deadline-alerts',
      everyMs: settings.everyMs,
      run: async () => {
        const raised = await raiseApprovalAlerts(ctx, new Date(), settings);
        if (raised > 0) ctx.logger.info({ raised }, 'approval deadline alerts raised');
      },
    },
  ];
};
