import type { CreateLeadInput } from '@jiuzhu/contracts';

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
