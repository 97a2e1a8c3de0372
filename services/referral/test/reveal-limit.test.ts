import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf } from '@jiuzhu/service-kit/testing';
import { PARTNERS, anItem, as, opened, startReferral, userIdOf, type Harness } from './helpers.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startReferral({ REVEALS_PER_MINUTE: '2' });
});
afterAll(async () => harness?.stop());

describe('referral: the per-person limit on reveals', () => {
  it('counts reveals of ID numbers and phones, not views of the inbox, and refuses the third with 429 and an alert', async () => {
    const caseworker = await as(harness, 'xinyi.caseworker');
    const civil = await as(harness, 'xinyi-civil.officer');
    const { referralIds } = await caseworker.sendReferrals.mutate({
      partner: PARTNERS.xinyiCivil,
      items: await opened(harness, [anItem({ programme: 'minimum_living_allowance' })]),
    });
    const referralId = referralIds[0]!;
    // Views are audited too; they are not reveals.
    for (let i = 0; i < 3; i += 1) await civil.inbox.query({});

    await civil.revealIdNumber.mutate({ referralId, purpose: '低保审核比对户籍信息' });
    await civil.revealPhone.mutate({ referralId, purpose: '电话通知申请人补充材料' });
    expect(await failureOf(civil.revealIdNumber.mutate({ referralId, purpose: '再次核对户籍信息' }))).toEqual(
      {
        status: 429,
        message: '一分钟内查看完整个人信息已达2次，请稍后再试。此情况已记录并提示本机构。',
      },
    );

    const civilOfficer = await userIdOf(harness, 'xinyi-civil.officer');
    expect(await harness.query('SELECT user_id, org_id, procedure, reveals FROM reveal_alert')).toEqual([
      { user_id: civilOfficer, org_id: 'civil-affairs-440983', procedure: 'revealIdNumber', reveals: 2 },
    ]);
    const events = await harness.query<{ type: string }>(
      `SELECT envelope->>'type' AS type FROM outbox WHERE envelope->>'type' LIKE '%reveal-limit%'`,
    );
    expect(events).toEqual([{ type: 'referral.reveal-limit-exceeded' }]);
  });
});
