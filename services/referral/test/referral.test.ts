import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUT_OF_REACH } from '@jiuzhu/service-kit';
import { eventually, failureOf } from '@jiuzhu/service-kit/testing';
import { needFound, programmeReveals, ReferralProgramme, verificationCompleted } from '@jiuzhu/contracts';
import {
  AGENCIES,
  PARTNERS,
  aPerson,
  anItem,
  as,
  eventPayloads,
  eventTypes,
  opened,
  startReferral,
  userIdOf,
  type Harness,
} from './helpers.ts';

let harness: Harness;
beforeAll(async () => {
  // One partner officer here reveals more within a minute than a person would; the limit has its own test.
  harness = await startReferral({ REVEALS_PER_MINUTE: '1000' });
});
afterAll(async () => harness?.stop());

describe('referral: outbound to a partner inbox, and back', () => {
  it('refers an assisted person for 低保; civil affairs accepts and records the enrolment; the court sees it', async () => {
    const caseworker = await as(harness, 'xinyi.caseworker');
    const civil = await as(harness, 'xinyi-civil.officer');
    const item = anItem();
    await opened(harness, [item]);
    const { referralIds } = await caseworker.sendReferrals.mutate({
      partner: PARTNERS.xinyiCivil,
      items: [
        { ...item, person: { ...item.person, bankAccount: '6222020200112233445' } as typeof item.person },
      ],
    });
    const referralId = referralIds[0]!;

    const inbox = await civil.inbox.query({});
    const mine = inbox.find((r) => r.referralId === referralId)!;
    expect(mine).toMatchObject({ status: 'sent', overdue: false, programme: 'minimum_living_allowance' });
    expect(mine.person.idNumberMasked).toMatch(/^440983\*{8}\d{3}[\dX]$/);
    expect(JSON.stringify(inbox)).not.toContain('6222020200112233445');
    expect(JSON.stringify(inbox)).not.toContain(item.person.idNumber);
    expect(Object.keys(mine)).not.toContain('incidentSummary');

    await civil.accept.mutate({ referralId });
    const enrolled = await civil.recordOutcome.mutate({
      referralId,
      outcome: 'enrolled',
      enrolledProgramme: 'minimum_living_allowance',
      enrolledFrom: '2026-12-01',
      monthlyAmountFen: 65_000,
    });
    expect(enrolled.status).toBe('enrolled');

    const seen = await caseworker.listReferrals.query({ caseId: item.caseId });
    expect(seen).toEqual([
      expect.objectContaining({
        status: 'enrolled',
        partnerOrgName: '信宜市民政局',
        outcome: expect.objectContaining({ enrolledFrom: '2026-12-01', monthlyAmountFen: 65_000 }),
      }),
    ]);
    expect(seen[0]!.history.map((h) => h.action)).toEqual(['sent', 'accepted', 'outcome_recorded']);
    expect(await eventTypes(harness, item.caseId)).toEqual([
      'referral.referral-created',
      'referral.outcome-recorded',
    ]);
    // Follow-up shows the partner by name on the case timeline.
    for (const type of ['referral.referral-created', 'referral.outcome-recorded'])
      expect(await eventPayloads(harness, item.caseId, type)).toEqual([
        expect.objectContaining({ partnerOrgId: 'civil-affairs-440983', partnerOrgName: '信宜市民政局' }),
      ]);
    const stored = await harness.query(`SELECT * FROM referral WHERE id = $1`, [referralId]);
    expect(JSON.stringify(stored)).not.toContain('6222020200112233445');
  });

  it('refers across provinces (Guangdong court → Shandong civil affairs), with questions answered and a decline', async () => {
    const caseworker = await as(harness, 'xinyi.caseworker');
    const yiyuan = await as(harness, 'yiyuan-civil.officer');
    const xinyiCivil = await as(harness, 'xinyi-civil.officer');
    const item = anItem({ person: aPerson('370323'), programme: 'extreme_hardship_support' });
    await opened(harness, [item]);
    const { referralIds } = await caseworker.sendReferrals.mutate({
      partner: PARTNERS.yiyuanCivil,
      items: [item],
    });
    const referralId = referralIds[0]!;

    expect((await yiyuan.inbox.query({})).map((r) => r.referralId)).toContain(referralId);
    expect((await xinyiCivil.inbox.query({})).map((r) => r.referralId)).not.toContain(referralId);
    const refused = await failureOf(xinyiCivil.accept.mutate({ referralId }));
    expect(refused.status).toBe(403);
    expect(refused.message).toContain('承办机构');

    await yiyuan.requestInfo.mutate({ referralId, question: '请补充户籍所在地村委会出具的生活困难证明。' });
    const answered = await caseworker.provideInfo.mutate({ referralId, answer: '已补充，见附件。' });
    expect(answered.status).toBe('sent');
    const declined = await yiyuan.decline.mutate({
      referralId,
      reason: '户籍不在本县，请转户籍地民政部门。',
    });
    expect(declined).toMatchObject({
      status: 'declined',
      declineReason: '户籍不在本县，请转户籍地民政部门。',
    });
    expect(
      (await caseworker.listReferrals.query({ caseId: item.caseId }))[0]!.history.map((h) => h.action),
    ).toEqual(['sent', 'info_requested', 'info_provided', 'declined']);
    const again = await failureOf(yiyuan.accept.mutate({ referralId }));
    expect(again).toMatchObject({ status: 409, message: expect.stringContaining('已退回') });
  });
});

