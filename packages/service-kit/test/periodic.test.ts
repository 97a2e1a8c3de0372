import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { startPeriodicJobs } from '../src/periodic.ts';

describe('periodic jobs', () => {
  it('never overlaps runs of one job and waits for the run in progress when stopped', async () => {
    let active = 0;
    let maxActive = 0;
    let finished = 0;
    const jobs = startPeriodicJobs(
      [
        {
          name: 'slow',
          everyMs: 5,
          run: async () => {
            active += 1;
            maxActive = Math.max(maxActive, active);
            await new Promise((resolve) => setTimeout(resolve, 40));
            active -= 1;
            finished += 1;
          },
        },
      ],
      createLogger('test'),
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
    await jobs.stop();
    expect(maxActive).toBe(1);
    expect(active).toBe(0);
    expect(finished).toBeGreaterThanOrEqual(2);
  });

  it('runs a job marked runAtStart at once, and the others only after their interval', async () => {
    const ran: string[] = [];
    const job = (name: string, runAtStart: boolean) => ({
      name,
      everyMs: 60_000,
      runAtStart,
      run: async () => {
        ran.push(name);
      },
    });
    const jobs = startPeriodicJobs([job('catch-up', true), job('hourly', false)], createLogger('test'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await jobs.stop();
    expect(ran).toEqual(['catch-up']);
  });
});
