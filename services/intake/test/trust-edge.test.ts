import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf } from '@jiuzhu/service-kit/testing';
import { aLead, anApplicant, as, startIntake, type Harness } from './helpers.ts';

const REVEALS_PER_MINUTE = 3;

let harness: Harness;
beforeAll(async () => {
  harness = await startIntake({ REVEALS_PER_MINUTE: String(REVEALS_PER_MINUTE) });
});
afterAll(async () => harness?.stop());

/** What no client may see: stacks, absolute paths, Prisma's and PostgreSQL's words. */
const INTERNAL_TEXT =
  /\bat \w|\/work\/|node_modules|\.ts:\d|stack|prisma|invocation|relation|does not exist/i;

async function rawPost(procedure: string, body: string, token: string) {
  const response = await fetch(`${harness.url}/trpc/${procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
  return { status: response.status, text: await response.text() };
}

describe('intake at the edge', () => {
  it('refuses a lead whose text holds a NUL character with 400 in Chinese, and stores nothing', async () => {
    const token = await harness.tokenFor('xinyi.caseworker');
    const lead = aLead({ incidentSummary: '被害人受重伤\u0000家庭困难' });
    const nul = await rawPost('createLead', JSON.stringify(lead), token);
    expect(nul.status).toBe(400);
    expect(JSON.parse(nul.text).error.message).toBe('内容中含有空字符（U+0000），请删除后重新提交。');

    const surrogate = await rawPost(
      'createLead',
      JSON.stringify(aLead()).replace('"incidentSummary":"', '"incidentSummary":"\\udc00'),
      token,
    );
    expect(surrogate.status).toBe(400);
    expect(await harness.query('SELECT 1 FROM lead')).toEqual([]);
  });

  it('refuses an organisation id longer than any the directory has', async () => {
    const caseworker = await as(harness, 'xinyi.caseworker');
    const failure = await failureOf(caseworker.createLead.mutate(aLead({ to: 'x'.repeat(1_000) })));
    expect(failure).toEqual({ status: 400, message: '机构编号无效' });
  });

  it('answers an internal failure (as ./jiuzhu start runs) without stack, path or Prisma text, with a trace id in the log', async () => {
    const caseworker = await as(harness, 'xinyi.caseworker');
    await caseworker.createLead.mutate(aLead());
    // The kind of failure nobody's input causes: the table is gone.
    await harness.query('ALTER TABLE lead RENAME TO lead_gone');
    try {
      const response = await fetch(`${harness.url}/trpc/listLeads?input=${encodeURIComponent('{}')}`, {
        headers: { authorization: `Bearer ${await harness.tokenFor('xinyi.caseworker')}` },
      });
      const text = await response.text();
      expect(response.status).toBe(500);
      const { error } = JSON.parse(text) as {
        error: { message: string; data: { traceId: string; code: string } };
      };
      expect(error.data.code).toBe('INTERNAL_SERVER_ERROR');
      expect(error.message).toBe(
        `服务器处理请求时出错，请稍后重试。如问题持续，请联系系统管理员并提供追踪编号：${error.data.traceId}`,
      );
      expect(text).not.toMatch(INTERNAL_TEXT);
      const logged = harness.logs().find((line) => line['trace_id'] === error.data.traceId);
      expect(logged).toMatchObject({ level: 'error', msg: 'procedure failed', path: 'listLeads' });
      expect(JSON.stringify(logged)).toMatch(/lead/);
    } finally {
      await harness.query('ALTER TABLE lead_gone RENAME TO lead');
    }
  });
});

describe('intake: the per-person limit on reveals of personal data', () => {
  async function aPerson() {
    const caseworker = await as(harness, 'xinyi.caseworker');
    const lead = await caseworker.createLead.mutate(aLead({ applicant: anApplicant('周丽华') }));
    return { caseworker, leadId: lead.leadId, personId: lead.people[0]!.personId };
  }

  it('refuses the reveal beyond the limit with 429, raises one audit alert, and counts concurrent calls exactly', async () => {
    const { caseworker, leadId, personId } = await aPerson();
    const reveal = () =>
      caseworker.revealPerson.mutate({ leadId, personId, fields: ['idNumber'], purpose: '核对身份信息' });

    // Ten at once: exactly the limit's worth are answered, the rest refused.
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, reveal));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(REVEALS_PER_MINUTE);
    const refused = await failureOf(reveal());
    expect(refused).toEqual({
      status: 429,
      message: `一分钟内查看完整个人信息已达${REVEALS_PER_MINUTE}次，请稍后再试。此情况已记录并提示本机构。`,
    });

    const audited = await harness.query('SELECT 1 FROM person_data_access WHERE person_id = $1', [personId]);
    expect(audited).toHaveLength(REVEALS_PER_MINUTE);

    const alerts = await harness.query<{
      user_id: string;
      org_id: string;
      procedure: string;
      reveals: number;
    }>('SELECT user_id, org_id, procedure, reveals FROM reveal_alert');
    expect(alerts).toEqual([
      {
        user_id: expect.any(String),
        org_id: 'court-440983',
        procedure: 'revealPerson',
        reveals: REVEALS_PER_MINUTE,
      },
    ]);
    const events = await harness.query<{ envelope: { payload: Record<string, unknown> } }>(
      `SELECT envelope FROM outbox WHERE envelope->>'type' = 'intake.reveal-limit-exceeded'`,
    );
    expect(events.map((e) => e.envelope.payload)).toEqual([
      expect.objectContaining({
        orgId: 'court-440983',
        procedure: 'revealPerson',
        limitPerMinute: REVEALS_PER_MINUTE,
      }),
    ]);
    expect(
      harness
        .logs()
        .some(
          (line) =>
            line['alert'] === 'reveal_limit_exceeded' &&
            line['level'] === 'error' &&
            line['orgId'] === 'court-440983',
        ),
    ).toBe(true);

    // Another person of the same agency is not held back by the first one's count.
    const head = await as(harness, 'xinyi.head');
    await expect(
      head.revealPerson.mutate({ leadId, personId, fields: ['phone'], purpose: '电话联系申请人' }),
    ).resolves.toMatchObject({ personId });
  });
});
