import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuleTableInput, TaskFacts } from '@jiuzhu/contracts';
import { failureOf } from '@jiuzhu/service-kit/testing';
import {
  offenderCannotPay,
  poorHousehold,
  recordAll,
  seriousInjury,
  someAssistance,
  startInvestigation,
  type Client,
} from './helpers.ts';

let service: Awaited<ReturnType<typeof startInvestigation>>;
let xinyi: Client;
let yiyuan: Client;
let admin: Client;

beforeAll(async () => {
  service = await startInvestigation();
  [xinyi, yiyuan, admin] = await Promise.all([
    service.as('xinyi.caseworker'),
    service.as('yiyuan-jcy.caseworker'),
    service.as('xinyi.admin'),
  ]);
});
afterAll(async () => service?.stop());

const death: TaskFacts = {
  kind: 'losses',
  injury: 'death',
  medicalCostsFen: 50_000_000,
  propertyLossFen: 0,
  otherLossesFen: 500_000,
  description: '被害人经抢救无效死亡',
};

async function caseWith(caseworker: Client, handlingOrgId: string, losses: TaskFacts) {
  const caseId = await service.openCase(handlingOrgId, caseworker);
  await recordAll(caseworker, caseId, [poorHousehold, losses, offenderCannotPay(), someAssistance]);
  return caseId;
}

const xinyiTable = (minimumLivingStandardFen: number): RuleTableInput => ({
  region: '440983',
  year: 2026,
  averageMonthlyWageFen: 1_000_000,
  minimumLivingStandardFen,
  harmTierMonths: { none: 6, minor: 6, serious: 18, disability: 24, critical: 24, death: 36 },
  faultReductionPercent: { none: 0, minor: 20, major: 50 },
  livelihoodMonths: 12,
  reason: '信宜市2026年度救助金额标准（测试）',
});

describe('amount rule tables', () => {
  it('caps each region at its own limit: 36 monthly wages, or a lower per-case cap', async () => {
    const tables = await xinyi.listRuleTables.query({});
    expect(tables.map((t) => [t.region, t.version, t.capFen])).toEqual([
      ['370000', 1, 20_000_000],
      ['440000', 1, 35_280_000],
    ]);

    const guangdong = await xinyi.recommendAmount.mutate({
      caseId: await caseWith(xinyi, 'court-440983', death),
      applicantFault: 'none',
    });
    expect(guangdong).toMatchObject({
      computedAmountFen: 37_200_000,
      recommendedAmountFen: 35_280_000,
      capFen: 35_280_000,
      aboveCapException: false,
      tableVersion: { region: '440000', year: 2026, version: 1 },
    });

    const shandong = await yiyuan.recommendAmount.mutate({
      caseId: await caseWith(yiyuan, 'procuratorate-370323', death),
      applicantFault: 'none',
    });
    expect(shandong).toMatchObject({
      computedAmountFen: 25_320_000,
      recommendedAmountFen: 20_000_000,
      capFen: 20_000_000,
      tableVersion: { region: '370000', year: 2026, version: 1 },
    });
    expect(shandong.explanation.join('\n')).toContain('单案上限人民币200,000.00元');
  });

  it('reduces the amount for the applicant’s fault', async () => {
    const caseId = await caseWith(xinyi, 'court-440983', seriousInjury());
    const faulty = await xinyi.recommendAmount.mutate({ caseId, applicantFault: 'major' });
    // 70,000 uncovered, halved for major fault, plus the 19,200 livelihood supplement.
    expect(faulty.recommendedAmountFen).toBe(3_500_000 + 1_920_000);
  });

  it('uses a newly published version for new recommendations, while earlier ones keep theirs', async () => {
    const provincial = await xinyi.recommendAmount.mutate({
      caseId: await caseWith(xinyi, 'court-440983', seriousInjury()),
      applicantFault: 'none',
    });
    expect(provincial.recommendedAmountFen).toBe(8_920_000);

    const first = await admin.publishRuleTable.mutate(xinyiTable(100_000));
    expect(first).toMatchObject({ region: '440983', version: 1, capFen: 36_000_000 });
    const underFirstId = await caseWith(xinyi, 'court-440983', seriousInjury());
    const underFirst = await xinyi.recommendAmount.mutate({ caseId: underFirstId, applicantFault: 'none' });
    expect(underFirst).toMatchObject({
      recommendedAmountFen: 7_000_000 + 50_000 * 4 * 12,
      tableVersion: { region: '440983', year: 2026, version: 1 },
    });

    const second = await admin.publishRuleTable.mutate(xinyiTable(110_000));
    expect(second.version).toBe(2);
    const underSecond = await xinyi.recommendAmount.mutate({
      caseId: await caseWith(xinyi, 'court-440983', seriousInjury()),
      applicantFault: 'none',
    });
    expect(underSecond).toMatchObject({
      recommendedAmountFen: 7_000_000 + 60_000 * 4 * 12,
      tableVersion: { region: '440983', year: 2026, version: 2 },
    });

    const kept = await xinyi.getCase.query({ caseId: underFirstId });
    expect(kept.recommendation).toMatchObject({
      recommendedAmountFen: 7_000_000 + 50_000 * 4 * 12,
      tableVersion: { region: '440983', year: 2026, version: 1 },
    });
    const versions = await xinyi.listRuleTables.query({ region: '440983' });
    expect(versions.map((t) => [t.version, t.minimumLivingStandardFen, t.publishedBy !== ''])).toEqual([
      [2, 110_000, true],
      [1, 100_000, true],
    ]);
    await expect(service.harness.query(`UPDATE amount_rule_table SET cap_months = 48`)).rejects.toThrow(
      /append-only/,
    );
  });

  it('lets only administrators publish, and only for their own region', async () => {
    const byCaseworker = await failureOf(xinyi.publishRuleTable.mutate(xinyiTable(120_000)));
    expect(byCaseworker).toMatchObject({ status: 403, message: expect.stringContaining('系统管理员') });
    const elsewhere = await failureOf(
      admin.publishRuleTable.mutate({ ...xinyiTable(120_000), region: '370000' }),
    );
    expect(elsewhere).toMatchObject({ status: 403, message: expect.stringContaining('本机构所在地区') });
    const versions = await xinyi.listRuleTables.query({ region: '370000' });
    expect(versions).toHaveLength(1);
  });
});