describe('referral: access to the referred person’s data', () => {
  it('shows a partner only its own inbox, audits every read and reveals the ID number only to the partner', async () => {
    const caseworker = await as(harness, 'xinyi.caseworker');
    const civil = await as(harness, 'xinyi-civil.officer');
    const rural = await as(harness, 'xinyi-rural.officer');
    const item = anItem();
    await opened(harness, [item]);
    const { referralIds } = await caseworker.sendReferrals.mutate({
      partner: PARTNERS.xinyiCivil,
      items: [item],
    });
    const referralId = referralIds[0]!;

    expect((await rural.inbox.query({})).map((r) => r.referralId)).not.toContain(referralId);
    expect(await failureOf(rural.listReferrals.query({ caseId: item.caseId }))).toMatchObject({
      status: 403,
    });
    expect(await failureOf(rural.revealIdNumber.mutate({ referralId, purpose: '核对' }))).toMatchObject({
      status: 403,
    });
    expect(await failureOf(caseworker.inbox.query({}))).toMatchObject({ status: 403 });
    const gaozhou = await as(harness, 'gaozhou.caseworker');
    expect(await failureOf(gaozhou.listReferrals.query({ caseId: item.caseId }))).toMatchObject({
      status: 403,
    });

    await civil.inbox.query({});
    const revealed = await civil.revealIdNumber.mutate({ referralId, purpose: '低保审核比对户籍信息' });
    expect(revealed.idNumber).toBe(item.person.idNumber);

    const audit = await harness.query<{ accessed_by_org: string; fields: string[]; purpose: string }>(
      `SELECT accessed_by_org, fields, purpose FROM person_data_access WHERE referral_id = $1 ORDER BY id`,
      [referralId],
    );
    expect(audit).toEqual([
      expect.objectContaining({ accessed_by_org: 'civil-affairs-440983', purpose: 'partner inbox' }),
      { accessed_by_org: 'civil-affairs-440983', fields: ['idNumber'], purpose: '低保审核比对户籍信息' },
    ]);
  });
});

