import { describe, expect, it } from 'vitest';
import { beijingDate, workingDaysAfter } from '../src/working-days.ts';

describe('working days on the official calendar', () => {
  it('skips weekends', () => {
    expect(workingDaysAfter('2025-03-07', 1)).toBe('2025-03-10'); // Friday → Monday
  });

  it('skips the National Day holiday and counts the make-up Saturday', () => {
    // 2025: 1–8 October off; Sunday 28 September and Saturday 11 October are make-up working days.
    expect(workingDaysAfter('2025-09-30', 1)).toBe('2025-10-09');
    expect(workingDaysAfter('2025-10-10', 1)).toBe('2025-10-11');
    expect(workingDaysAfter('2025-09-26', 1)).toBe('2025-09-28');
  });

  it('takes the date in Beijing', () => {
    expect(beijingDate(new Date('2026-11-22T17:00:00Z'))).toBe('2026-11-23');
  });
});
