import { describe, expect, it } from 'vitest';
import { PROGRAMME_PERSON_FIELDS, programmeReveals, ReferralProgramme } from '../src/index.ts';

describe('what each programme’s partner receives and may reveal', () => {
  it('reveals the phone only to partners that receive it masked', () => {
    for (const programme of ReferralProgramme.options) {
      const { receives, reveals } = PROGRAMME_PERSON_FIELDS[programme];
      if (reveals.includes('phone')) expect(receives, programme).toContain('phone');
    }
  });

  it('gives the full ID number to enrolment programmes and not to counselling, job support or unknown ones', () => {
    expect(programmeReveals('minimum_living_allowance')).toContain('idNumber');
    expect(programmeReveals('medical_assistance')).toContain('idNumber');
    expect(programmeReveals('psychological_counselling')).not.toContain('idNumber');
    expect(programmeReveals('employment_support')).not.toContain('idNumber');
    expect(programmeReveals('lottery')).toEqual([]);
  });
});