describe('referral: the full ID number, only where the programme enrols by it', () => {
  it('lets civil affairs enrolling in 低保 reveal it, refuses counselling and job support in Chinese, and audits only what was shown', async () => {
    const caseworker = await as(harness, 'xinyi.caseworker');
    const civil = await as(harness, 'xinyi-civil.officer');
    const programmes = ReferralProgramme.options;
    const items = await opened(
      harness,
      programmes.map((programme) => anItem({ programme })),
    );
    const { referralIds } = await caseworker.sendReferrals.mutate({ partner: PARTNERS.xinyiCivil, items });
    const idOf = (programme: ReferralProgramme) => referralIds[programmes.indexOf(programme)]!;

    const allowed = await civil.revealIdNumber.mutate({
      referralId: idOf('minimum_living_allowance'),
      purpose: '低保审核比对户籍信息',
    });
    expect(allowed.idNumber).toBe(items[programmes.indexOf('minimum_living_allowance')]!.person.idNumber);
    expect(
      await failureOf(
        civil.revealIdNumber.mutate({ referralId: idOf('psychological_counselling'), purpose: '核对身份' }),
      ),
    ).toEqual({
      status: 403,
      message:
        '办理“心理疏导”不需要完整身份证号码，不能查看；如需核对身份，可请被转介人出示身份证，或向转介机构要求补充材料。',
    });
    expect(
      (
        await failureOf(
          civil.revealIdNumber.mutate({ referralId: idOf('employment_support'), purpose: '就业登记' }),
        )
      ).status,
    ).toBe(403);
    // The counsellor may still call the person.
    expect(
      await civil.revealPhone.mutate({
        referralId: idOf('psychological_counselling'),
        purpose: '预约心理疏导',
      }),
    ).toMatchObject({ phone: '13800138000' });

    // Every programme as its table entry says: enrolment programmes yes, the others no.
    const outcome = async (programme: ReferralProgramme) =>
      civil.revealIdNumber.mutate({ referralId: idOf(programme), purpose: '办理登记' }).then(
        () => 'shown',
        () => 'refused',
      );
    const seen = Object.fromEntries(
      await Promise.all(programmes.map(async (p) => [p, await outcome(p)] as const)),
    );
    expect(seen).toEqual({
      minimum_living_allowance: 'shown',
      extreme_hardship_support: 'shown',
      de_facto_unsupported_child: 'shown',
      poverty_relief: 'shown',
      medical_assistance: 'shown',
      education_aid: 'shown',
      disability_benefits: 'shown',
      employment_support: 'refused',
      legal_aid: 'refused',
      psychological_counselling: 'refused',
      other: 'refused',
    });
    for (const programme of programmes)
      expect(seen[programme] === 'shown', programme).toBe(programmeReveals(programme).includes('idNumber'));

    const audited = await harness.query<{ referral_id: string }>(
      `SELECT referral_id FROM person_data_access WHERE referral_id = ANY($1::uuid[]) AND fields = ARRAY['idNumber']`,
      [referralIds],
    );
    expect(audited.map((row) => programmes[referralIds.indexOf(row.referral_id)]).sort()).toEqual(
      ['minimum_living_allowance', ...programmes.filter((p) => seen[p] === 'shown')].sort(),
    );
  });
});

describe('referral: the parent agency’s overseers', () => {
  it('lets Maoming’s supervisor read a Xinyi case’s referrals, audited; not another agency’s chief', async () => {
    const caseworker = await as(harness, 'xinyi.caseworker');
    const supervisor = await as(harness, 'maoming.supervisor');
    const item = anItem();
    await opened(harness, [item]);
    const { referralIds } = await caseworker.sendReferrals.mutate({
      partner: PARTNERS.xinyiCivil,
      items: [item],
    });
    const referralId = referralIds[0]!;

    const seen = await supervisor.listReferrals.query({ caseId: item.caseId });
    expect(seen).toEqual([
      expect.objectContaining({ referralId, handlingOrgId: 'court-440983', partnerOrgName: '信宜市民政局' }),
    ]);
    expect(seen[0]!.person.householdNote).toBe(item.person.householdNote);
    expect(JSON.stringify(seen)).not.toContain(item.person.idNumber);
    // Its own sent list stays Maoming's: overseeing a case does not open Xinyi's lists.
    expect((await supervisor.listSent.query({})).map((r) => r.referralId)).not.toContain(referralId);

    const gaozhouChief = await as(harness, 'gaozhou-jcy.chief');
    expect(await failureOf(gaozhouChief.listReferrals.query({ caseId: item.caseId }))).toMatchObject({
      status: 403,
    });
    // Maoming's caseworkers handle their own cases; they do not oversee Xinyi's.
    const maomingCaseworker = await as(harness, 'maoming.caseworker');
    expect(await failureOf(maomingCaseworker.listReferrals.query({ caseId: item.caseId }))).toMatchObject({
      status: 403,
    });

    const audit = await harness.query<{ accessed_by: string; accessed_by_org: string; purpose: string }>(
      `SELECT accessed_by, accessed_by_org, purpose FROM person_data_access WHERE referral_id = $1 ORDER BY id`,
      [referralId],
    );
    expect(audit).toEqual([
      {
        accessed_by: await userIdOf(harness, 'maoming.supervisor'),
        accessed_by_org: 'court-440900',
        purpose: 'case referrals',
      },
    ]);
  });
});

