import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseOpened, type InvestigationRouter } from '@jiuzhu/contracts';
import { eventually, failureOf, startServiceUnderTest } from '@jiuzhu/service-kit/testing';
import { investigationService } from '../src/service.ts';

const WAGE_FEN = 800_000;
let harness: Awaited<ReturnType<typeof startServiceUnderTest>>;
const client = (token: string) =>
  createTRPCClient<InvestigationRouter>({
    links: [httpLink({ url: `${harness.url}/trpc`, headers: () => ({ authorization: `Bearer ${token}` }) })],
  });
const opened = (requestedAmountFen: number) => ({
  caseId: crypto.randomUUID(),
  caseNumber: 'JZ-2026-court-440983-00001',
  handlingOrgId: 'court-440983',
  leadSource: 'ex_officio' as const,
  urgent: false,
  requestedAmountFen,
});

beforeAll(async () => {
  harness = await startServiceUnderTest(investigationService, { AVERAGE_MONTHLY_WAGE_FEN: String(WAGE_FEN) });
});
afterAll(async () => harness?.stop());

describe('investigation (thin slice)', () => {
  it('verifies an opened case within the cap of 36 monthly wages and hands it to approval once', async () => {
    const token = await harness.tokenFor('xinyi.caseworker');
    const modest = opened(1_000_000);
    const large = opened(50_000_000);
    const event = await harness.deliver(caseOpened, modest);
    await harness.deliver(caseOpened, large);
    await harness.deliver(caseOpened, modest, { id: event.id, occurredAt: event.occurredAt }); // redelivery

    const capped = await eventually(
      () => client(token).getVerification.query({ caseId: large.caseId }),
      'verification',
    );
    expect(capped).toMatchObject({
      eligible: true,
      recommendedAmountFen: 36 * WAGE_FEN,
      capFen: 36 * WAGE_FEN,
    });
    const plain = await client(token).getVerification.query({ caseId: modest.caseId });
    expect(plain.recommendedAmountFen).toBe(1_000_000);

    const outbound = await harness.query<{ key: string }>(`SELECT key FROM outbox WHERE key = $1`, [
      modest.caseId,
    ]);
    expect(outbound).toHaveLength(1);
  });

  it('shows a verification only to the handling agency', async () => {
    const payload = opened(500_000);
    await harness.deliver(caseOpened, payload);
    const mine = client(await harness.tokenFor('xinyi.caseworker'));
    await eventually(() => mine.getVerification.query({ caseId: payload.caseId }), 'verification');
    const other = client(await harness.tokenFor('gaozhou.caseworker'));
    expect((await failureOf(other.getVerification.query({ caseId: payload.caseId }))).status).toBe(403);
  });
});
