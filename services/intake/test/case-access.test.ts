import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUT_OF_REACH } from '@jiuzhu/service-kit';
import { failureOf } from '@jiuzhu/service-kit/testing';
import { aLead, as, ORGS, startIntake, type Harness } from './helpers.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startIntake();
});
afterAll(async () => harness?.stop());

describe("intake: another agency's case and lead, and need-to-know", () => {
  it('answers an outsider about a real case or lead exactly as about one that does not exist', async () => {
    const caseworker = await as(harness, 'xinyi.caseworker');
    const pending = await caseworker.createLead.mutate(aLead());
    const accepted = await caseworker.createLead.mutate(aLead());
    const opened = await caseworker.acceptLead.mutate({ leadId: accepted.leadId });
    const gaozhou = await as(harness, 'gaozhou.caseworker');
    const nowhere = crypto.randomUUID();
    const refusal = { status: 403, message: OUT_OF_REACH };

    expect(await failureOf(gaozhou.getCase.query({ caseId: opened.caseId }))).toEqual(refusal);
    expect(await failureOf(gaozhou.getCase.query({ caseId: nowhere }))).toEqual(refusal);
    for (const leadId of [pending.leadId, opened.leadId, nowhere]) {
      expect(await failureOf(gaozhou.getLead.query({ leadId })), leadId).toEqual(refusal);
      expect(await failureOf(gaozhou.acceptLead.mutate({ leadId })), leadId).toEqual(refusal);
      expect(await failureOf(gaozhou.checkDuplicates.mutate({ leadId })), leadId).toEqual(refusal);
      expect(
        await failureOf(gaozhou.declineLead.mutate({ leadId, reason: '不属于本院管辖' })),
        leadId,
      ).toEqual(refusal);
    }
    // Its lists hold only its own agency's.
    expect((await gaozhou.listCases.query()).map((c) => c.caseId)).not.toContain(opened.caseId);
    expect((await gaozhou.listLeads.query({ box: 'inbox' })).map((l) => l.leadId)).not.toContain(
      pending.leadId,
    );
    // The lead is untouched: still pending at Xinyi's court, no duplicate check recorded by the outsider.
    expect(await caseworker.getLead.query({ leadId: pending.leadId })).toMatchObject({
      status: 'pending',
      holder: { orgId: ORGS.xinyiCourt },
    });
    const checks = await harness.query(`SELECT 1 FROM duplicate_check WHERE lead_id = $1`, [pending.leadId]);
    expect(checks).toHaveLength(0);
  });

  it('lets finance read the case it pays, and not the lead referrer or the administrator', async () => {
    const caseworker = await as(harness, 'xinyi.caseworker');
    const lead = await caseworker.createLead.mutate(aLead());
    const opened = await caseworker.acceptLead.mutate({ leadId: lead.leadId });

    const finance = await as(harness, 'xinyi.finance');
    expect(await finance.getCase.query({ caseId: opened.caseId })).toMatchObject({
      caseNumber: opened.caseNumber,
    });
    expect((await failureOf(finance.getLead.query({ leadId: lead.leadId }))).status).toBe(403);
    for (const username of ['xinyi.referrer', 'xinyi.admin']) {
      const person = await as(harness, username);
      const refused = await failureOf(person.getCase.query({ caseId: opened.caseId }));
      expect(refused, username).toMatchObject({
        status: 403,
        message: expect.stringContaining('无权查看该案件'),
      });
      expect(await failureOf(person.getCase.query({ caseId: crypto.randomUUID() })), username).toEqual(
        refused,
      );
      expect((await failureOf(person.getLead.query({ leadId: lead.leadId }))).status, username).toBe(403);
    }
  });
});
