import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService } from '@jiuzhu/service-kit';
import { failureOf } from '@jiuzhu/service-kit/testing';
import { followupService } from '../src/service.ts';
import { as, startFollowup, type Harness } from './helpers.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startFollowup();
});
afterAll(async () => harness?.stop());

const anItem = (responsibleOrgId: string) => ({
  meetingOn: '2026-09-28',
  topic: '残疾人两项补贴衔接',
  decision: '残联两周内反馈补贴办理情况',
  responsibleOrgId,
  dueOn: '2099-12-31',
});

describe('followup: the organisation responsible for a joint-meeting decision is checked against the SSO directory', () => {
  it('refuses an organisation the directory does not know, in Chinese, and records nothing', async () => {
    const head = await as(harness, 'xinyi.head');
    const before = await harness.query('SELECT id FROM agenda_item');
    expect(await failureOf(head.recordAgendaItem.mutate(anItem('civil-affairs-999999')))).toEqual({
      status: 400,
      message: '责任单位不存在，请从机构目录中选择',
    });
    expect(await harness.query('SELECT id FROM agenda_item')).toEqual(before);
    const pack = await head.meetingPack.query({ period: { quarter: '2026-Q3' } });
    expect(pack.agenda.map((item) => item.responsibleOrgId)).not.toContain('civil-affairs-999999');
  });

  it('stores and shows the directory’s name of a partner department: in the answer, the pack and the report', async () => {
    const head = await as(harness, 'xinyi.head');
    const item = await head.recordAgendaItem.mutate(anItem('disabled-persons-federation-440983'));
    expect(item).toMatchObject({
      responsibleOrgId: 'disabled-persons-federation-440983',
      responsibleOrgName: '信宜市残疾人联合会',
    });
    const [row] = await harness.query<{ responsible_org_name: string }>(
      'SELECT responsible_org_name FROM agenda_item WHERE id = $1',
      [item.itemId],
    );
    expect(row?.responsible_org_name).toBe('信宜市残疾人联合会');

    const pack = await head.meetingPack.query({ period: { quarter: '2026-Q3' } });
    expect(pack.agenda.find((agenda) => agenda.itemId === item.itemId)?.responsibleOrgName).toBe(
      '信宜市残疾人联合会',
    );
    const report = await head.superiorReport.query({ period: { quarter: '2026-Q3' } });
    expect(report.text).toContain('残疾人两项补贴衔接（责任单位：信宜市残疾人联合会，期限：2099-12-31）');
    expect(report.text).not.toContain('disabled-persons-federation-440983');
  });
});

describe('followup: when the SSO directory cannot be read', () => {
  let unreadable: Harness;
  beforeAll(async () => {
    // followup's client with a secret the SSO refuses: its service account cannot read the directory.
    unreadable = await startFollowup({ KEYCLOAK_CLIENT_SECRET: 'not-the-secret' });
  });
  afterAll(async () => unreadable?.stop());

  it('answers 503 in Chinese to a joint-meeting decision, and records nothing', async () => {
    const head = await as(unreadable, 'xinyi.head');
    const refused = await failureOf(head.recordAgendaItem.mutate(anItem('civil-affairs-440983')));
    expect(refused).toEqual({
      status: 503,
      message: expect.stringMatching(
        /^暂时无法核对机构目录，请稍后重试。如问题持续，请联系系统管理员并提供追踪编号：\w+$/,
      ),
    });
    expect(await unreadable.query('SELECT id FROM agenda_item')).toEqual([]);
  });
});

describe('followup: configuration', () => {
  it('refuses to start in production without its client’s secret, which reads the directory', async () => {
    await expect(startService(followupService, { NODE_ENV: 'production' })).rejects.toThrow(
      /KEYCLOAK_CLIENT_SECRET: required in production \(the secret of jiuzhu-followup/,
    );
  });
});
