import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf } from '@jiuzhu/service-kit/testing';
import { aLead, anApplicant, as, ORGS, startIntake, type Harness } from './helpers.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startIntake();
});
afterAll(async () => harness?.stop());

describe('intake: transfers', () => {
  it('transfers a lead court → procuratorate and back; each side sees the history and the outcome', async () => {
    const court = await as(harness, 'xinyi.caseworker');
    const jcy = await as(harness, 'xinyi-jcy.caseworker');
    const lead = await court.createLead.mutate(aLead());

    const moved = await court.transferLead.mutate({
      leadId: lead.leadId,
      to: ORGS.xinyiJcy,
      reason: '系检察机关办理的刑事案件被害人，由检察院救助更为适宜',
    });
    expect(moved).toMatchObject({
      access: 'sender',
      status: 'pending',
      holder: { orgId: 'procuratorate-440983' },
    });

    const arrived = (await jcy.listLeads.query({ box: 'inbox' })).find((l) => l.leadId === lead.leadId);
    expect(arrived).toMatchObject({ status: 'pending', applicantName: '王建国' });
    const atJcy = await jcy.getLead.query({ leadId: lead.leadId });
    expect(atJcy.access).toBe('holder');
    expect(atJcy.people.length).toBeGreaterThan(0);
    expect(atJcy.history.map((h) => [h.action, h.orgId])).toEqual([
      ['received', 'court-440983'],
      ['transferred', 'court-440983'],
      ['received', 'procuratorate-440983'],
    ]);
    expect(atJcy.history[1]).toMatchObject({
      toOrgName: '信宜市人民检察院',
      note: expect.stringContaining('检察院救助'),
    });
    expect((await court.listLeads.query({ box: 'sent' })).map((l) => l.leadId)).toContain(lead.leadId);
    expect((await failureOf(court.acceptLead.mutate({ leadId: lead.leadId }))).status).toBe(403);

    await jcy.transferLead.mutate({
      leadId: lead.leadId,
      to: ORGS.xinyiCourt,
      reason: '该案已进入审判阶段，由法院救助',
    });
    const back = await court.getLead.query({ leadId: lead.leadId });
    expect(back).toMatchObject({ access: 'holder', holder: { orgId: 'court-440983' } });
    expect(back.history.map((h) => h.action)).toEqual([
      'received',
      'transferred',
      'received',
      'transferred',
      'received',
    ]);

    const opened = await court.acceptLead.mutate({ leadId: lead.leadId });
    expect(await jcy.getLead.query({ leadId: lead.leadId })).toMatchObject({
      access: 'sender',
      status: 'accepted',
      caseNumber: opened.caseNumber,
    });
  });

  it('tells the sender when the receiving agency declines, with its reason', async () => {
    const court = await as(harness, 'xinyi.caseworker');
    const lead = await court.createLead.mutate(aLead());
    await court.transferLead.mutate({
      leadId: lead.leadId,
      to: ORGS.gaozhouJcy,
      reason: '当事人户籍及案发地在高州',
    });
    await (
      await as(harness, 'gaozhou-jcy.caseworker')
    ).declineLead.mutate({
      leadId: lead.leadId,
      reason: '经核实，被告人已全额赔偿，不符合救助条件',
    });
    expect(await court.getLead.query({ leadId: lead.leadId })).toMatchObject({
      status: 'declined',
      decisionReason: '经核实，被告人已全额赔偿，不符合救助条件',
      holder: { orgId: 'procuratorate-440981' },
    });
  });

  it('transfers to public security, whose referrer handles it; refuses partners and itself as targets', async () => {
    const court = await as(harness, 'xinyi.caseworker');
    const lead = await court.createLead.mutate(aLead());
    const toCivil = await failureOf(
      court.transferLead.mutate({ leadId: lead.leadId, to: ORGS.xinyiCivil, reason: '建议纳入低保' }),
    );
    expect(toCivil).toMatchObject({ status: 400, message: expect.stringContaining('公安机关') });
    const toSelf = await failureOf(
      court.transferLead.mutate({ leadId: lead.leadId, to: ORGS.xinyiCourt, reason: '测试移送本院' }),
    );
    expect(toSelf).toMatchObject({ status: 400, message: '不能移送给本机构' });

    await court.transferLead.mutate({
      leadId: lead.leadId,
      to: ORGS.xinyiPolice,
      reason: '案件尚在侦查阶段',
    });
    const police = await as(harness, 'xinyi-police.referrer');
    expect((await police.getLead.query({ leadId: lead.leadId })).access).toBe('holder');
    const policeAccept = await failureOf(police.acceptLead.mutate({ leadId: lead.leadId }));
    expect(policeAccept).toMatchObject({
      status: 403,
      message: expect.stringContaining('人民法院和人民检察院'),
    });
    await police.transferLead.mutate({ leadId: lead.leadId, to: ORGS.xinyiJcy, reason: '已移送审查起诉' });
    expect((await court.getLead.query({ leadId: lead.leadId })).holder.orgId).toBe('procuratorate-440983');
  });
});