describe('referral: the audit of every read', () => {
  it('records who read which referral, from which organisation and which fields, in lists and answers', async () => {
    const caseworker = await as(harness, 'xinyi.caseworker');
    const civil = await as(harness, 'xinyi-civil.officer');
    const [first, second] = [anItem(), anItem()];
    await opened(harness, [first, second]);
    const { batchId, referralIds } = await caseworker.sendReferrals.mutate({
      partner: PARTNERS.xinyiCivil,
      items: [first, second],
    });
    const [firstId, secondId] = referralIds as [string, string];
    const court = { by: await userIdOf(harness, 'xinyi.caseworker'), org: 'court-440983' };
    const partner = { by: await userIdOf(harness, 'xinyi-civil.officer'), org: 'civil-affairs-440983' };
    const reads = () =>
      harness.query<{
        referral_id: string;
        accessed_by: string;
        accessed_by_org: string;
        fields: string[];
        purpose: string;
      }>(
        `SELECT referral_id, accessed_by, accessed_by_org, fields, purpose FROM person_data_access
         WHERE referral_id = ANY($1::uuid[]) ORDER BY id`,
        [referralIds],
      );
    expect(await reads()).toEqual([]);

    await caseworker.listReferrals.query({ caseId: first.caseId });
    await civil.listReferrals.query({ caseId: first.caseId });
    await caseworker.listSent.query({ batchId });
    await civil.accept.mutate({ referralId: firstId });
    await civil.recordOutcome.mutate({
      referralId: firstId,
      outcome: 'enrolled',
      enrolledProgramme: 'minimum_living_allowance',
      enrolledFrom: '2026-12-01',
    });
    await civil.requestInfo.mutate({ referralId: secondId, question: '请补充家庭收入证明。' });
    await caseworker.provideInfo.mutate({ referralId: secondId, answer: '已补充。' });
    await civil.decline.mutate({ referralId: secondId, reason: '已在其他部门办理。' });

    const everything = [
      'name',
      'idNumberMasked',
      'regionCode',
      'phoneMasked',
      'address',
      'householdNote',
      'schoolingNote',
      'healthNote',
      'workNote',
    ];
    // 低保 needs contact, a home visit and the household's means: no schooling, health or work details.
    const forLowIncome = everything.slice(0, 6);
    const read = (who: typeof court, referralId: string, purpose: string) => ({
      referral_id: referralId,
      accessed_by: who.by,
      accessed_by_org: who.org,
      fields: who === court ? everything : forLowIncome,
      purpose,
    });
    expect(await reads()).toEqual([
      read(court, firstId, 'case referrals'),
      read(partner, firstId, 'case referrals'),
      // The sent list orders one batch's referrals by id.
      ...[firstId, secondId].sort().map((id) => read(court, id, 'sent referrals')),
      read(partner, firstId, 'handle referral'),
      read(partner, firstId, 'handle referral'),
      read(partner, secondId, 'handle referral'),
      read(court, secondId, 'handle referral'),
      read(partner, secondId, 'handle referral'),
    ]);
  });
});

