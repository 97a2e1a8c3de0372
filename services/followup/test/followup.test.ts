import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referralCreated, type FollowupRouter } from '@jiuzhu/contracts';
import { eventually, startServiceUnderTest } from '@jiuzhu/service-kit/testing';
import { followupService } from '../src/service.ts';

let harness: Awaited<ReturnType<typeof startServiceUnderTest>>;
const client = (token: string) =>
  createTRPCClient<FollowupRouter>({
    links: [httpLink({ url: `${harness.url}/trpc`, headers: () => ({ authorization: `Bearer ${token}` }) })],
  });

beforeAll(async () => {
  harness = await startServiceUnderTest(followupService);
});
afterAll(async () => harness?.stop());

describe('follow-up (thin slice)', () => {
  it('schedules one phone visit thirty days after the referral', async () => {
    const token = await harness.tokenFor('xinyi.caseworker');
    const referral = {
      caseId: crypto.randomUUID(),
      handlingOrgId: 'court-440983',
      referralId: crypto.randomUUID(),
      partnerOrgId: 'civil-affairs-440983',
      programme: 'dibao',
    };
    const event = await harness.deliver(referralCreated, referral, {
      occurredAt: '2026-11-23T08:00:00.000Z',
    });
    await harness.deliver(referralCreated, referral, { id: event.id, occurredAt: event.occurredAt });

    const visits = await eventually(async () => {
      const list = await client(token).listVisits.query({ caseId: referral.caseId });
      return list.length ? list : undefined;
    }, 'visit');
    expect(visits).toEqual([
      expect.objectContaining({ method: 'phone', dueOn: '2026-12-23', status: 'scheduled' }),
    ]);
    expect(await harness.query(`SELECT 1 FROM visit WHERE case_id = $1`, [referral.caseId])).toHaveLength(1);
  });
});
