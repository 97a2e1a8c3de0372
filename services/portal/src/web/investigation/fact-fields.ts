import { INJURY_SEVERITY_LABELS, OFFENDER_STATUS_LABELS, type TaskKind } from '@jiuzhu/contracts';

/** How one fact is typed in: money in yuan (sent as fen), names as a list separated by 、 or commas. */
export type FieldType = 'yuan' | 'count' | 'yesNo' | 'text' | 'longText' | 'date' | 'names' | 'choice';

export interface FactField {
  name: string;
  zh: string;
  en: string;
  type: FieldType;
  choices?: readonly { value: string; zh: string; en: string }[];
  optional?: boolean;
}

const INJURY = [
  { value: 'none', zh: INJURY_SEVERITY_LABELS.none, en: 'No bodily harm' },
  { value: 'minor', zh: INJURY_SEVERITY_LABELS.minor, en: 'Minor injury' },
  { value: 'serious', zh: INJURY_SEVERITY_LABELS.serious, en: 'Serious injury' },
  { value: 'disability', zh: INJURY_SEVERITY_LABELS.disability, en: 'Severe disability' },
  { value: 'critical', zh: INJURY_SEVERITY_LABELS.critical, en: 'Life-threatening' },
  { value: 'death', zh: INJURY_SEVERITY_LABELS.death, en: 'Death' },
] as const;

const OFFENDER = [
  { value: 'unknown', zh: OFFENDER_STATUS_LABELS.unknown, en: 'Unknown' },
  { value: 'deceased', zh: OFFENDER_STATUS_LABELS.deceased, en: 'Deceased' },
  { value: 'unable_to_pay', zh: OFFENDER_STATUS_LABELS.unable_to_pay, en: 'Unable to pay' },
  { value: 'partly_paid', zh: OFFENDER_STATUS_LABELS.partly_paid, en: 'Partly paid' },
  { value: 'fully_paid', zh: OFFENDER_STATUS_LABELS.fully_paid, en: 'Fully paid' },
] as const;

/** The facts each kind of task records, in the order of the contract's TaskFacts. */
export const FACT_FIELDS: Readonly<Record<TaskKind, readonly FactField[]>> = {
  home_visit: [
    { name: 'visitedOn', zh: '走访日期', en: 'Visited on', type: 'date' },
    { name: 'visitors', zh: '走访人员（用、分隔）', en: 'Visitors (separate with commas)', type: 'names' },
    { name: 'findings', zh: '走访情况', en: 'Findings', type: 'longText' },
  ],
  committee_inquiry: [
    { name: 'committeeName', zh: '村（居）委会名称', en: 'Committee', type: 'text' },
    { name: 'inquiredOn', zh: '了解日期', en: 'Inquired on', type: 'date' },
    { name: 'findings', zh: '了解到的情况', en: 'Findings', type: 'longText' },
  ],
  household_finances: [
    { name: 'householdSize', zh: '家庭人口', en: 'Household size', type: 'count' },
    { name: 'membersAbleToWork', zh: '有劳动能力人数', en: 'Able to work', type: 'count' },
    { name: 'employedMembers', zh: '就业人数', en: 'Employed', type: 'count' },
    { name: 'annualIncomeFen', zh: '家庭年收入（元）', en: 'Annual income (yuan)', type: 'yuan' },
    { name: 'registeredPoorHousehold', zh: '建档立卡贫困户', en: 'Registered poor household', type: 'yesNo' },
    {
      name: 'receivesMinimumLivingAllowance',
      zh: '享受低保',
      en: 'Receives minimum living allowance',
      type: 'yesNo',
    },
  ],
  losses: [
    { name: 'injury', zh: '伤害程度', en: 'Injury', type: 'choice', choices: INJURY },
    { name: 'medicalCostsFen', zh: '医疗费用（元）', en: 'Medical costs (yuan)', type: 'yuan' },
    { name: 'propertyLossFen', zh: '财产损失（元）', en: 'Property loss (yuan)', type: 'yuan' },
    { name: 'otherLossesFen', zh: '其他损失（元）', en: 'Other losses (yuan)', type: 'yuan' },
    { name: 'description', zh: '损失情况说明', en: 'Description', type: 'longText' },
  ],
  compensation_received: [
    { name: 'offenderStatus', zh: '加害人赔偿情况', en: 'Offender', type: 'choice', choices: OFFENDER },
    { name: 'fromOffenderFen', zh: '加害人已赔偿金额（元）', en: 'Paid by offender (yuan)', type: 'yuan' },
    { name: 'fromInsuranceFen', zh: '保险已赔付金额（元）', en: 'Paid by insurance (yuan)', type: 'yuan' },
    { name: 'waivedCompensation', zh: '放弃向加害人索赔', en: 'Waived compensation', type: 'yesNo' },
  ],
  assistance_received: [
    { name: 'otherAssistanceFen', zh: '已获其他救助金额（元）', en: 'Other assistance (yuan)', type: 'yuan' },
    { name: 'sources', zh: '救助来源', en: 'Sources', type: 'text', optional: true },
  ],
  hardship_certificate: [
    { name: 'issuedBy', zh: '出具单位', en: 'Issued by', type: 'text' },
    { name: 'issuedOn', zh: '出具日期', en: 'Issued on', type: 'date' },
  ],
  hearing: [
    { name: 'heldOn', zh: '听证日期', en: 'Held on', type: 'date' },
    {
      name: 'participants',
      zh: '听证参加人（用、分隔）',
      en: 'Participants (comma separated)',
      type: 'names',
    },
    { name: 'conclusions', zh: '听证结论', en: 'Conclusions', type: 'longText' },
  ],
};

/** The form's values (yuan, names as one line) as the contract's facts. */
export function toFacts(kind: TaskKind, values: Record<string, unknown>): Record<string, unknown> {
  const facts: Record<string, unknown> = { kind };
  for (const field of FACT_FIELDS[kind]) {
    const value = values[field.name];
    if (field.type === 'yuan')
      facts[field.name] = typeof value === 'number' ? Math.round(value * 100) : value;
    else if (field.type === 'names')
      facts[field.name] =
        typeof value === 'string'
          ? value
              .split(/[、,，;；]/)
              .map((name) => name.trim())
              .filter(Boolean)
          : [];
    else if (field.type === 'yesNo')
      facts[field.name] = value === 'yes' ? true : value === 'no' ? false : value;
    else facts[field.name] = value ?? (field.optional ? undefined : '');
  }
  return facts;
}
