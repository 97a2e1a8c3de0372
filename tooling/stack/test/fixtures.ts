import type { OpenLeadInput } from '@jiuzhu/contracts';

export const DEMO_PASSWORD = 'jiuzhu-demo';

/** Demo users of the embedded identity provider (packages/identity/src/demo-directory.ts). */
export const USERS = {
  caseworker: 'xinyi.caseworker',
  otherAgencyCaseworker: 'gaozhou.caseworker',
  financeOfficer: 'xinyi.finance',
};

export function aLead(overrides: Partial<OpenLeadInput> = {}): OpenLeadInput {
  return {
    source: 'ex_officio',
    applicant: {
      name: '李秀英',
      idNumber: '440983199003071238',
      phone: '13800138000',
      address: { regionCode: '440983', detail: '信宜市东镇街道新城路8号' },
      bankAccount: '6222020200112233445',
    },
    incidentSummary: '被害人在故意伤害案中受重伤，被告人无赔偿能力，家庭生活陷入困难。',
    urgent: false,
    requestedAmountFen: 3_000_000,
    ...overrides,
  };
}
