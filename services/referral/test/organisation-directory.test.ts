import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PartnerRef } from '@jiuzhu/contracts';
import { failureOf } from '@jiuzhu/service-kit/testing';
import { anItem, as, eventPayloads, opened, PARTNERS, startReferral, type Harness } from './helpers.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startReferral();
});
afterAll(async () => harness?.stop());

const UNKNOWN_PARTNER = { status: 400, message: '接收部门不存在，请从机构目录中选择' };
const NOT_A_PARTNER = {
  status: 400,
  message: '只能转介给民政、乡村振兴、妇联、残联等协作部门，请从机构目录中选择',
};

/** Rows this service holds for a case: what a refused call must leave untouched. */
const rowsOf = async (at: Harness, caseId: string) => ({
  referrals: await at.query('SELECT id FROM referral WHERE case_id = $1', [caseId]),
  pledges: await at.query('SELECT id FROM pledge WHERE case_id = $1', [caseId]),
  events: await at.query('SELECT seq FROM outbox WHERE key = $1', [caseId]),
});
const NOTHING = { referrals: [], pledges: [], events: [] };

describe('referral: partner departments are checked against the SSO directory', () => {
  it('refuses a referral to a department the directory does not know, or to a court, and records nothing', async () => {
    const caseworker = await as(harness, 'xinyi.caseworker');
    const [item] = await opened(harness, [anItem()]);
    const send = (orgId: string) => caseworker.sendReferrals.mutate({ partner: { orgId }, items: [item!] });

    expect(await failureOf(send('civil-affairs-999999'))).toEqual(UNKNOWN_PARTNER);
    expect(await failureOf(send('court-440981'))).toEqual(NOT_A_PARTNER);
    expect(await failureOf(send('procuratorate-440983'))).toEqual(NOT_A_PARTNER);
    expect(await rowsOf(harness, item!.caseId)).toEqual(NOTHING);
  });

  it('stores and announces the partner under the directory’s name and region, whatever the caller sends', async () => {
    const caseworker = await as(harness, 'xinyi.caseworker');
    const [item] = await opened(harness, [anItem()]);
    // An older client still sending a name and region of its own: neither is taken.
    const impostor = { orgId: 'civil-affairs-370323', orgName: '信宜市民政局', regionCode: '440983' };
    await caseworker.sendReferrals.mutate({ partner: impostor as PartnerRef, items: [item!] });

    const [referral] = await caseworker.listReferrals.query({ caseId: item!.caseId });
    expect(referral).toMatchObject({
      partnerOrgId: 'civil-affairs-370323',
      partnerOrgName: '沂源县民政局',
      partnerRegion: '370323',
    });
    expect(await eventPayloads(harness, item!.caseId, 'referral.referral-created')).toEqual([
      expect.objectContaining({ partnerOrgName: '沂源县民政局', partnerRegion: '370323' }),
    ]);
  });

  it('refuses a pledge organised by a department the directory does not know, or by a court', async () => {
    const caseworker = await as(harness, 'xinyi.caseworker');
    const [item] = await opened(harness, [anItem()]);
    const pledge = (organisedByOrgId: string) =>
      caseworker.pledge.mutate({
        caseId: item!.caseId,
        kind: 'money',
        donorName: '信宜市某爱心企业',
        organisedByOrgId,
        amountFen: 100_000,
      });

    expect(await failureOf(pledge('commerce-bureau-440983'))).toEqual({
      status: 400,
      message: '组织部门不存在，请从机构目录中选择',
    });
    expect(await failureOf(pledge('court-440983'))).toEqual({
      status: 400,
      message: '爱心企业和慈善组织的认捐应由协作部门组织，请从机构目录中选择协作部门',
    });
    expect(await rowsOf(harness, item!.caseId)).toEqual(NOTHING);

    // Recorded by the handling agency, the organiser is still announced under the directory's name.
    await pledge(PARTNERS.xinyiEducation.orgId);
    expect(await eventPayloads(harness, item!.caseId, 'referral.donation-pledged')).toEqual([
      expect.objectContaining({ organisedByOrgId: 'education-440983', organisedByOrgName: '信宜市教育局' }),
    ]);
  });
});

describe('referral: when the SSO directory cannot be read', () => {
  let unreadable: Harness;
  beforeAll(async () => {
    // referral's client with a secret the SSO refuses: its service account cannot read the directory.
    unreadable = await startReferral({ KEYCLOAK_CLIENT_SECRET: 'not-the-secret' });
  });
  afterAll(async () => unreadable?.stop());

  it('answers 503 in Chinese to a referral, and records nothing', async () => {
    const caseworker = await as(unreadable, 'xinyi.caseworker');
    const [item] = await opened(unreadable, [anItem()]);
    const refused = await failureOf(
      caseworker.sendReferrals.mutate({ partner: PARTNERS.xinyiCivil, items: [item!] }),
    );
    expect(refused).toEqual({
      status: 503,
      message: expect.stringMatching(
        /^暂时无法核对机构目录，请稍后重试。如问题持续，请联系系统管理员并提供追踪编号：\w+$/,
      ),
    });
    expect(await rowsOf(unreadable, item!.caseId)).toEqual(NOTHING);
  });
});
