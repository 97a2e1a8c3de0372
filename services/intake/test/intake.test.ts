import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUT_OF_REACH } from '@jiuzhu/service-kit';
import { failureOf } from '@jiuzhu/service-kit/testing';
import { aLead, anApplicant, as, idNumber, ORGS, startIntake, type Harness } from './helpers.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startIntake();
});
afterAll(async () => harness?.stop());

describe('intake: leads and cases', () => {
  it('records each of the five lead sources with who passed it on and at which stage', async () => {
    const referrer = await as(harness, 'xinyi.referrer');
    const caseworker = await as(harness, 'xinyi.caseworker');
    const women = await as(harness, 'xinyi-women.officer');
    const superior = await as(harness, 'maoming.caseworker');

    const internal = await referrer.createLead.mutate(
      aLead({ source: 'internal_department', referral: { department: '刑事审判庭', stage: 'trial' } }),
    );
    const application = await caseworker.createLead.mutate(
      aLead({ source: 'own_application', applicationForm: 'oral' }),
    );
    const exOfficio = await caseworker.createLead.mutate(aLead({ source: 'ex_officio' }));
    const partner = await women.createLead.mutate(
      aLead({ source: 'partner_department', to: ORGS.xinyiCourt }),
    );
    const assigned = await superior.createLead.mutate(
      aLead({ source: 'superior_agency', to: ORGS.xinyiCourt }),
    );

    expect(internal.sender).toEqual({
      orgId: 'court-440983',
      orgName: expect.any(String),
      department: '刑事审判庭',
      stage: 'trial',
    });
    expect(application).toMatchObject({
      source: 'own_application',
      applicationForm: 'oral',
      status: 'pending',
    });
    expect(partner.sender.orgId).toBe('womens-federation-440983');
    expect(assigned.sender.orgId).toBe('court-440900');
    for (const lead of [internal, application, exOfficio, partner, assigned])
      expect(lead.holder.orgId, lead.source).toBe('court-440983');
    expect(assigned.history).toEqual([
      expect.objectContaining({
        action: 'received',
        orgId: 'court-440983',
        note: expect.stringContaining('上级机构交办'),
      }),
    ]);

    const inbox = await caseworker.listLeads.query({ box: 'inbox' });
    const sources = new Map(inbox.map((lead) => [lead.leadId, lead.source]));
    expect(
      [internal, application, exOfficio, partner, assigned].map((lead) => sources.get(lead.leadId)),
    ).toEqual([
      'internal_department',
      'own_application',
      'ex_officio',
      'partner_department',
      'superior_agency',
    ]);

    // A procuratorate's criminal-prosecution department passes a lead at arrest review ("1+N").
    const jcyLead = await (
      await as(harness, 'gaozhou-jcy.referrer')
    ).createLead.mutate(
      aLead({
        source: 'internal_department',
        referral: { department: '第一检察部', stage: 'arrest_review' },
      }),
    );
    expect(jcyLead.holder.orgId).toBe('procuratorate-440981');
    expect(jcyLead.sender.stage).toBe('arrest_review');
  });

  it('takes partner leads from several kinds of partner department and regions to the court they name', async () => {
    const gaozhouCourt = 'court-440981';
    const send = async (username: string, to: string) =>
      (await as(harness, username)).createLead.mutate(aLead({ source: 'partner_department', to }));
    const civilToXinyi = await send('xinyi-civil.officer', ORGS.xinyiCourt);
    const educationToXinyi = await send('xinyi-education.officer', ORGS.xinyiCourt);
    const medicalToGaozhou = await send('gaozhou-medical.officer', gaozhouCourt);
    // A partner of another county may know a person whose case was tried in Xinyi.
    const medicalToXinyi = await send('gaozhou-medical.officer', ORGS.xinyiCourt);
    const civilToYiyuan = await send('yiyuan-civil.officer', ORGS.yiyuanJcy);

    const senderOf = (lead: { source: string; sender: { orgId: string; orgName: string } }) => [
      lead.source,
      lead.sender.orgId,
      lead.sender.orgName,
    ];
    const inboxOf = async (username: string) => {
      const inbox = await (await as(harness, username)).listLeads.query({ box: 'inbox' });
      return new Map(inbox.map((lead) => [lead.leadId, senderOf(lead)]));
    };
    const xinyi = await inboxOf('xinyi.caseworker');
    expect([civilToXinyi, educationToXinyi, medicalToXinyi].map((lead) => xinyi.get(lead.leadId))).toEqual([
      ['partner_department', 'civil-affairs-440983', '信宜市民政局'],
      ['partner_department', 'education-440983', '信宜市教育局'],
      ['partner_department', 'medical-insurance-440981', '高州市医疗保障局'],
    ]);
    expect(xinyi.has(medicalToGaozhou.leadId)).toBe(false);
    expect(xinyi.has(civilToYiyuan.leadId)).toBe(false);

    const gaozhou = await inboxOf('gaozhou.caseworker');
    expect(gaozhou.get(medicalToGaozhou.leadId)).toEqual([
      'partner_department',
      'medical-insurance-440981',
      '高州市医疗保障局',
    ]);
    for (const lead of [civilToXinyi, educationToXinyi, medicalToXinyi, civilToYiyuan])
      expect(gaozhou.has(lead.leadId), lead.sender.orgName).toBe(false);

    const yiyuan = await inboxOf('yiyuan-jcy.caseworker');
    expect(yiyuan.get(civilToYiyuan.leadId)).toEqual([
      'partner_department',
      'civil-affairs-370323',
      '沂源县民政局',
    ]);
    for (const lead of [civilToXinyi, educationToXinyi, medicalToXinyi, medicalToGaozhou])
      expect(yiyuan.has(lead.leadId), lead.sender.orgName).toBe(false);

    // The receiving caseworker opens the lead: the people, and who sent it, in the history too.
    const opened = await (
      await as(harness, 'xinyi.caseworker')
    ).getLead.query({
      leadId: medicalToXinyi.leadId,
    });
    expect(opened).toMatchObject({
      access: 'holder',
      holder: { orgId: 'court-440983', orgName: '信宜市人民法院' },
      sender: { orgId: 'medical-insurance-440981', orgName: '高州市医疗保障局' },
      history: [expect.objectContaining({ action: 'received', note: '协作部门移送：高州市医疗保障局' })],
    });
    expect(opened.people.map((person) => person.role)).toContain('applicant');
    expect(
      (
        await failureOf(
          (await as(harness, 'gaozhou.caseworker')).getLead.query({ leadId: civilToXinyi.leadId }),
        )
      ).status,
    ).toBe(403);

    // Each partner follows only what it sent, wherever it went.
    const medicalSent = await (await as(harness, 'gaozhou-medical.officer')).listLeads.query({ box: 'sent' });
    expect(medicalSent.map((lead) => lead.leadId).sort()).toEqual(
      [medicalToGaozhou.leadId, medicalToXinyi.leadId].sort(),
    );
    expect(medicalSent.map((lead) => lead.holder.orgName).sort()).toEqual([
      '信宜市人民法院',
      '高州市人民法院',
    ]);
  });

  it('refuses a source the sender cannot use, saying why', async () => {
    const civil = await as(harness, 'xinyi-civil.officer');
    const exOfficioByPartner = await failureOf(civil.createLead.mutate(aLead({ to: ORGS.xinyiCourt })));
    expect(exOfficioByPartner).toMatchObject({
      status: 400,
      message: expect.stringContaining('协作部门移送'),
    });
    const toNowhere = await failureOf(civil.createLead.mutate(aLead({ source: 'partner_department' })));
    expect(toNowhere).toMatchObject({
      status: 400,
      message: expect.stringContaining('人民法院或人民检察院'),
    });
    const noStage = await failureOf(
      (await as(harness, 'xinyi.referrer')).createLead.mutate(
        aLead({ source: 'internal_department', referral: { department: '刑事审判庭' } }),
      ),
    );
    expect(noStage).toMatchObject({ status: 400, message: expect.stringContaining('诉讼环节') });
    const noForm = await failureOf(
      (await as(harness, 'xinyi.caseworker')).createLead.mutate(aLead({ source: 'own_application' })),
    );
    expect(noForm).toMatchObject({ status: 400, message: expect.stringContaining('口头申请') });
  });

  it('opens a case when the lead is accepted, numbers it per agency and announces it', async () => {
    const caseworker = await as(harness, 'xinyi.caseworker');
    const lead = await caseworker.createLead.mutate(aLead({ urgentReasons: ['urgent_medical'] }));
    const opened = await caseworker.acceptLead.mutate({ leadId: lead.leadId });

    expect(opened).toMatchObject({
      leadId: lead.leadId,
      handlingOrgId: 'court-440983',
      source: 'ex_officio',
      urgent: true,
      status: 'open',
      requestedAmountFen: 2_000_000,
      applicant: { name: '王建国', idNumberMasked: expect.stringMatching(/^440983\*{8}\d{3}[\dX]$/) },
    });
    expect(opened.caseNumber).toMatch(/^JZ-\d{4}-court-440983-\d{5}$/);
    const next = await caseworker.acceptLead.mutate({
      leadId: (await caseworker.createLead.mutate(aLead())).leadId,
    });
    expect(Number(next.caseNumber.slice(-5))).toBe(Number(opened.caseNumber.slice(-5)) + 1);

    expect(await caseworker.getLead.query({ leadId: lead.leadId })).toMatchObject({
      status: 'accepted',
      caseId: opened.caseId,
      caseNumber: opened.caseNumber,
    });
    const [event] = await harness.query<{ envelope: { type: string; payload: Record<string, unknown> } }>(
      `SELECT envelope FROM outbox WHERE key = $1`,
      [opened.caseId],
    );
    expect(event?.envelope).toMatchObject({
      type: 'intake.case-opened',
      payload: {
        caseId: opened.caseId,
        caseNumber: opened.caseNumber,
        handlingOrgId: 'court-440983',
        leadSource: 'ex_officio',
        urgent: true,
        requestedAmountFen: 2_000_000,
        leadId: lead.leadId,
        handlingRegion: '440983',
        handlingOrgParentId: 'court-440900',
      },
    });
    const applicantId = (
      await harness.query<{ id_number: string }>(
        `SELECT id_number FROM person WHERE lead_id = $1 AND role = 'applicant'`,
        [lead.leadId],
      )
    )[0]?.id_number as string;
    expect(JSON.stringify(event)).not.toContain(applicantId);

    const again = await failureOf(caseworker.acceptLead.mutate({ leadId: lead.leadId }));
    expect(again).toMatchObject({ status: 409, message: '该线索已受理立案' });
    expect(await caseworker.listCases.query()).toEqual(
      expect.arrayContaining([expect.objectContaining({ caseId: opened.caseId })]),
    );

    // The parent court's overseers read the case (its chief approves at the superior step); nobody else outside.
    for (const overseer of ['maoming.supervisor', 'maoming.chief']) {
      const read = await (await as(harness, overseer)).getCase.query({ caseId: opened.caseId });
      expect(read.caseNumber).toBe(opened.caseNumber);
    }
    for (const outsider of ['maoming.caseworker', 'gaozhou-jcy.chief']) {
      const refused = await failureOf((await as(harness, outsider)).getCase.query({ caseId: opened.caseId }));
      expect(refused).toMatchObject({ status: 403 });
    }
  });

  it('takes a group lead: one lead per person, shared facts typed once, one case each', async () => {
    const caseworker = await as(harness, 'yiyuan-jcy.caseworker');
    const farmers = ['张桂兰', '李长河', '赵秀云'].map((name) => ({
      applicant: anApplicant(name, '370323'),
      requestedAmountFen: 800_000,
      consent: { dataChecks: true as const, form: 'oral' as const },
    }));
    farmers[1] = {
      ...farmers[1]!,
      relatives: [{ name: '李小军', relation: 'child', dependency: 'child_raised' }],
    } as never;
    const group = await caseworker.createGroupLead.mutate({
      source: 'ex_officio',
      incidentSummary: '果农购买假冒化肥致果树绝收，被告人无财产可供执行。',
      underlyingCaseRef: '(2026)鲁0323刑初18号',
      members: farmers,
    });

    expect(group.leads).toHaveLength(3);
    expect(new Set(group.leads.map((lead) => lead.groupId))).toEqual(new Set([group.groupId]));
    expect(group.leads.map((lead) => lead.applicantName).sort()).toEqual(
      ['张桂兰', '李长河', '赵秀云'].sort(),
    );
    for (const summary of group.leads) {
      const lead = await caseworker.getLead.query({ leadId: summary.leadId });
      expect(lead.incidentSummary).toBe('果农购买假冒化肥致果树绝收，被告人无财产可供执行。');
      expect(lead.underlyingCaseRef).toBe('(2026)鲁0323刑初18号');
    }
    const withChild = await caseworker.getLead.query({
      leadId: group.leads.find((lead) => lead.applicantName === '李长河')!.leadId,
    });
    expect(withChild.people).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ role: 'relative', name: '李小军', dependency: 'child_raised' }),
      ]),
    );

    const cases = await Promise.all(
      group.leads.map((lead) => caseworker.acceptLead.mutate({ leadId: lead.leadId })),
    );
    expect(new Set(cases.map((c) => c.caseNumber)).size).toBe(3);

    // A partner department sends a group too (veterans affairs: several veterans in one case).
    const veterans = await (
      await as(harness, 'xinyi-veterans.officer')
    ).createGroupLead.mutate({
      source: 'partner_department',
      to: ORGS.xinyiCourt,
      incidentSummary: '退役军人被非法集资诈骗，生活陷入困难。',
      members: [anApplicant('周卫国'), anApplicant('吴建军')].map((applicant) => ({
        applicant,
        requestedAmountFen: 500_000,
        consent: { dataChecks: true as const, form: 'written' as const },
      })),
    });
    expect(
      veterans.leads.every((lead) => lead.applicantName === null && lead.holder.orgId === 'court-440983'),
    ).toBe(true);
  });

  it('answers bad input with 400 and Chinese messages that say what to fix', async () => {
    const caseworker = await as(harness, 'xinyi.caseworker');
    const badId = await failureOf(
      caseworker.createLead.mutate(
        aLead({ applicant: { ...anApplicant(), idNumber: '440983199003071234' } }),
      ),
    );
    expect(badId).toMatchObject({ status: 400, message: expect.stringContaining('身份证号码无效') });

    const negative = await failureOf(
      caseworker.createLead.mutate(
        aLead({ applicant: { ...anApplicant(), monthlyHouseholdIncomeFen: -100 }, requestedAmountFen: -1 }),
      ),
    );
    expect(negative.status).toBe(400);
    expect(negative.message.match(/金额不能为负数/g)).toHaveLength(2);

    const { consent: _omitted, ...withoutConsent } = aLead();
    const noConsent = await failureOf(caseworker.createLead.mutate(withoutConsent as never));
    expect(noConsent).toMatchObject({ status: 400, message: expect.stringContaining('同意核查') });
    const refused = await failureOf(
      caseworker.createLead.mutate(aLead({ consent: { dataChecks: false, form: 'oral' } as never })),
    );
    expect(refused).toMatchObject({ status: 400, message: expect.stringContaining('同意核查') });

    const future = await failureOf(caseworker.createLead.mutate(aLead({ receivedOn: '2999-01-01' })));
    expect(future).toMatchObject({ status: 400, message: '收到线索的日期不能晚于今天' });

    const duplicatedPerson = anApplicant();
    const group = await failureOf(
      caseworker.createGroupLead.mutate({
        source: 'ex_officio',
        incidentSummary: '群体性诈骗案件被害人',
        members: [duplicatedPerson, duplicatedPerson].map((applicant) => ({
          applicant,
          requestedAmountFen: 1,
          consent: { dataChecks: true as const, form: 'oral' as const },
        })),
      }),
    );
    expect(group).toMatchObject({ status: 400, message: expect.stringContaining('身份证号码重复') });
    // A lead that does not exist is refused as one of another agency would be (no existence oracle).
    expect(await failureOf(caseworker.getLead.query({ leadId: crypto.randomUUID() }))).toEqual({
      status: 403,
      message: OUT_OF_REACH,
    });
  });

  it("keeps each agency's leads to itself, and referrers and partners to the leads they sent", async () => {
    const caseworker = await as(harness, 'xinyi.caseworker');
    const mine = await caseworker.createLead.mutate(aLead());
    const gaozhou = await as(harness, 'gaozhou.caseworker');
    expect((await gaozhou.listLeads.query({ box: 'inbox' })).map((l) => l.leadId)).not.toContain(mine.leadId);
    expect((await failureOf(gaozhou.getLead.query({ leadId: mine.leadId }))).status).toBe(403);
    expect((await failureOf(gaozhou.acceptLead.mutate({ leadId: mine.leadId }))).status).toBe(403);
    expect(
      (
        await failureOf(
          gaozhou.transferLead.mutate({ leadId: mine.leadId, to: ORGS.gaozhouJcy, reason: '管辖错误' }),
        )
      ).status,
    ).toBe(403);

    const women = await as(harness, 'xinyi-women.officer');
    const sent = await women.createLead.mutate(aLead({ source: 'partner_department', to: ORGS.xinyiCourt }));
    expect(sent).toMatchObject({ access: 'sender', people: [] });
    expect((await women.listLeads.query({ box: 'sent' })).map((l) => l.leadId)).toContain(sent.leadId);
    expect((await failureOf(women.listLeads.query({ box: 'inbox' }))).status).toBe(403);
    expect((await failureOf(women.getLead.query({ leadId: mine.leadId }))).status).toBe(403);
    const civil = await as(harness, 'xinyi-civil.officer');
    expect((await failureOf(civil.getLead.query({ leadId: sent.leadId }))).status).toBe(403);
    expect((await civil.listLeads.query({ box: 'sent' })).map((l) => l.leadId)).not.toContain(sent.leadId);
    expect((await failureOf(women.acceptLead.mutate({ leadId: sent.leadId }))).status).toBe(403);

    // The partner sees the outcome once the court decides.
    await caseworker.declineLead.mutate({
      leadId: sent.leadId,
      reason: '不属于刑事案件被害人，建议申请社会救助',
    });
    expect(await women.getLead.query({ leadId: sent.leadId })).toMatchObject({
      status: 'declined',
      decisionReason: '不属于刑事案件被害人，建议申请社会救助',
    });

    // An internal department's referrer sees only its own leads, not the agency's inbox.
    const referrer = await as(harness, 'xinyi.referrer');
    const passed = await referrer.createLead.mutate(
      aLead({ source: 'internal_department', referral: { department: '执行局', stage: 'enforcement' } }),
    );
    expect(passed.access).toBe('sender');
    const referred = await referrer.listLeads.query({ box: 'sent' });
    expect(referred.map((l) => l.leadId)).toContain(passed.leadId);
    expect(referred.map((l) => l.leadId)).not.toContain(mine.leadId);
    expect(referred.every((l) => l.source === 'internal_department' && l.applicantName === null)).toBe(true);
    expect((await failureOf(referrer.getLead.query({ leadId: mine.leadId }))).status).toBe(403);
    expect((await failureOf(referrer.listLeads.query({ box: 'inbox' }))).status).toBe(403);
  });

  it('masks personal data in lists and views; an unmasked read needs a reason and is audited', async () => {
    const caseworker = await as(harness, 'xinyi.caseworker');
    const applicant = { ...anApplicant('陈美玲'), idNumber: idNumber('440983', '19900307', 123) };
    const lead = await caseworker.createLead.mutate(
      aLead({ applicant, victim: { name: '陈大勇', deceased: true } }),
    );
    const person = lead.people.find((p) => p.role === 'applicant')!;
    expect(person).toMatchObject({
      idNumberMasked: `440983********${applicant.idNumber.slice(-4)}`,
      phoneMasked: '138****8000',
      bankAccountMasked: '6222***********3445',
    });
    const listed = (await caseworker.listLeads.query({})).find((l) => l.leadId === lead.leadId);
    expect(JSON.stringify(listed)).not.toContain(applicant.idNumber);
    expect(listed?.applicantIdNumberMasked).toBe(person.idNumberMasked);

    const revealed = await caseworker.revealPerson.mutate({
      leadId: lead.leadId,
      personId: person.personId,
      fields: ['idNumber', 'bankAccount'],
      purpose: '核对银行账户户名以便发放',
    });
    expect(revealed).toEqual({
      personId: person.personId,
      name: '陈美玲',
      idNumber: applicant.idNumber,
      bankAccount: applicant.bankAccount,
    });
    const audit = await harness.query<{ accessed_by_org: string; fields: string[]; purpose: string }>(
      `SELECT accessed_by_org, fields, purpose FROM person_data_access WHERE person_id = $1`,
      [person.personId],
    );
    expect(audit).toEqual([
      {
        accessed_by_org: 'court-440983',
        fields: ['idNumber', 'bankAccount'],
        purpose: '核对银行账户户名以便发放',
      },
    ]);

    for (const username of ['xinyi.finance', 'gaozhou.head']) {
      const attempt = await failureOf(
        (await as(harness, username)).revealPerson.mutate({
          leadId: lead.leadId,
          personId: person.personId,
          fields: ['phone'],
          purpose: '随便看看看',
        }),
      );
      expect(attempt.status, username).toBe(403);
    }
    const noReason = await failureOf(
      caseworker.revealPerson.mutate({
        leadId: lead.leadId,
        personId: person.personId,
        fields: ['phone'],
        purpose: '',
      }),
    );
    expect(noReason).toMatchObject({ status: 400, message: expect.stringContaining('事由') });
    const rows = await harness.query(`SELECT 1 FROM person_data_access WHERE person_id = $1`, [
      person.personId,
    ]);
    expect(rows).toHaveLength(1);
  });

  it('rejects calls without a valid token with 401, and keeps health checks open', async () => {
    const response = await fetch(`${harness.url}/trpc/listCases`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'UNAUTHENTICATED' });
    expect((await fetch(`${harness.url}/health`)).status).toBe(200);
    expect(await (await fetch(`${harness.url}/ready`)).json()).toMatchObject({ status: 'ready' });
  });
});
