import { describe, expect, it } from 'vitest';
import {
  addMonths,
  addWorkingDays,
  beijingDateOf,
  beijingDateTimeText,
  beijingDayRange,
  beijingDeadlineDay,
  beijingEndOfDay,
  beijingYear,
  chineseDate,
  daysBetween,
  quarterRange,
  workingDaysBetween,
} from '../src/index.ts';

describe('working days on the official calendar', () => {
  it('skips weekends', () => {
    expect(addWorkingDays('2025-03-07', 1)).toBe('2025-03-10'); // Friday → Monday
  });

  it('skips the National Day holiday and counts the make-up working days', () => {
    // 2025: 1–8 October off; Sunday 28 September and Saturday 11 October are make-up working days.
    expect(addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(addWorkingDays('2025-10-10', 1)).toBe('2025-10-11');
    expect(addWorkingDays('2025-09-26', 1)).toBe('2025-09-28');
  });

  it('counts across the 2026 Spring Festival (15–23 February off, 14 and 28 February worked)', () => {
    expect(addWorkingDays('2026-02-13', 5)).toBe('2026-02-27');
    expect(workingDaysBetween('2026-02-13', '2026-02-27')).toBe(5);
  });
});

describe('calendar days in Beijing', () => {
  it('takes the year in Beijing: late on 31 December UTC it is already the next year there', () => {
    expect(beijingYear(new Date('2026-12-31T16:30:00Z'))).toBe(2027);
    expect(beijingYear('2026-12-31T15:59:59Z')).toBe(2026);
  });

  it('turns Beijing days into a half-open range of instants', () => {
    const range = beijingDayRange('2026-07-01', '2026-09-30');
    expect(range.gte.toISOString()).toBe('2026-06-30T16:00:00.000Z');
    expect(range.lt.toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(beijingDayRange('2026-12-31').lt.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('ends a Beijing day at the next midnight there, and a deadline then closes that day', () => {
    const end = beijingEndOfDay('2026-02-28');
    expect(end.toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(beijingDeadlineDay(end)).toBe('2026-02-28');
    expect(beijingDeadlineDay(new Date('2026-02-28T16:00:00.001Z'))).toBe('2026-03-01');
  });

  it('counts calendar days between dates, across month ends', () => {
    expect(daysBetween('2026-02-27', '2026-03-02')).toBe(3);
    expect(daysBetween('2026-03-02', '2026-02-27')).toBe(-3);
  });

  it('shows an instant in Beijing time', () => {
    expect(beijingDateTimeText('2026-12-06T06:03:00Z')).toBe('2026/12/6 14:03:00');
  });

  it('writes dates as Chinese documents do', () => {
    expect(chineseDate('2026-03-05')).toBe('2026年3月5日');
  });

  it('takes the date in Beijing', () => {
    expect(beijingDateOf(new Date('2026-11-22T17:00:00Z'))).toBe('2026-11-23');
  });

  it('adds months, falling on the last day of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-01-31', 12)).toBe('2027-01-31');
  });

  it('knows the days of a quarter', () => {
    expect(quarterRange('2026-Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
  });
});
