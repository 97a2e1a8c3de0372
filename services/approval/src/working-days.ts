import chineseDays from 'chinese-days';

/** Beijing calendar date (YYYY-MM-DD) of an instant. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The date `count` working days after `start` (the start day itself does not count), on China's official
 * calendar: public holidays are skipped and make-up working days (调休) count.
 */
export function workingDaysAfter(start: string, count: number): string {
  const day = new Date(`${start}T00:00:00Z`);
  for (let left = count; left > 0;) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (chineseDays.isWorkday(day.toISOString().slice(0, 10))) left -= 1;
  }
  return day.toISOString().slice(0, 10);
}
