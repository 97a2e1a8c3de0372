import { beijingToday } from '@jiuzhu/calendar';

/** The current quarter on the Beijing calendar, e.g. 2026-Q4. */
export function currentQuarter(): string {
  const [year, month] = beijingToday().split('-').map(Number);
  return `${year}-Q${Math.floor(((month ?? 1) - 1) / 3) + 1}`;
}
