import chineseDays from 'chinese-days';

/**
 * Working days on China's official calendar: public holidays off, make-up working days (调休) on. The
 * holiday data comes from `chinese-days`, which carries the State Council's arrangements up to its latest
 * release; years it does not know yet fall back to Monday–Friday.
 */

/** A calendar date, `YYYY-MM-DD`. */
export type CalendarDate = string;

const beijingDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date in Beijing. */
export function beijingToday(now: Date = new Date()): CalendarDate {
  return beijingDate.format(now);
}

function nextDay(date: CalendarDate): CalendarDate {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

export function isWorkingDay(date: CalendarDate): boolean {
  return chineseDays.isWorkday(date);
}

/** The `count`-th working day after `from` (the day of receipt itself does not count). */
export function addWorkingDays(from: CalendarDate, count: number): CalendarDate {
  let date = from;
  for (let left = count; left > 0;) {
    date = nextDay(date);
    if (isWorkingDay(date)) left -= 1;
  }
  return date;
}

/** Working days after `from`, up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: CalendarDate, to: CalendarDate): number {
  let count = 0;
  for (let date = nextDay(from); date <= to; date = nextDay(date)) if (isWorkingDay(date)) count += 1;
  return count;
}

export function toDbDate(date: CalendarDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

export function fromDbDate(date: Date): CalendarDate {
  return date.toISOString().slice(0, 10);
}