describe('referral: each partner sees only what its programme needs', () => {
  it('gives job support no schooling details and student aid no work details; the court keeps the whole record', async () => {
    const caseworker = await as(harness, 'xinyi.caseworker');
    const rural = await as(harness, 'xinyi-rural.officer');
    const education = await as(harness, 'xinyi-education.officer');
    const person = {
      ...aPerson(),
      householdNote: '家中四口人，月收入不足一千元。',
      schoolingNote: '女儿在信宜市第二中学读初二。',
      healthNote: '右腿截肢，肢体二级残疾。',
      workNote: '可从事坐姿手工，希望就近就业。',
    };
    const caseId = crypto.randomUUID();
    const jobs = anItem({ caseId, person, programme: 'employment_support' });
    const school = anItem({ caseId, person, programme: 'education_aid' });
    await opened(harness, [jobs, school]);
    const [jobsId] = (await caseworker.sendReferrals.mutate({ partner: PARTNERS.xinyiRural, items: [jobs] }))
      .referralIds as [string];
    const [schoolId] = (
      await caseworker.sendReferrals.mutate({ partner: PARTNERS.xinyiEducation, items: [school] })
    ).referralIds as [string];

    const jobsView = (await rural.inbox.query({})).find((r) => r.referralId === jobsId)!;
    expect(jobsView.person).toEqual({
      name: person.name,
      idNumberMasked: expect.stringMatching(/^440983\*{8}/),
      phoneMasked: '138****8000',
      address: { regionCode: '440983', detail: null },
      householdNote: null,
      schoolingNote: null,
      healthNote: null,
      workNote: '可从事坐姿手工，希望就近就业。',
    });
    const schoolView = (await education.inbox.query({})).find((r) => r.referralId === schoolId)!;
    expect(schoolView.person).toMatchObject({
      address: { regionCode: '440983', detail: null },
      householdNote: '家中四口人，月收入不足一千元。',
      schoolingNote: '女儿在信宜市第二中学读初二。',
      healthNote: null,
      workNote: null,
    });
    // The same holds in the case list and in the answer views.
    for (const [client, id] of [
      [rural, jobsId],
      [education, schoolId],
    ] as const) {
      const views = [
        ...(await client.listReferrals.query({ caseId })),
        await client.accept.mutate({ referralId: id }),
      ];
      expect(views.map((view) => view.referralId)).toEqual([id, id]);
      const text = JSON.stringify(views);
      expect(text).not.toContain(person.healthNote);
      expect(text).not.toContain(person.address.detail);
      expect(text).not.toContain(id === jobsId ? person.schoolingNote : person.workNote);
      expect(text).toContain(id === jobsId ? person.workNote : person.schoolingNote);
    }

    const { idNumber: _idNumber, phone: _phone, ...recorded } = person;
    const atCourt = await caseworker.listReferrals.query({ caseId });
    expect(atCourt.map((view) => [view.programme, view.person])).toEqual([
      ['employment_support', expect.objectContaining(recorded)],
      ['education_aid', expect.objectContaining(recorded)],
    ]);
  });
});

describe('referral: the referred person’s phone', () => {
  it('shows the partner the phone masked and reveals it, audited, only to the partner it is addressed to', async () => {
    const caseworker = await as(harness, 'xinyi.caseworker');
    const civil = await as(harness, 'xinyi-civil.officer');
    const rural = await as(harness, 'xinyi-rural.officer');
    const withPhone = anItem({ person: { ...aPerson(), phone: '13912345678' } });
    const { phone: _, ...withoutPhoneNumber } = aPerson();
    const withoutPhone = anItem({ person: withoutPhoneNumber });
    await opened(harness, [withPhone, withoutPhone]);
    const { referralIds } = await caseworker.sendReferrals.mutate({
      partner: PARTNERS.xinyiCivil,
      items: [withPhone, withoutPhone],
    });
    const [referralId, noPhoneId] = referralIds as [string, string];

    const inbox = await civil.inbox.query({});
    const byId = new Map(inbox.map((r) => [r.referralId, r]));
    expect(byId.get(referralId)?.person.phoneMasked).toBe('139****5678');
    expect(byId.get(noPhoneId)?.person.phoneMasked).toBeNull();
    expect(JSON.stringify(inbox)).not.toContain('13912345678');
    const sent = await caseworker.listReferrals.query({ caseId: withPhone.caseId });
    expect(sent[0]?.person.phoneMasked).toBe('139****5678');

    const reveals = () =>
      harness.query<{ accessed_by: string; accessed_by_org: string; accessed_at: Date; purpose: string }>(
        `SELECT accessed_by, accessed_by_org, accessed_at, purpose FROM person_data_access
         WHERE referral_id = ANY($1::uuid[]) AND fields = ARRAY['phone'] ORDER BY id`,
        [referralIds],
      );
    for (const other of [rural, caseworker])
      expect(await failureOf(other.revealPhone.mutate({ referralId, purpose: '核对' }))).toMatchObject({
        status: 403,
      });
    expect(await reveals()).toEqual([]);

    const before = Date.now();
    const revealed = await civil.revealPhone.mutate({ referralId, purpose: '电话通知申请人补充低保材料' });
    expect(revealed).toEqual({ referralId, phone: '13912345678' });
    const audit = await reveals();
    // The officer's user id as the service knows it, from the audit of the inbox read.
    const [inboxRead] = await harness.query<{ accessed_by: string }>(
      `SELECT accessed_by FROM person_data_access WHERE referral_id = $1 AND purpose = 'partner inbox'`,
      [referralId],
    );
    expect(audit).toEqual([
      {
        accessed_by: inboxRead!.accessed_by,
        accessed_by_org: 'civil-affairs-440983',
        accessed_at: expect.any(Date),
        purpose: '电话通知申请人补充低保材料',
      },
    ]);
    expect(audit[0]!.accessed_at.getTime()).toBeGreaterThanOrEqual(before - 1000);

    expect(
      await failureOf(civil.revealPhone.mutate({ referralId: noPhoneId, purpose: '电话通知' })),
    ).toMatchObject({ status: 404, message: '该转介事项未登记联系电话' });
    expect(await reveals()).toHaveLength(1);
    expect(await failureOf(civil.revealPhone.mutate({ referralId, purpose: ' ' }))).toMatchObject({
      status: 400,
    });
  });
});

