import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf } from '@jiuzhu/service-kit/testing';
import { aLead, as, ORGS, startIntake, type Harness } from './helpers.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startIntake();
});
afterAll(async () => harness?.stop());

const UNKNOWN = { status: 400, message: '接收机构不存在，请从机构目录中选择' };

describe('intake: organisations are checked against the SSO directory', () => {
  it('refuses a transfer to an organisation the directory does not know; the lead stays in the sender’s inbox', async () => {
    const court = await as(harness, 'xinyi.caseworker');
    const lead = await court.createLead.mutate(aLead());

    const refused = await failureOf(
      court.transferLead.mutate({ leadId: lead.leadId, to: 'court-999999', reason: '管辖错误' }),
    );
    expect(refused).toEqual(UNKNOWN);

    const inbox = await court.listLeads.query({ box: 'inbox' });
    expect(inbox.map((l) => l.leadId)).toContain(lead.leadId);
    const still = await court.getLead.query({ leadId: lead.leadId });
    expect(still).toMatchObject({ access: 'holder', status: 'pending', holder: { orgId: ORGS.xinyiCourt } });
    expect(still.history.map((h) => h.action)).toEqual(['received']);
  });

  it('moves a transferred lead to the agency under the name, type and region the directory gives it', async () => {
    const court = await as(harness, 'xinyi.caseworker');
    const lead = await court.createLead.mutate(aLead());
    const moved = await court.transferLead.mutate({
      leadId: lead.leadId,
      to: ORGS.gaozhouJcy,
      reason: '管辖错误',
    });
    expect(moved.holder).toEqual({
      orgId: 'procuratorate-440981',
      orgName: '高州市人民检察院',
      orgType: 'procuratorate',
    });
    expect(moved.history.at(-2)).toMatchObject({ action: 'transferred', toOrgName: '高州市人民检察院' });
    const [row] = await harness.query<{ holder_region_code: string }>(
      'SELECT holder_region_code FROM lead WHERE id = $1',
      [lead.leadId],
    );
    expect(row?.holder_region_code).toBe('440981');
  });

  it('refuses a lead addressed to an organisation the directory does not know, and records nothing', async () => {
    const women = await as(harness, 'xinyi-women.officer');
    const before = await harness.query('SELECT id FROM lead');
    const refused = await failureOf(
      women.createLead.mutate(aLead({ source: 'partner_department', to: 'court-000000' })),
    );
    expect(refused).toEqual(UNKNOWN);
    expect(await harness.query('SELECT id FROM lead')).toEqual(before);

    const sent = await women.createLead.mutate(aLead({ source: 'partner_department', to: ORGS.xinyiCourt }));
    expect((await women.getLead.query({ leadId: sent.leadId })).holder.orgName).toBe('信宜市人民法院');
  });
});

describe('intake: when the SSO directory cannot be read', () => {
  let unreadable: Harness;
  beforeAll(async () => {
    // intake's client with a secret the SSO refuses: its service account cannot read the directory.
    unreadable = await startIntake({ KEYCLOAK_CLIENT_SECRET: 'not-the-secret' });
  });
  afterAll(async () => unreadable?.stop());

  it('answers 503 in Chinese to a transfer, and leaves the lead where it was', async () => {
    const court = await as(unreadable, 'xinyi.caseworker');
    const lead = await court.createLead.mutate(aLead());
    const refused = await failureOf(
      court.transferLead.mutate({ leadId: lead.leadId, to: ORGS.xinyiJcy, reason: '管辖错误' }),
    );
    expect(refused).toEqual({
      status: 503,
      message: expect.stringMatching(
        /^暂时无法核对机构目录，请稍后重试。如问题持续，请联系系统管理员并提供追踪编号：\w+$/,
      ),
    });
    expect(await court.getLead.query({ leadId: lead.leadId })).toMatchObject({
      status: 'pending',
      holder: { orgId: ORGS.xinyiCourt },
    });
  });
});
