import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disbursementRecorded, type ReferralRouter } from '@jiuzhu/contracts';
import { eventually, startServiceUnderTest } from '@jiuzhu/service-kit/testing';
import { referralService } from '../src/service.ts';

let harness: Awaited<ReturnType<typeof startServiceUnderTest>>;
const client = (token: string) =>
  createTRPCClient<ReferralRouter>({
    links: [httpLink({ url: `${harness.url}/trpc`, headers: () => ({ authorization: `Bearer ${token}` }) })],
  });

beforeAll(async () => {
  harness = await startServiceUnderTest(referralService);
});
afterAll(async () => harness?.stop());

describe('referral (thin slice)', () => {
  it('refers a paid case to civil affairs for the minimum living guarantee, once', async () => {
    const token = await harness.tokenFor('xinyi.caseworker');
    const paid = {
      caseId: crypto.randomUUID(),
      handlingOrgId: 'court-440983',
      disbursementId: crypto.randomUUID(),
      decisionId: crypto.randomUUID(),
      amountFen: 900_000,
      fundSource: 'central_transfer',
    };
    const event = await harness.deliver(disbursementRecorded, paid);
    await harness.deliver(disbursementRecorded, paid, { id: event.id });

    const referrals = await eventually(async () => {
      const list = await client(token).listReferrals.query({ caseId: paid.caseId });
      return list.length ? list : undefined;
    }, 'referral');
    expect(referrals).toEqual([
      expect.objectContaining({ partnerOrgId: 'civil-affairs-440983', programme: 'dibao', status: 'sent' }),
    ]);
    expect(await harness.query(`SELECT 1 FROM outbox WHERE key = $1`, [paid.caseId])).toHaveLength(1);
  });
});
