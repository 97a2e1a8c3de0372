import type { Logger } from './logger.ts';

/** Background work a service repeats on a schedule (deadline checks, reminders, reconciliation). */
export interface PeriodicJob {
  name: string;
  everyMs: number;
  run(): Promise<void>;
}

/**
 * Runs each job every `everyMs` until stopped, never two runs of one job at once (a slow run delays the
 * next). stop() waits for runs in progress to finish.
 */
export function startPeriodicJobs(jobs: PeriodicJob[], logger: Logger): { stop(): Promise<void> } {
  const running = new Map<PeriodicJob, Promise<void>>();
  const timers = jobs.map((job) =>
    setInterval(() => {
      if (running.has(job)) return;
      const tick = job
        .run()
        .catch((error: unknown) => logger.warn({ job: job.name, err: error }, 'periodic job failed'))
        .finally(() => running.delete(job));
      running.set(job, tick);
    }, job.everyMs),
  );
  return {
    async stop() {
      for (const timer of timers) clearInterval(timer);
      await Promise.all(running.values());
    },
  };
}
