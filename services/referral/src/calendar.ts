import chineseDays from 'chinese-days';

/**
 * Working days on China's official calendar (holidays off, make-up working days 调休 on), from `chinese-days`.
 * Dates are `YYYY-MM-DD` strings.
 */
export type CalendarDate = string;

const beijingDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function beijingToday(now: Date = new Date()): CalendarDate {
  return beijingDate.format(now);
}

function nextDay(date: CalendarDate): CalendarDate {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

/** The `count`-th working day after `from` (the day itself does not count). */
export function addWorkingDays(from: CalendarDate, count: number): CalendarDate {
  let date = from;
  for (let left = count; left > 0;) {
    date = nextDay(date);
    if (chineseDays.isWorkday(date)) left -= 1;
  }
  return date;
}

export const toDbDate = (date: CalendarDate) => new Date(`${date}T00:00:00Z`);
export const fromDbDate = (date: Date): CalendarDate => date.toISOString().slice(0, 10);