describe('referral: a batch of 150 and its funnel', () => {
  it('counts sent → accepted → enrolled (3 in another province) / not enrolled / declined / pending', async () => {
    const caseworker = await as(harness, 'maoming.caseworker');
    const civil = await as(harness, 'maoming-civil.officer');
    const programmes = [
      'minimum_living_allowance',
      'extreme_hardship_support',
      'de_facto_unsupported_child',
    ] as const;
    const items = await opened(
      harness,
      Array.from({ length: 150 }, (_, i) =>
        anItem({ programme: programmes[i % 3]!, person: aPerson(i < 3 ? '433127' : '440900') }),
      ),
      AGENCIES.maomingCourt,
    );
    const { batchId, referralIds } = await caseworker.sendReferrals.mutate({
      partner: PARTNERS.maomingCivil,
      title: '2026年第一批司法救助衔接',
      items,
    });
    expect(referralIds).toHaveLength(150);
    const second = await caseworker.sendReferrals.mutate({
      partner: PARTNERS.yiyuanCivil,
      items: await opened(harness, [anItem({ person: aPerson('433127') })], AGENCIES.maomingCourt),
    });

    for (const [i, referralId] of referralIds.entries()) {
      if (i < 98)
        await civil.recordOutcome.mutate({
          referralId,
          outcome: 'enrolled',
          enrolledProgramme: programmes[i % 3]!,
          enrolledFrom: '2026-12-01',
          // The first three live in Yongshun county, Hunan: enrolled in that county's 低保.
          ...(i < 3 ? { enrolledRegion: '433127' } : {}),
        });
      else if (i < 103)
        await civil.recordOutcome.mutate({
          referralId,
          outcome: 'not_enrolled',
          note: '家庭收入超过当地低保标准',
        });
      else if (i < 113) await civil.decline.mutate({ referralId, reason: '已在其他部门办理' });
      else if (i < 133) await civil.accept.mutate({ referralId });
    }

    const funnel = await caseworker.funnel.query({});
    expect(funnel.byBatch.find((b) => b.batchId === batchId)).toEqual({
      batchId,
      title: '2026年第一批司法救助衔接',
      partnerOrgId: 'civil-affairs-440900',
      sentOn: expect.any(String),
      sent: 150,
      accepted: 123,
      enrolled: 98,
      enrolledInOtherProvince: 3,
      notEnrolled: 5,
      declined: 10,
      pending: 37,
      overdue: 0,
    });
    expect(funnel.byPartner.map((p) => [p.partnerOrgName, p.sent, p.pending])).toEqual([
      ['茂名市民政局', 150, 37],
      ['沂源县民政局', 1, 1],
    ]);
    expect((await caseworker.funnel.query({ batchId: second.batchId })).byBatch).toHaveLength(1);
    const xinyi = await as(harness, 'xinyi.caseworker');
    expect((await xinyi.funnel.query({})).byPartner.map((p) => p.partnerOrgId)).not.toContain(
      'civil-affairs-440900',
    );
  });
});

