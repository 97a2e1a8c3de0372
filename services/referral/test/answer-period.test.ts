import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTNERS, anItem, as, opened, startReferral, type Harness } from './helpers.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startReferral({ REFERRAL_ANSWER_WORKING_DAYS: '2' });
});
afterAll(async () => harness?.stop());

describe('referral: a configured answer period', () => {
  it('counts 2 working days, the make-up Saturday before the Spring Festival included', async () => {
    const caseworker = await as(harness, 'xinyi.caseworker');
    const onThursday = anItem();
    const onFriday = anItem();
    await opened(harness, [onThursday, onFriday]);
    await caseworker.sendReferrals.mutate({
      partner: PARTNERS.xinyiCivil,
      sentOn: '2026-02-12',
      items: [onThursday],
    });
    await caseworker.sendReferrals.mutate({
      partner: PARTNERS.xinyiCivil,
      sentOn: '2026-02-13',
      items: [onFriday],
    });
    const [thursday] = await caseworker.listReferrals.query({ caseId: onThursday.caseId });
    const [friday] = await caseworker.listReferrals.query({ caseId: onFriday.caseId });
    expect(thursday?.answerDueOn).toBe('2026-02-14');
    expect(friday?.answerDueOn).toBe('2026-02-24');
  });
});
