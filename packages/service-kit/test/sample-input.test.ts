import {
  approvalRouter,
  followupRouter,
  intakeRouter,
  investigationRouter,
  paymentsRouter,
  referralRouter,
  CreateGroupLeadInput,
  SendReferralsInput,
  type ApprovalApi,
  type FollowupApi,
  type IntakeApi,
  type InvestigationApi,
  type PaymentsApi,
  type ReferralApi,
} from '@jiuzhu/contracts';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { proceduresOf, sampleInput } from '../src/testing.ts';

// The routers' shapes only: no procedure is called here.
const ROUTERS = {
  intake: intakeRouter({} as IntakeApi),
  investigation: investigationRouter({} as InvestigationApi),
  approval: approvalRouter({} as ApprovalApi),
  payments: paymentsRouter({} as PaymentsApi),
  referral: referralRouter({} as ReferralApi),
  followup: followupRouter({} as FollowupApi),
};

const CASE_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

describe('sampleInput', () => {
  it('builds an accepted input for every procedure of every service', () => {
    const procedures = Object.entries(ROUTERS).flatMap(([service, router]) =>
      proceduresOf(router).map((procedure) => ({ service, ...procedure })),
    );
    expect(procedures.length).toBeGreaterThan(90);
    for (const { service, path, inputs } of procedures)
      for (const input of inputs)
        expect(input.safeParse(sampleInput(input, { caseId: CASE_ID })).success, `${service}.${path}`).toBe(
          true,
        );
  });

  it('puts the given ids into the fields of those names, however deep', () => {
    const input = sampleInput(SendReferralsInput, { caseId: CASE_ID, orgId: 'civil-affairs-440983' });
    expect(input.partner.orgId).toBe('civil-affairs-440983');
    expect(input.items.map((item) => item.caseId)).toEqual(input.items.map(() => CASE_ID));
  });

  it('takes a function of the path for values that must differ, and ignores values a field refuses', () => {
    const ids = ['440983199003071238', '440983198501010011'];
    const group = sampleInput(CreateGroupLeadInput, {
      idNumber: (path: readonly (string | number)[]) => ids[path[1] as number],
      regionCode: 'not a region',
    });
    expect(group.members.map((member) => member.applicant.idNumber)).toEqual(ids);
    expect(group.members[0]?.applicant.address.regionCode).toMatch(/^\d{6}$/);
  });

  it('satisfies formats, patterns, bounds and refinements, starting from the plainest value', () => {
    const schema = z.object({
      id: z.uuid(),
      on: z.iso.date(),
      phone: z.string().regex(/^1[3-9]\d{9}$/),
      amount: z
        .number()
        .int()
        .refine((v) => v > 0),
      note: z.string().trim().min(4).max(6),
      kind: z.enum(['a', 'b']),
      extra: z.string().optional(),
    });
    const value = sampleInput(schema);
    expect(schema.safeParse(value).success).toBe(true);
    expect(value).toMatchObject({ phone: '13000000000', kind: 'a', note: expect.any(String) });
    expect(value.extra).toBeUndefined();
    expect(value.amount).toBeGreaterThan(0);
  });

  it('says which field it could not satisfy', () => {
    const impossible = z.object({ n: z.number().refine(() => false, { message: '永不接受' }) });
    expect(() => sampleInput(impossible, {}, { attempts: 5 })).toThrow(/n: 永不接受/);
  });
});