describe('referral: overdue answers in working days', () => {
  it('flags a referral unanswered 5 working days after it went out, across the Spring Festival', async () => {
    const caseworker = await as(harness, 'gaozhou.caseworker');
    const civil = await as(harness, 'xinyi-civil.officer');
    const old = anItem();
    const fresh = anItem();
    await opened(harness, [old, fresh], AGENCIES.gaozhouCourt);
    const { referralIds } = await caseworker.sendReferrals.mutate({
      partner: PARTNERS.xinyiCivil,
      sentOn: '2026-02-13',
      items: [old],
    });
    await caseworker.sendReferrals.mutate({ partner: PARTNERS.xinyiCivil, items: [fresh] });

    const [late] = await caseworker.listReferrals.query({ caseId: old.caseId });
    expect(late).toMatchObject({ sentOn: '2026-02-13', answerDueOn: '2026-02-27', overdue: true });
    // Published with the referral, so that follow-up's joint-meeting pack counts it overdue from the same day
    // (services/followup/test/meetings.test.ts).
    expect(await eventPayloads(harness, old.caseId, 'referral.referral-created')).toMatchObject([
      { answerDueOn: '2026-02-27' },
    ]);
    expect((await caseworker.listReferrals.query({ caseId: fresh.caseId }))[0]!.overdue).toBe(false);
    expect((await caseworker.funnel.query({})).byPartner[0]).toMatchObject({ sent: 2, overdue: 1 });

    const overdue = await caseworker.listSent.query({ overdueOnly: true });
    expect(overdue.map((r) => r.caseId)).toEqual([old.caseId]);
    expect(await failureOf(civil.listSent.query({}))).toMatchObject({ status: 403 });

    await civil.accept.mutate({ referralId: referralIds[0]! });
    expect((await caseworker.listReferrals.query({ caseId: old.caseId }))[0]!.overdue).toBe(false);
  });
});

describe('referral: suggestions from investigation and follow-up', () => {
  it('turns an "ineligible but in need" finding into a draft the caseworker confirms', async () => {
    const caseworker = await as(harness, 'xinyi-jcy.caseworker');
    const caseId = crypto.randomUUID();
    await harness.openCase({
      caseId,
      handlingOrgId: 'procuratorate-440983',
      handlingOrgParentId: 'procuratorate-440900',
    });
    const base = { handlingOrgId: 'procuratorate-440983', recommendedAmountFen: 0, capFen: 0 };
    await harness.deliver(verificationCompleted, {
      ...base,
      caseId: crypto.randomUUID(),
      eligible: true,
      recommendedAmountFen: 500_000,
      referralRecommendation: { programme: 'medical_assistance', reason: '仍需医疗救助' },
    });
    await harness.deliver(verificationCompleted, {
      ...base,
      caseId,
      eligible: false,
      referralRecommendation: {
        programme: 'poverty_relief',
        reason: '家庭未纳入建档立卡，建议乡村振兴部门认定。',
      },
    });
    await harness.deliver(needFound, {
      caseId,
      handlingOrgId: 'procuratorate-440983',
      programme: 'psychological_counselling',
      note: '回访发现未成年子女情绪低落。',
    });

    const suggestions = await eventually(async () => {
      const list = await caseworker.listSuggestions.query();
      return list.length >= 2 ? list : undefined;
    }, 'suggestions');
    expect(suggestions.map((s) => [s.caseId, s.source, s.programme, s.status])).toEqual([
      [caseId, 'investigation', 'poverty_relief', 'open'],
      [caseId, 'followup', 'psychological_counselling', 'open'],
    ]);

    const suggestionId = suggestions[0]!.suggestionId;
    const confirm = { suggestionId, partner: PARTNERS.xinyiRural, person: aPerson() };
    const { referralIds } = await caseworker.confirmSuggestion.mutate(confirm);
    const rural = await as(harness, 'xinyi-rural.officer');
    expect((await rural.inbox.query({})).find((r) => r.referralId === referralIds[0])).toMatchObject({
      programme: 'poverty_relief',
      reason: '家庭未纳入建档立卡，建议乡村振兴部门认定。',
    });
    expect(await failureOf(caseworker.confirmSuggestion.mutate(confirm))).toMatchObject({
      status: 409,
      message: '该转介建议已处理',
    });
    expect((await caseworker.listSuggestions.query())[0]).toMatchObject({
      status: 'confirmed',
      referralId: referralIds[0],
    });
  });
});

