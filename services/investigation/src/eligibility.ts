import {
  OFFENDER_STATUS_LABELS,
  INJURY_SEVERITY_LABELS,
  type EligibilityEvaluation,
  type InjurySeverity,
  type OffenderStatus,
  type RuleEvaluation,
  type RuleOutcome,
} from '@jiuzhu/contracts';
import { alreadyReceivedFen, perCapitaMonthlyIncomeFen, totalLossFen, type CaseFacts } from './facts.ts';
import { yuan } from './money.ts';

/**
 * The eligibility rule set (2014 Opinions; Procuratorate Rules 2021, Art. 7), as data. A new wording or a
 * new rule is a new RULE_SET_VERSION; findings record the version they were made under.
 */
export const RULE_SET_VERSION = '2026.1';

type Computed = { outcome: RuleOutcome; basis: string } | null;

interface EligibilityRule {
  ruleId: string;
  type: 'category' | 'refusal';
  text: string;
  /** The outcome the recorded facts decide, or null when they cannot (the caseworker judges). */
  compute?: (facts: CaseFacts) => Computed;
}

const OFFENDER_CANNOT_PAY: readonly OffenderStatus[] = ['unknown', 'deceased', 'unable_to_pay'];

function injuryThenOffender(harms: readonly InjurySeverity[]) {
  return (facts: CaseFacts): Computed => {
    const losses = facts.losses;
    if (!losses) return null;
    const injury = `伤害程度：${INJURY_SEVERITY_LABELS[losses.injury]}`;
    if (!harms.includes(losses.injury)) return { outcome: 'failed', basis: injury };
    const compensation = facts.compensation_received;
    if (!compensation) return null;
    const offender = OFFENDER_STATUS_LABELS[compensation.offenderStatus];
    if (OFFENDER_CANNOT_PAY.includes(compensation.offenderStatus))
      return { outcome: 'passed', basis: `${injury}；${offender}` };
    if (compensation.offenderStatus === 'fully_paid')
      return { outcome: 'failed', basis: `${injury}；${offender}` };
    return null;
  };
}

export const RULES: readonly EligibilityRule[] = [
  {
    ruleId: 'C01',
    type: 'category',
    text: '被害人因犯罪侵害致重伤或严重残疾，加害人不明、死亡或无力赔偿，无法通过诉讼获得赔偿，生活困难',
    compute: injuryThenOffender(['serious', 'disability']),
  },
  {
    ruleId: 'C02',
    type: 'category',
    text: '被害人因犯罪侵害危及生命，急需救治，无力承担医疗费用',
    compute: injuryThenOffender(['critical']),
  },
  {
    ruleId: 'C03',
    type: 'category',
    text: '被害人因犯罪侵害死亡，依靠其收入生活的近亲属或其赡养、扶养、抚养的人无法获得赔偿，生活困难',
    compute: injuryThenOffender(['death']),
  },
  {
    ruleId: 'C04',
    type: 'category',
    text: '被害人因犯罪侵害遭受重大财产损失，无法获得赔偿，生活困难',
    compute: (facts) =>
      facts.losses && facts.losses.propertyLossFen === 0
        ? { outcome: 'failed', basis: '未发生财产损失' }
        : null,
  },
  {
    ruleId: 'C05',
    type: 'category',
    text: '举报人、证人、鉴定人因举报、作证、鉴定遭受打击报复，人身或财产受到损害，无法获得赔偿，生活困难',
  },
  {
    ruleId: 'C06',
    type: 'category',
    text: '追索赡养费、扶养费、抚养费等，被执行人无履行能力，申请人生活困难',
  },
  {
    ruleId: 'C07',
    type: 'category',
    text: '道路交通事故等民事侵权造成人身伤害，无法通过诉讼获得赔偿，生活困难',
  },
  {
    ruleId: 'C08',
    type: 'category',
    text: '案件已过追诉时效等原因无法追究责任，被害人生活困难',
  },
  {
    ruleId: 'C09',
    type: 'category',
    text: '因案件导致丧失劳动能力，生活困难',
    compute: (facts) => {
      const losses = facts.losses;
      if (!losses) return null;
      const basis = `伤害程度：${INJURY_SEVERITY_LABELS[losses.injury]}`;
      if (losses.injury === 'disability') return { outcome: 'passed', basis };
      if (losses.injury === 'none' || losses.injury === 'minor') return { outcome: 'failed', basis };
      return null;
    },
  },
  { ruleId: 'C10', type: 'category', text: '其他因案件造成生活困难、确需救助的情形' },
  { ruleId: 'R01', type: 'refusal', text: '申请人对案件发生有重大过错' },
  { ruleId: 'R02', type: 'refusal', text: '申请人无正当理由拒不配合调查核实' },
  { ruleId: 'R03', type: 'refusal', text: '申请人故意作虚假陈述或伪造证据' },
  {
    ruleId: 'R04',
    type: 'refusal',
    text: '申请人放弃向加害人索赔',
    compute: (facts) => {
      const compensation = facts.compensation_received;
      if (!compensation) return null;
      return compensation.waivedCompensation
        ? { outcome: 'failed', basis: '申请人已放弃向加害人索赔' }
        : { outcome: 'passed', basis: '申请人未放弃索赔' };
    },
  },
  { ruleId: 'R05', type: 'refusal', text: '申请人生活困难并非由案件造成' },
  {
    ruleId: 'R06',
    type: 'refusal',
    text: '申请人已通过赔偿、保险或其他救助获得足够补偿',
    compute: (facts) => {
      if (!facts.losses || !facts.compensation_received || !facts.assistance_received) return null;
      const loss = totalLossFen(facts.losses);
      const received = alreadyReceivedFen(facts);
      const basis = `损失合计${yuan(loss)}，已获赔偿及救助${yuan(received)}`;
      return received >= loss ? { outcome: 'failed', basis } : { outcome: 'passed', basis };
    },
  },
];

