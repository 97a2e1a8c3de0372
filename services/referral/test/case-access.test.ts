import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUT_OF_REACH } from '@jiuzhu/service-kit';
import { failureOf } from '@jiuzhu/service-kit/testing';
import {
  AGENCIES,
  PARTNERS,
  anItem,
  as,
  eventTypes,
  opened,
  startReferral,
  type Harness,
} from './helpers.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startReferral();
});
afterAll(async () => harness?.stop());

const refusal = { status: 403, message: OUT_OF_REACH };

/** Xinyi court's case, referred to Xinyi's civil affairs bureau, with a pledge that bureau organised. */
async function xinyiCaseReferredAndPledged() {
  const item = anItem();
  await opened(harness, [item]);
  const caseworker = await as(harness, 'xinyi.caseworker');
  const { referralIds } = await caseworker.sendReferrals.mutate({
    partner: PARTNERS.xinyiCivil,
    items: [item],
  });
  await (
    await as(harness, 'xinyi-civil.officer')
  ).pledge.mutate({
    caseId: item.caseId,
    kind: 'money',
    donorName: '信宜市某爱心企业',
    organisedByOrgId: PARTNERS.xinyiCivil.orgId,
    amountFen: 300_000,
  });
  return { caseId: item.caseId, referralId: referralIds[0]! };
}

const rowsOf = async (caseId: string) => ({
  referrals: await harness.query(`SELECT id, handling_org_id FROM referral WHERE case_id = $1 ORDER BY id`, [
    caseId,
  ]),
  pledges: await harness.query(`SELECT id, handling_org_id FROM pledge WHERE case_id = $1 ORDER BY id`, [
    caseId,
  ]),
  events: await eventTypes(harness, caseId),
});

describe("referral: another agency's case", () => {
  it('lets no Gaozhou caseworker refer, pledge on or read the referrals and pledges of Xinyi’s case', async () => {
    const { caseId } = await xinyiCaseReferredAndPledged();
    const before = await rowsOf(caseId);
    const gaozhou = await as(harness, 'gaozhou.caseworker');
    const nowhere = crypto.randomUUID();
    for (const id of [caseId, nowhere]) {
      expect(
        await failureOf(
          gaozhou.sendReferrals.mutate({ partner: PARTNERS.xinyiRural, items: [anItem({ caseId: id })] }),
        ),
      ).toEqual(refusal);
      expect(
        await failureOf(
          gaozhou.pledge.mutate({
            caseId: id,
            kind: 'money',
            donorName: '高州市某企业',
            organisedByOrgId: 'court-440981',
            amountFen: 100,
          }),
        ),
      ).toEqual(refusal);
      expect(await failureOf(gaozhou.listPledges.query({ caseId: id }))).toEqual(refusal);
      expect(await failureOf(gaozhou.listReferrals.query({ caseId: id }))).toEqual(refusal);
    }
    // A batch mixing Gaozhou's own case with Xinyi's is refused whole.
    const own = anItem();
    await opened(harness, [own], AGENCIES.gaozhouCourt);
    expect(
      await failureOf(
        gaozhou.sendReferrals.mutate({
          partner: PARTNERS.xinyiRural,
          items: [own, anItem({ caseId })],
        }),
      ),
    ).toEqual(refusal);
    expect((await rowsOf(own.caseId)).referrals).toEqual([]);
    expect(await rowsOf(caseId)).toEqual(before);
    // Nor does Gaozhou's chief, its department head or its own parent's caseworker see them.
    for (const username of ['gaozhou.head', 'gaozhou-jcy.chief', 'maoming.caseworker'])
      expect(await failureOf((await as(harness, username)).listPledges.query({ caseId })), username).toEqual(
        refusal,
      );
  });

  it('keeps a case’s referrals and pledges from partners no referral of it went to, as for a made-up case', async () => {
    const { caseId, referralId } = await xinyiCaseReferredAndPledged();
    for (const username of ['xinyi-education.officer', 'yiyuan-civil.officer']) {
      const partner = await as(harness, username);
      for (const id of [caseId, crypto.randomUUID()]) {
        expect(await failureOf(partner.listReferrals.query({ caseId: id })), username).toEqual(refusal);
        expect(await failureOf(partner.listPledges.query({ caseId: id })), username).toEqual(refusal);
        expect(
          await failureOf(
            partner.pledge.mutate({
              caseId: id,
              kind: 'job',
              donorName: '某工厂',
              organisedByOrgId: 'education-440983',
              jobDescription: '包装工',
            }),
          ),
          username,
        ).toEqual(refusal);
      }
      for (const id of [referralId, crypto.randomUUID()]) {
        expect(await failureOf(partner.accept.mutate({ referralId: id })), username).toEqual(refusal);
        expect(
          await failureOf(partner.revealIdNumber.mutate({ referralId: id, purpose: '核对身份' })),
          username,
        ).toEqual(refusal);
      }
    }
  });

  it('shows the partner it went to its own referral and the pledges it organised; the court sees them all', async () => {
    const { caseId } = await xinyiCaseReferredAndPledged();
    await (
      await as(harness, 'xinyi.caseworker')
    ).pledge.mutate({
      caseId,
      kind: 'job',
      donorName: '信宜市某食品厂',
      organisedByOrgId: PARTNERS.xinyiRural.orgId,
      jobDescription: '包装工，月薪3000元',
    });
    const civil = await as(harness, 'xinyi-civil.officer');
    expect((await civil.listPledges.query({ caseId })).map((p) => p.donorName)).toEqual(['信宜市某爱心企业']);
    expect((await civil.listReferrals.query({ caseId })).map((r) => r.partnerOrgId)).toEqual([
      PARTNERS.xinyiCivil.orgId,
    ]);
    const court = await as(harness, 'xinyi.caseworker');
    expect((await court.listPledges.query({ caseId })).map((p) => p.donorName)).toEqual([
      '信宜市某爱心企业',
      '信宜市某食品厂',
    ]);
  });
});
