import { describe, expect, it } from 'vitest';
import { answerOverdue, REFERRAL_ANSWER_WORKING_DAYS, referralCreated } from '../src/index.ts';

describe("the partner's answer period (答复期限)", () => {
  it('is 5 working days unless a deployment sets another', () => {
    expect(REFERRAL_ANSWER_WORKING_DAYS).toBe(5);
  });

  it('makes an unanswered referral overdue from the day after its due day', () => {
    expect(answerOverdue('2026-02-27', '2026-02-27')).toBe(false);
    expect(answerOverdue('2026-02-27', '2026-02-28')).toBe(true);
  });

  it('travels on referral-created, which events from before it still satisfy', () => {
    const base = {
      caseId: crypto.randomUUID(),
      handlingOrgId: 'court-440983',
      referralId: crypto.randomUUID(),
      partnerOrgId: 'civil-affairs-440983',
      programme: 'minimum_living_allowance',
    };
    expect(referralCreated.payload.parse(base)).toEqual(base);
    expect(referralCreated.payload.parse({ ...base, answerDueOn: '2026-02-27' }).answerDueOn).toBe(
      '2026-02-27',
    );
  });
});