export interface Judgement {
  ruleId: string;
  outcome: 'passed' | 'failed';
  note: string;
}

export class JudgementError extends Error {}

/** Rule by rule: computed from the facts where they decide, else the caseworker's judgement, else open. */
export function evaluateEligibility(
  facts: CaseFacts,
  judgements: readonly Judgement[],
  minimumLivingStandardFen: number | null,
): EligibilityEvaluation {
  const byRule = new Map(judgements.map((judgement) => [judgement.ruleId, judgement]));
  for (const ruleId of byRule.keys())
    if (!RULES.some((rule) => rule.ruleId === ruleId))
      throw new JudgementError(`不存在编号为${ruleId}的审查规则`);

  const rules: RuleEvaluation[] = RULES.map((rule) => {
    const computed = rule.compute?.(facts) ?? null;
    const judgement = byRule.get(rule.ruleId);
    if (computed) {
      if (judgement && judgement.outcome !== computed.outcome)
        throw new JudgementError(
          `规则${rule.ruleId}已由核查事实得出结论（${computed.basis}），如有出入请先更正相应的核查记录`,
        );
      return { ruleId: rule.ruleId, type: rule.type, text: rule.text, ...computed, decidedBy: 'facts' };
    }
    if (judgement)
      return {
        ruleId: rule.ruleId,
        type: rule.type,
        text: rule.text,
        outcome: judgement.outcome,
        basis: judgement.note,
        decidedBy: 'caseworker',
      };
    return {
      ruleId: rule.ruleId,
      type: rule.type,
      text: rule.text,
      outcome: 'needs_judgement',
      basis: '现有核查事实不足以判断，需承办人判断',
      decidedBy: 'none',
    };
  });

  const household = facts.household_finances;
  const perCapita = household ? perCapitaMonthlyIncomeFen(household) : null;
  return {
    ruleSetVersion: RULE_SET_VERSION,
    overall: overallOutcome(rules),
    rules,
    priorityGroup: household?.registeredPoorHousehold ?? false,
    perCapitaMonthlyIncomeFen: perCapita,
    minimumLivingStandardFen,
    householdInNeed:
      perCapita === null || minimumLivingStandardFen === null ? null : perCapita < minimumLivingStandardFen,
  };
}

function overallOutcome(rules: readonly RuleEvaluation[]): EligibilityEvaluation['overall'] {
  const categories = rules.filter((rule) => rule.type === 'category');
  const refusals = rules.filter((rule) => rule.type === 'refusal');
  if (refusals.some((rule) => rule.outcome === 'failed')) return 'ineligible';
  if (categories.every((rule) => rule.outcome === 'failed')) return 'ineligible';
  if (
    categories.some((rule) => rule.outcome === 'passed') &&
    refusals.every((rule) => rule.outcome === 'passed')
  )
    return 'eligible';
  return 'needs_judgement';
}

export function openRuleIds(evaluation: EligibilityEvaluation): string[] {
  return evaluation.rules.filter((rule) => rule.outcome === 'needs_judgement').map((rule) => rule.ruleId);
}
