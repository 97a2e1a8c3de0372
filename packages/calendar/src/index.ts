import chineseDays from 'chinese-days';

/**
 * Dates as people in China count them: calendar days in Beijing, and working days on the official calendar
 * (public holidays off, make-up working days 调休 on). The holiday data comes from `chinese-days`, which
 * carries the State Council's arrangements up to its latest release; years it does not know yet fall back
 * to Monday–Friday, so upgrade the package when a new year's arrangements are published.
 */

/** A calendar date, `YYYY-MM-DD`. */
export type CalendarDate = string;

const beijingFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Beijing calendar date of an instant (an event at 20:00 UTC belongs to the next day in Beijing). */
export function beijingDateOf(instant: Date | string): CalendarDate {
  return beijingFormat.format(typeof instant === 'string' ? new Date(instant) : instant);
}

export const beijingToday = (now: Date = new Date()): CalendarDate => beijingDateOf(now);

/** Start of a Beijing day as an instant. */
export const beijingMidnight = (date: CalendarDate): Date => new Date(`${date}T00:00:00+08:00`);

/** The year in Beijing of an instant (at 23:30 on 31 December UTC it is already the next year there). */
export const beijingYear = (instant: Date | string = new Date()): number =>
  Number(beijingDateOf(instant).slice(0, 4));

/** The instants of Beijing days `from` to `to` inclusive, as a half-open range for database queries. */
export const beijingDayRange = (from: CalendarDate, to: CalendarDate = from): { gte: Date; lt: Date } => ({
  gte: beijingMidnight(from),
  lt: beijingMidnight(addDays(to, 1)),
});

/** The instant a Beijing day ends (the next day's midnight): a deadline on that day has passed from then on. */
export const beijingEndOfDay = (date: CalendarDate): Date => beijingDayRange(date).lt;

/** The Beijing day a deadline closes: one that ends at midnight closes the day before. */
export const beijingDeadlineDay = (deadline: Date): CalendarDate =>
  beijingDateOf(new Date(deadline.getTime() - 1));

/** An instant as people in China read it, whatever the reader's zone: 2026/12/6 14:03:00. */
export const beijingDateTimeText = (instant: Date | string): string =>
  new Date(instant).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });

/** 2026-12-06 → 2026年12月6日, as Chinese documents write dates. */
export function chineseDate(date: CalendarDate): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return `${year}年${month}月${day}日`;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

/** The same day `months` later; past the end of a shorter month it falls on that month's last day. */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

export function isWorkingDay(date: CalendarDate): boolean {
  return chineseDays.isWorkday(date);
}

/** The `count`-th working day after `from` (the day itself does not count). */
export function addWorkingDays(from: CalendarDate, count: number): CalendarDate {
  let date = from;
  for (let left = count; left > 0;) {
    date = addDays(date, 1);
    if (isWorkingDay(date)) left -= 1;
  }
  return date;
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: CalendarDate, to: CalendarDate): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Working days after `from`, up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: CalendarDate, to: CalendarDate): number {
  let count = 0;
  for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) if (isWorkingDay(date)) count += 1;
  return count;
}

/** 2026-Q4 → 2026-10-01 … 2026-12-31. */
export function quarterRange(quarter: string): { from: CalendarDate; to: CalendarDate } {
  const year = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(6));
  const from = `${year}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
  return { from, to: addDays(addMonths(from, 3), -1) };
}

/** Dates travel through Prisma as `@db.Date` columns, i.e. midnight UTC. */
export const toDbDate = (date: CalendarDate): Date => new Date(`${date}T00:00:00Z`);
export const fromDbDate = (date: Date): CalendarDate => date.toISOString().slice(0, 10);
