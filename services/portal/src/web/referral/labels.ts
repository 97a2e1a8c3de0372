import { REFERRAL_PROGRAMME_LABELS, ReferralProgramme } from '@jiuzhu/contracts';
import type { Language } from '../i18n/messages.ts';

const PROGRAMMES_EN: Record<ReferralProgramme, string> = {
  minimum_living_allowance: 'Minimum living allowance (dibao)',
  extreme_hardship_support: 'Extreme hardship support',
  de_facto_unsupported_child: 'De facto unsupported child',
  poverty_relief: 'Poverty relapse prevention',
  medical_assistance: 'Medical assistance',
  education_aid: 'Education aid',
  employment_support: 'Employment support',
  legal_aid: 'Legal aid',
  other: 'Other programme',
  disability_benefits: 'Disability benefits',
  psychological_counselling: 'Psychological counselling',
};

export function programmeLabel(programme: string | null, language: Language): string {
  if (!programme) return '';
  const parsed = ReferralProgramme.safeParse(programme);
  if (!parsed.success) return programme;
  return language === 'zh' ? REFERRAL_PROGRAMME_LABELS[parsed.data] : PROGRAMMES_EN[parsed.data];
}

export const programmeOptions = (language: Language) =>
  ReferralProgramme.options.map((value) => ({ value, label: programmeLabel(value, language) }));

const STATUSES: Record<string, [string, string, string]> = {
  sent: ['已移送待接收', 'Sent', 'blue'],
  info_requested: ['待补充材料', 'Information requested', 'orange'],
  accepted: ['已接收', 'Accepted', 'cyan'],
  declined: ['已退回', 'Declined', 'default'],
  enrolled: ['已纳入救助', 'Enrolled', 'green'],
  not_enrolled: ['未纳入', 'Not enrolled', 'default'],
};
export const referralStatusLabel = (status: string, language: Language) =>
  STATUSES[status]?.[language === 'zh' ? 0 : 1] ?? status;
export const referralStatusColour = (status: string) => STATUSES[status]?.[2] ?? 'default';

const ACTIONS: Record<string, [string, string]> = {
  sent: ['移送', 'Sent'],
  accepted: ['接收', 'Accepted'],
  info_requested: ['要求补充材料', 'Information requested'],
  info_provided: ['补充说明', 'Information provided'],
  declined: ['退回', 'Declined'],
  outcome_recorded: ['登记办理结果', 'Outcome recorded'],
};
export const referralActionLabel = (action: string, language: Language) =>
  ACTIONS[action]?.[language === 'zh' ? 0 : 1] ?? action;
