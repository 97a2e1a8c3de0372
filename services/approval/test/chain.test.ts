import { describe, expect, it } from 'vitest';
import { DEFAULT_CHAIN_CONFIG, type ChainConfig } from '@jiuzhu/contracts';
import { buildChain, needsSuperior, type ChainFacts } from '../src/domain/chain.ts';

/** An eligible case of 50,000 元 under a cap of 60,000 元, at an agency with a parent. */
const facts: ChainFacts = {
  handlingOrgId: 'court-a',
  handlingOrgParentId: 'court-parent',
  eligible: true,
  recommendedAmountFen: 5_000_000,
  capFen: 6_000_000,
  aboveCapException: false,
  joint: false,
};
/** The superior agency approves from 100,000 元 by default. */
const config: ChainConfig = { ...DEFAULT_CHAIN_CONFIG, superiorThresholdFen: 10_000_000 };

describe('who approves a case', () => {
  it.each<[string, Partial<ChainFacts>, Partial<ChainConfig>, string[]]>([
    ['an ordinary case: department head, then chief', {}, {}, ['department_head@court-a', 'chief@court-a']],
    [
      'the committee when the agency names it',
      {},
      { finalApprover: 'committee' },
      ['department_head@court-a', 'committee@court-a'],
    ],
    [
      'joint assistance adds the superior',
      { joint: true },
      {},
      ['department_head@court-a', 'chief@court-a', 'superior@court-parent'],
    ],
    [
      'an exception above the cap adds the superior',
      { aboveCapException: true },
      {},
      ['department_head@court-a', 'chief@court-a', 'superior@court-parent'],
    ],
    [
      'an amount above the cap adds the superior',
      { capFen: 4_000_000 },
      {},
      ['department_head@court-a', 'chief@court-a', 'superior@court-parent'],
    ],
    [
      'an amount above the threshold adds the superior',
      {},
      { superiorThresholdFen: 4_999_999 },
      ['department_head@court-a', 'chief@court-a', 'superior@court-parent'],
    ],
    [
      'an amount at the threshold does not',
      {},
      { superiorThresholdFen: 5_000_000 },
      ['department_head@court-a', 'chief@court-a'],
    ],
    [
      'a refusal never goes up, even joint and large',
      { eligible: false, joint: true, recommendedAmountFen: 99_000_000 },
      {},
      ['department_head@court-a', 'chief@court-a'],
    ],
  ])('%s', (_, factChanges, configChanges, expected) => {
    const chain = buildChain({ ...facts, ...factChanges }, { ...config, ...configChanges });
    expect(chain.map((step) => `${step.name}@${step.orgId}`)).toEqual(expected);
    expect(needsSuperior({ ...facts, ...factChanges }, { ...config, ...configChanges })).toBe(
      expected.length === 3,
    );
  });

  it('refuses to build a chain that needs a superior agency nobody knows', () => {
    expect(() => buildChain({ ...facts, joint: true, handlingOrgParentId: null }, config)).toThrow(
      '无法确定上级机构，不能报请上级审批。',
    );
  });
});