describe('intake: one assistance per person per underlying case', () => {
  it('finds the same person and case at another agency, and records the decision to stop', async () => {
    const person = anApplicant('刘淑芬');
    const ref = '(2026)粤0983刑初555号';
    const court = await as(harness, 'xinyi.caseworker');
    const first = await court.createLead.mutate(aLead({ applicant: person, underlyingCaseRef: ref }));
    const firstCase = await court.acceptLead.mutate({ leadId: first.leadId });

    const jcy = await as(harness, 'gaozhou-jcy.caseworker');
    const second = await jcy.createLead.mutate(
      aLead({ applicant: person, underlyingCaseRef: ' (2026)粤0983刑初555号 ' }),
    );
    const blocked = await failureOf(jcy.acceptLead.mutate({ leadId: second.leadId }));
    expect(blocked).toMatchObject({ status: 412, message: expect.stringContaining('一案一救助') });

    const check = await jcy.checkDuplicates.mutate({ leadId: second.leadId });
    expect(check.matches).toEqual([
      expect.objectContaining({
        leadId: first.leadId,
        holderOrgId: 'court-440983',
        status: 'accepted',
        caseNumber: firstCase.caseNumber,
        sameUnderlyingCase: true,
        matchedAs: 'applicant',
      }),
    ]);

    const stopped = await jcy.recordDuplicateDecision.mutate({
      leadId: second.leadId,
      checkId: check.checkId,
      decision: 'stop',
      reason: '信宜市人民法院已就同一案件立案救助',
    });
    expect(stopped).toMatchObject({
      status: 'declined',
      decisionReason: expect.stringContaining('一案一救助'),
    });
    expect(
      await harness.query(`SELECT decision, reason, decided_by FROM duplicate_check WHERE id = $1`, [
        check.checkId,
      ]),
    ).toEqual([
      { decision: 'stop', reason: '信宜市人民法院已就同一案件立案救助', decided_by: expect.any(String) },
    ]);
    const again = await failureOf(
      jcy.recordDuplicateDecision.mutate({
        leadId: second.leadId,
        checkId: check.checkId,
        decision: 'continue',
        reason: '改变主意继续办理',
      }),
    );
    expect(again.status).toBe(409);
  });

  it('lets the caseworker continue for a different incident, with the reason on record', async () => {
    const person = anApplicant('何志明');
    const court = await as(harness, 'xinyi.caseworker');
    const earlier = await court.createLead.mutate(
      aLead({ applicant: person, underlyingCaseRef: '(2025)粤0983刑初9号' }),
    );
    await court.acceptLead.mutate({ leadId: earlier.leadId });

    const jcy = await as(harness, 'gaozhou-jcy.caseworker');
    const lead = await jcy.createLead.mutate(
      aLead({ applicant: person, underlyingCaseRef: '(2026)粤0981刑初77号' }),
    );
    const check = await jcy.checkDuplicates.mutate({ leadId: lead.leadId });
    expect(check.matches).toEqual([
      expect.objectContaining({ leadId: earlier.leadId, sameUnderlyingCase: false }),
    ]);
    const noReason = await failureOf(
      jcy.recordDuplicateDecision.mutate({
        leadId: lead.leadId,
        checkId: check.checkId,
        decision: 'continue',
        reason: '',
      }),
    );
    expect(noReason).toMatchObject({ status: 400, message: expect.stringContaining('理由') });

    await jcy.recordDuplicateDecision.mutate({
      leadId: lead.leadId,
      checkId: check.checkId,
      decision: 'continue',
      reason: '系另一起案件，前次救助与本案无关',
    });
    const opened = await jcy.acceptLead.mutate({ leadId: lead.leadId });
    expect(opened.handlingOrgId).toBe('procuratorate-440981');
    const history = (await jcy.getLead.query({ leadId: lead.leadId })).history.map((h) => h.action);
    expect(history).toEqual(['received', 'duplicate_checked', 'duplicate_decided', 'accepted']);
  });

  it('records a clean check automatically when a lead without matches is accepted', async () => {
    const court = await as(harness, 'xinyi.caseworker');
    const lead = await court.createLead.mutate(aLead());
    await court.acceptLead.mutate({ leadId: lead.leadId });
    expect(
      await harness.query(`SELECT matches FROM duplicate_check WHERE lead_id = $1`, [lead.leadId]),
    ).toEqual([{ matches: [] }]);
  });
});
