import type { Language } from '../i18n/messages.ts';

type Table = Record<string, [string, string]>;
const pick = (table: Table) => (value: string, language: Language) =>
  table[value]?.[language === 'zh' ? 0 : 1] ?? value;

export const INCOME_CHANGES: Table = {
  increased: ['收入增加', 'Increased'],
  unchanged: ['收入无变化', 'Unchanged'],
  decreased: ['收入减少', 'Decreased'],
  lost: ['失去收入来源', 'Lost'],
};
export const POVERTY_RISKS: Table = {
  none: ['无返贫风险', 'None'],
  low: ['返贫风险较低', 'Low'],
  high: ['返贫风险较高', 'High'],
};
const TRIGGERS: Table = {
  disbursement: ['救助金发放后', 'After payment'],
  referral_outcome: ['衔接办理结果后', 'After referral outcome'],
  reopened: ['重新开启', 'Reopened'],
  manual: ['人工安排', 'Arranged by hand'],
};
const PURPOSES: Table = {
  return_visit: ['回访', 'Return visit'],
  counselling: ['心理疏导', 'Counselling'],
};
const VISIT_STATUSES: Table = {
  scheduled: ['待回访', 'Scheduled'],
  completed: ['已回访', 'Completed'],
};
const LEDGER_KINDS: Table = {
  case_opened: ['立案', 'Case opened'],
  verification_completed: ['调查核实完成', 'Verification completed'],
  decision_issued: ['作出救助决定', 'Decision issued'],
  disbursement_recorded: ['救助金发放', 'Payment made'],
  referral_created: ['衔接移送', 'Referral sent'],
  referral_outcome: ['衔接办理结果', 'Referral outcome'],
  visit_scheduled: ['安排回访', 'Visit scheduled'],
  visit_completed: ['完成回访', 'Visit completed'],
  need_found: ['发现救助需求', 'Need found'],
  deterioration_alert: ['返贫预警', 'Deterioration alert'],
  case_closed: ['结束回访', 'Follow-up closed'],
  case_reopened: ['重新开启回访', 'Follow-up reopened'],
};

export const incomeChangeLabel = pick(INCOME_CHANGES);
export const povertyRiskLabel = pick(POVERTY_RISKS);
export const triggerLabel = pick(TRIGGERS);
export const purposeLabel = pick(PURPOSES);
export const visitStatusLabel = pick(VISIT_STATUSES);
export const ledgerKindLabel = pick(LEDGER_KINDS);
export const options = (table: Table, language: Language) =>
  Object.entries(table).map(([value, names]) => ({ value, label: names[language === 'zh' ? 0 : 1] }));
