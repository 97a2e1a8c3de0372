import { createTRPCClient, httpLink } from '@trpc/client';
import type { CreateLeadInput, IntakeRouter } from '@jiuzhu/contracts';
import { startServiceUnderTest } from '@jiuzhu/service-kit/testing';
import { intakeService } from '../src/service.ts';

export type Harness = Awaited<ReturnType<typeof startServiceUnderTest>>;

export async function startIntake(env: NodeJS.ProcessEnv = {}): Promise<Harness> {
  return startServiceUnderTest(intakeService, env);
}

/** A tRPC client signed in as a demo user. */
export async function as(harness: Harness, username: string) {
  const token = await harness.tokenFor(username);
  return createTRPCClient<IntakeRouter>({
    links: [httpLink({ url: `${harness.url}/trpc`, headers: () => ({ authorization: `Bearer ${token}` }) })],
  });
}
export type Client = Awaited<ReturnType<typeof as>>;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A national ID number with a correct GB 11643 check character (`seq` keeps people apart). */
export function idNumber(region: string, birth: string, seq: number): string {
  const body = `${region}${birth}${String(seq).padStart(3, '0')}`;
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(body[i]), 0);
  return body + ('10X98765432'[sum % 11] as string);
}

/** Organisations of the demo SSO directory, by id: a lead names its receiving agency by id only. */
export const ORGS = {
  xinyiCourt: 'court-440983',
  xinyiJcy: 'procuratorate-440983',
  gaozhouJcy: 'procuratorate-440981',
  xinyiPolice: 'public-security-440983',
  xinyiCivil: 'civil-affairs-440983',
  yiyuanJcy: 'procuratorate-370323',
} as const;

let seq = 0;

/** An applicant with a fresh, valid ID number. */
export function anApplicant(name = '王建国', region = '440983') {
  seq += 1;
  return {
    name,
    idNumber: idNumber(region, '19800101', seq),
    phone: '13800138000',
    address: { regionCode: region, detail: '信宜市东镇街道新城路8号' },
    bankAccount: '6222020200112233445',
    monthlyHouseholdIncomeFen: 120_000,
  };
}

/** A caseworker's ex officio lead for one person. */
export function aLead(overrides: Partial<CreateLeadInput> = {}): CreateLeadInput {
  return {
    source: 'ex_officio',
    applicant: anApplicant(),
    incidentSummary: '被害人在故意伤害案中致残，被告人无赔偿能力，家庭生活陷入困难。',
    underlyingCaseRef: '(2026)粤0983刑初101号',
    requestedAmountFen: 2_000_000,
    consent: { dataChecks: true, form: 'written' },
    ...overrides,
  };
}