describe('referral: donations', () => {
  it('records money and job pledges to a referred case; only money is handed to payments', async () => {
    const caseworker = await as(harness, 'xinyi.caseworker');
    const civil = await as(harness, 'xinyi-civil.officer');
    const item = anItem();
    await opened(harness, [item]);
    await caseworker.sendReferrals.mutate({ partner: PARTNERS.xinyiCivil, items: [item] });

    await civil.pledge.mutate({
      caseId: item.caseId,
      kind: 'money',
      donorName: '信宜市某爱心企业',
      organisedByOrgId: 'civil-affairs-440983',
      amountFen: 500_000,
    });
    await caseworker.pledge.mutate({
      caseId: item.caseId,
      kind: 'job',
      donorName: '信宜市某食品厂',
      organisedByOrgId: 'civil-affairs-440983',
      jobDescription: '包装工，月薪3000元',
    });
    const pledges = await caseworker.listPledges.query({ caseId: item.caseId });
    expect(pledges.map((p) => [p.kind, p.amountFen])).toEqual([
      ['money', 500_000],
      ['job', null],
    ]);
    expect(await eventTypes(harness, item.caseId)).toEqual([
      'referral.referral-created',
      'referral.donation-pledged',
    ]);
    expect(await eventPayloads(harness, item.caseId, 'referral.donation-pledged')).toEqual([
      expect.objectContaining({
        organisedByOrgId: 'civil-affairs-440983',
        organisedByOrgName: '信宜市民政局',
      }),
    ]);

    const yiyuan = await as(harness, 'yiyuan-civil.officer');
    expect(await failureOf(yiyuan.listPledges.query({ caseId: item.caseId }))).toMatchObject({ status: 403 });
    const elsewhere = await failureOf(
      civil.pledge.mutate({
        caseId: item.caseId,
        kind: 'money',
        donorName: '某公司',
        organisedByOrgId: 'womens-federation-440983',
        amountFen: 1,
      }),
    );
    expect(elsewhere).toMatchObject({
      status: 403,
      message: '协作部门只能登记本部门组织的爱心企业或慈善组织的认捐',
    });
  });
});

describe('referral: bad input', () => {
  it('answers with Chinese messages', async () => {
    const caseworker = await as(harness, 'xinyi.caseworker');
    const civil = await as(harness, 'xinyi-civil.officer');
    const badId = anItem({ person: { ...aPerson(), idNumber: '440983198503010000' } });
    await opened(harness, [badId]);
    const future = anItem();
    await opened(harness, [future]);
    const cases: Array<[() => Promise<unknown>, string]> = [
      [
        () => caseworker.sendReferrals.mutate({ partner: PARTNERS.xinyiCivil, items: [badId] }),
        '身份证号码无效',
      ],
      [
        () => caseworker.sendReferrals.mutate({ partner: PARTNERS.xinyiCivil, items: [] }),
        '请至少选择一个案件',
      ],
      [
        () =>
          caseworker.sendReferrals.mutate({
            partner: { orgId: ' ' },
            items: [anItem()],
          }),
        '请选择机构',
      ],
      [
        () =>
          caseworker.sendReferrals.mutate({
            partner: PARTNERS.xinyiCivil,
            sentOn: '2099-01-04',
            items: [future],
          }),
        '移送日期不能晚于今天',
      ],
      [
        () =>
          caseworker.sendReferrals.mutate({
            partner: PARTNERS.xinyiCivil,
            items: [anItem({ programme: 'lottery' as 'legal_aid' })],
          }),
        '请选择有效的救助项目',
      ],
      [() => civil.decline.mutate({ referralId: crypto.randomUUID(), reason: ' ' }), '请填写退回理由'],
      // A referral that does not exist is refused as one addressed to another department would be.
      [() => civil.accept.mutate({ referralId: crypto.randomUUID() }), OUT_OF_REACH],
      [
        () =>
          civil.recordOutcome.mutate({
            referralId: crypto.randomUUID(),
            outcome: 'maybe' as 'not_enrolled',
            note: 'x',
          }),
        '请选择办理结果',
      ],
    ];
    for (const [call, message] of cases) expect((await failureOf(call())).message).toContain(message);
    expect(
      await failureOf(civil.sendReferrals.mutate({ partner: PARTNERS.xinyiCivil, items: [anItem()] })),
    ).toMatchObject({
      status: 403,
    });
  });
});
