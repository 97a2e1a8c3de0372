import type { Logger } from './logger.ts';

/** Background work a service repeats on a schedule (deadline checks, reminders, reconciliation). */
export interface PeriodicJob {
  name: string;
  everyMs: number;
  /** Also run once right at start (e.g. catching up on work left by an earlier version), not only after everyMs. */
  runAtStart?: boolean;
  run(): Promise<void>;
}

/**
 * Runs each job every `everyMs` until stopped, never two runs of one job at once (a slow run delays the
 * next). stop() waits for runs in progress to finish.
 */
export function startPeriodicJobs(jobs: PeriodicJob[], logger: Logger): { stop(): Promise<void> } {
  const running = new Map<PeriodicJob, Promise<void>>();
  const tick = (job: PeriodicJob) => {
    if (running.has(job)) return;
    const run = job
      .run()
      .catch((error: unknown) => logger.warn({ job: job.name, err: error }, 'periodic job failed'))
      .finally(() => running.delete(job));
    running.set(job, run);
  };
  const timers = jobs.map((job) => setInterval(() => tick(job), job.everyMs));
  for (const job of jobs) if (job.runAtStart) tick(job);
  return {
    async stop() {
      for (const timer of timers) clearInterval(timer);
      await Promise.all(running.values());
    },
  };
}
