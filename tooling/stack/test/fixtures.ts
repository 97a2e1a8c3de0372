import type { CreateLeadInput } from '@jiuzhu/contracts';
import { signIn } from '@jiuzhu/identity/testing';
import { PORTAL_CLIENT_ID, PORTAL_REDIRECT_URI, type Stack } from '../src/stack.ts';

export {
  approveThroughChain,
  enrolAsPartner,
  fundBudget,
  investigateAndSubmit,
  openCase,
  payApprovedCase,
  referToCivilAffairs,
} from '../src/journey.ts';

export const DEMO_PASSWORD = 'jiuzhu-demo';

/** A simulated bank that settles fast and never fails: these tests are about the platform, not the bank. */
export const QUIET_BANK = {
  SIM_BANK_FAILURE_RATE: '0',
  SIM_BANK_LOST_NOTIFICATION_RATE: '0',
  SIM_BANK_DUPLICATE_NOTIFICATION_RATE: '0',
  SIM_BANK_SEND_TIMEOUT_RATE: '0',
  SIM_BANK_SETTLE_MS: '200',
  PAYMENTS_DISPATCH_INTERVAL_MS: '100',
} as const;

/** A demo person's access token, signed in at the stack's identity provider as the portal does. */
export async function tokenOf(
  stack: Pick<Stack, 'authServerUrl' | 'realm'>,
  username: string,
): Promise<string> {
  const tokens = await signIn({
    authServerUrl: stack.authServerUrl,
    realm: stack.realm,
    clientId: PORTAL_CLIENT_ID,
    redirectUri: PORTAL_REDIRECT_URI,
    username,
    password: DEMO_PASSWORD,
  });
  return tokens.access_token;
}

/** Demo users of the embedded identity provider (packages/identity/src/demo-directory.ts). */
export const USERS = {
  caseworker: 'xinyi.caseworker',
  head: 'xinyi.head',
  chief: 'xinyi.chief',
  civilAffairsOfficer: 'xinyi-civil.officer',
  otherAgencyCaseworker: 'gaozhou.caseworker',
  financeOfficer: 'xinyi.finance',
};

let serial = 0;

/** A valid GB 11643 number for a distinct person each call, so the one-off rule sees different people. */
export function nextIdNumber(): string {
  serial += 1;
  const body = `440983${1960 + (serial % 40)}0307${String(100 + (serial % 900)).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11];
}

export function aLead(overrides: Partial<CreateLeadInput> = {}): CreateLeadInput {
  return {
    source: 'ex_officio',
    applicant: {
      name: '李秀英',
      idNumber: nextIdNumber(),
      phone: '13800138000',
      address: { regionCode: '440983', detail: '信宜市东镇街道新城路8号' },
      bankAccount: '6222020200112233445',
    },
    incidentSummary: '被害人在故意伤害案中受重伤，被告人无赔偿能力，家庭生活陷入困难。',
    requestedAmountFen: 3_000_000,
    urgentReasons: [],
    consent: { dataChecks: true, form: 'written' },
    ...overrides,
  };
}
