import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntakeRouter, OpenLeadInput } from '@jiuzhu/contracts';
import { failureOf, startServiceUnderTest } from '@jiuzhu/service-kit/testing';
import { intakeService } from '../src/service.ts';

let harness: Awaited<ReturnType<typeof startServiceUnderTest>>;
const client = (token?: string) =>
  createTRPCClient<IntakeRouter>({
    links: [
      httpLink({
        url: `${harness.url}/trpc`,
        headers: () => (token ? { authorization: `Bearer ${token}` } : {}),
      }),
    ],
  });

const lead: OpenLeadInput = {
  source: 'internal_department',
  referredBy: '刑事审判庭',
  applicant: {
    name: '王建国',
    idNumber: '440983199003071238',
    phone: '13800138000',
    address: { regionCode: '440983', detail: '信宜市东镇街道新城路8号' },
    bankAccount: '6222020200112233445',
  },
  incidentSummary: '被害人在故意伤害案中致残，被告人无赔偿能力。',
  urgent: true,
  requestedAmountFen: 2_000_000,
};

beforeAll(async () => {
  harness = await startServiceUnderTest(intakeService);
});
afterAll(async () => harness?.stop());

describe('intake', () => {
  it('opens a case from a lead, numbers it per agency and announces it through the outbox', async () => {
    const caseworker = client(await harness.tokenFor('xinyi.caseworker'));
    const first = await caseworker.openLead.mutate(lead);
    const second = await caseworker.openLead.mutate(lead);

    expect(first).toMatchObject({
      handlingOrgId: 'court-440983',
      source: 'internal_department',
      urgent: true,
      status: 'open',
    });
    expect(first.caseNumber).toMatch(/^JZ-\d{4}-court-440983-00001$/);
    expect(second.caseNumber).toMatch(/-00002$/);
    expect(first.applicant).toEqual({
      name: '王建国',
      idNumberMasked: '440983********1238',
      phoneMasked: '138****8000',
    });

    const events = await harness.query<{ key: string; type: string }>(
      `SELECT key, envelope->>'type' AS type FROM outbox ORDER BY seq`,
    );
    expect(events).toEqual([
      { key: first.caseId, type: 'intake.case-opened' },
      { key: second.caseId, type: 'intake.case-opened' },
    ]);
    const envelope = await harness.query<{ envelope: Record<string, unknown> }>(
      `SELECT envelope FROM outbox LIMIT 1`,
    );
    expect(JSON.stringify(envelope)).not.toContain('440983199003071238');
  });

  it("lists only the caller's own agency's cases and refuses another agency's case", async () => {
    const mine = await client(await harness.tokenFor('xinyi.caseworker')).openLead.mutate(lead);
    const other = client(await harness.tokenFor('gaozhou.caseworker'));
    expect((await other.listCases.query()).map((c) => c.caseId)).not.toContain(mine.caseId);
    expect((await failureOf(other.getCase.query({ caseId: mine.caseId }))).status).toBe(403);
  });

  it('refuses roles and organisations that cannot open a case', async () => {
    for (const username of ['xinyi.finance', 'xinyi-civil.officer']) {
      const attempt = await failureOf(client(await harness.tokenFor(username)).openLead.mutate(lead));
      expect(attempt.status, username).toBe(403);
    }
  });

  it('answers bad input with 400 and a message that says what to fix', async () => {
    const caseworker = client(await harness.tokenFor('xinyi.caseworker'));
    const bad = await failureOf(
      caseworker.openLead.mutate({
        ...lead,
        applicant: { ...lead.applicant, idNumber: '440983199003071234', phone: '12' },
        requestedAmountFen: -1,
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.message).toContain('身份证号码无效');
    expect(bad.message).toContain('电话号码无效');
    expect((await failureOf(caseworker.getCase.query({ caseId: crypto.randomUUID() }))).status).toBe(404);
  });

  it('rejects calls without a valid token with 401, and keeps health checks open', async () => {
    const response = await fetch(`${harness.url}/trpc/listCases`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'UNAUTHENTICATED' });
    expect((await fetch(`${harness.url}/health`)).status).toBe(200);
    expect(await (await fetch(`${harness.url}/ready`)).json()).toMatchObject({ status: 'ready' });
  });
});
