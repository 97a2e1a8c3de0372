import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf } from '@jiuzhu/service-kit/testing';
import { DEFAULT_PLAN } from '../src/plan.ts';
import { as, GAOZHOU_COURT, startFollowup, XINYI_COURT, type Harness } from './helpers.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startFollowup();
});
afterAll(async () => harness?.stop());

describe("the agency's visit plan", () => {
  it('lets the administrator read the default plan, save their own and read it back', async () => {
    const admin = await as(harness, 'xinyi.admin');
    expect(await admin.getVisitPlan.query()).toEqual({
      orgId: XINYI_COURT,
      ...DEFAULT_PLAN,
      isDefault: true,
    });

    await admin.setVisitPlan.mutate({
      steps: [
        { monthsAfter: 8, method: 'home_visit' },
        { monthsAfter: 2, method: 'phone' },
      ],
      counsellingMonthsAfter: [3],
    });
    const stored = {
      orgId: XINYI_COURT,
      steps: [
        { monthsAfter: 2, method: 'phone' },
        { monthsAfter: 8, method: 'home_visit' },
      ],
      counsellingMonthsAfter: [3],
      isDefault: false,
    };
    expect(await admin.getVisitPlan.query()).toEqual(stored);
    // The people who follow up read the same plan.
    expect(await (await as(harness, 'xinyi.caseworker')).getVisitPlan.query()).toEqual(stored);
    expect(await (await as(harness, 'xinyi.chief')).getVisitPlan.query()).toEqual(stored);
  });

  it('shows each agency only its own plan, and refuses people who neither follow up nor administer', async () => {
    // Another agency's department head reads their own (default) plan, never the Xinyi one.
    expect(await (await as(harness, 'gaozhou.head')).getVisitPlan.query()).toMatchObject({
      orgId: GAOZHOU_COURT,
      isDefault: true,
    });
    for (const username of ['xinyi.finance', 'xinyi-civil.officer', 'maoming.supervisor']) {
      const refused = await failureOf((await as(harness, username)).getVisitPlan.query());
      expect(refused.status, username).toBe(403);
      expect(refused.message).toContain('查看本机构回访计划');
    }
    const caseworker = await as(harness, 'xinyi.caseworker');
    const change = caseworker.setVisitPlan.mutate({
      steps: [{ monthsAfter: 1, method: 'phone' }],
      counsellingMonthsAfter: [],
    });
    expect((await failureOf(change)).status).toBe(403);
  });
});
