import { APPLICANT_FAULT_LABELS, INJURY_SEVERITY_LABELS, type ApplicantFault } from '@jiuzhu/contracts';
import {
  alreadyReceivedFen,
  perCapitaMonthlyIncomeFen,
  totalLossFen,
  type CaseFacts,
  type FactsOf,
} from './facts.ts';
import { yuan } from './money.ts';
import { capOf, type RuleTable } from './rule-tables.ts';

export interface ComputedAmount {
  computedAmountFen: number;
  capFen: number;
  explanation: string[];
}

export interface AmountFacts {
  losses: FactsOf<'losses'>;
  household: FactsOf<'household_finances'>;
}

/**
 * The amount the table suggests: the loss not yet made good, limited by the harm tier, reduced for the
 * applicant's fault, plus a livelihood supplement for a household below the local minimum living standard,
 * no less than the local minimum. The cap is applied by the caller (an exception may exceed it).
 */
export function computeAmount(
  table: RuleTable,
  facts: CaseFacts & AmountFacts,
  fault: ApplicantFault,
): ComputedAmount {
  const { losses, household } = facts;
  const wage = table.averageMonthlyWageFen;
  const loss = totalLossFen(losses);
  const received = alreadyReceivedFen(facts);
  const uncovered = Math.max(0, loss - received);
  const tierMonths = table.harmTierMonths[losses.injury];
  const harmCeiling = tierMonths * wage;
  const base = Math.min(uncovered, harmCeiling);
  const faultPercent = table.faultReductionPercent[fault];
  const afterFault = base - Math.floor((base * faultPercent) / 100);
  const perCapita = perCapitaMonthlyIncomeFen(household);
  const gap = Math.max(0, table.minimumLivingStandardFen - perCapita);
  const livelihood = gap * household.householdSize * table.livelihoodMonths;
  const computed = Math.max(afterFault + livelihood, table.minimumAmountFen);

  const explanation = [
    `损失合计${yuan(loss)}，已获赔偿、保险及其他救助${yuan(received)}，尚未弥补的损失${yuan(uncovered)}`,
    `伤害程度“${INJURY_SEVERITY_LABELS[losses.injury]}”对应${tierMonths}个月职工月平均工资，即不超过${yuan(harmCeiling)}，计入${yuan(base)}`,
    `申请人${APPLICANT_FAULT_LABELS[fault]}，扣减${faultPercent}%，为${yuan(afterFault)}`,
    gap > 0
      ? `家庭人均月收入${yuan(perCapita)}低于当地最低生活保障标准${yuan(table.minimumLivingStandardFen)}，按${household.householdSize}人、${table.livelihoodMonths}个月补足差额${yuan(livelihood)}`
      : `家庭人均月收入${yuan(perCapita)}不低于当地最低生活保障标准${yuan(table.minimumLivingStandardFen)}，不计生活补助`,
    ...(afterFault + livelihood < table.minimumAmountFen
      ? [`低于最低救助金额，按${yuan(table.minimumAmountFen)}计`]
      : []),
    `计算金额${yuan(computed)}；救助上限${yuan(capOf(table))}（${table.capMonths}个月职工月平均工资${table.perCaseCapFen === null ? '' : `与单案上限${yuan(table.perCaseCapFen)}中的较低者`}）`,
  ];
  return { computedAmountFen: computed, capFen: capOf(table), explanation };
}
