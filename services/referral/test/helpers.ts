import { createTRPCClient, httpLink } from '@trpc/client';
import type { PartnerRef, ReferralRouter, SendReferralsInput } from '@jiuzhu/contracts';
import { startServiceUnderTest } from '@jiuzhu/service-kit/testing';
import { referralService } from '../src/service.ts';

export type Harness = Awaited<ReturnType<typeof startServiceUnderTest>>;

export const startReferral = (env: NodeJS.ProcessEnv = {}): Promise<Harness> =>
  startServiceUnderTest(referralService, env);

/** A tRPC client signed in as a demo user. */
export async function as(harness: Harness, username: string) {
  const token = await harness.tokenFor(username);
  return createTRPCClient<ReferralRouter>({
    links: [httpLink({ url: `${harness.url}/trpc`, headers: () => ({ authorization: `Bearer ${token}` }) })],
  });
}
export type Client = Awaited<ReturnType<typeof as>>;

/** The user id a demo user's calls are recorded under (the token's subject). */
export async function userIdOf(harness: Harness, username: string): Promise<string> {
  const payload = (await harness.tokenFor(username)).split('.')[1] as string;
  return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub: string }).sub;
}

export const PARTNERS = {
  xinyiCivil: { orgId: 'civil-affairs-440983' },
  maomingCivil: { orgId: 'civil-affairs-440900' },
  xinyiRural: { orgId: 'rural-revitalisation-440983' },
  yiyuanCivil: { orgId: 'civil-affairs-370323' },
  xinyiEducation: { orgId: 'education-440983' },
} satisfies Record<string, PartnerRef>;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A national ID number with a correct GB 11643 check character. */
export function idNumber(region: string, seq: number): string {
  const body = `${region}19850301${String(seq % 1000).padStart(3, '0')}`;
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(body[i]), 0);
  return body + ('10X98765432'[sum % 11] as string);
}

let seq = 0;

export function aPerson(region = '440983') {
  seq += 1;
  return {
    name: `李秀英${seq}`,
    idNumber: idNumber(region, seq),
    phone: '13800138000',
    address: { regionCode: region, detail: '信宜市东镇街道新城路8号' },
    householdNote: '家中三口人，主要劳动力因伤致残，无稳定收入。',
  };
}

type Item = SendReferralsInput['items'][number];

/** Agencies that refer cases in these tests, with their parent. */
export const AGENCIES = {
  xinyiCourt: { handlingOrgId: 'court-440983', handlingOrgParentId: 'court-440900' },
  gaozhouCourt: { handlingOrgId: 'court-440981', handlingOrgParentId: 'court-440900' },
  maomingCourt: { handlingOrgId: 'court-440900', handlingOrgParentId: 'court-440000' },
};

/**
 * Opens the items' cases at the agency, as intake did before the caseworker refers them (referral acts only on
 * cases it knows from intake.case-opened); returns the items.
 */
export async function opened<T extends { caseId: string }>(
  harness: Harness,
  items: T[],
  agency: (typeof AGENCIES)[keyof typeof AGENCIES] = AGENCIES.xinyiCourt,
): Promise<T[]> {
  const caseIds = [...new Set(items.map((item) => item.caseId))];
  await Promise.all(caseIds.map((caseId) => harness.openCase({ caseId, ...agency })));
  return items;
}

export function anItem(overrides: Partial<Item> = {}): Item {
  return {
    caseId: crypto.randomUUID(),
    programme: 'minimum_living_allowance',
    person: aPerson(),
    reason: '已获司法救助，家庭仍无稳定收入，符合低保申请条件。',
    ...overrides,
  };
}

/** Event types this service put in its outbox for a case, in order. */
export async function eventTypes(harness: Harness, caseId: string): Promise<string[]> {
  const rows = await harness.query<{ type: string }>(
    `SELECT envelope->>'type' AS type FROM outbox WHERE key = $1 ORDER BY seq`,
    [caseId],
  );
  return rows.map((row) => row.type);
}

/** Payloads of the events of one type this service put in its outbox for a case, in order. */
export async function eventPayloads(harness: Harness, caseId: string, type: string) {
  const rows = await harness.query<{ payload: Record<string, unknown> }>(
    `SELECT envelope->'payload' AS payload FROM outbox WHERE key = $1 AND envelope->>'type' = $2 ORDER BY seq`,
    [caseId, type],
  );
  return rows.map((row) => row.payload);
}
