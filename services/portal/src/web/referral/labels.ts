import { PROGRAMME_PERSON_FIELDS, REFERRAL_PROGRAMME_LABELS, ReferralProgramme } from '@jiuzhu/contracts';
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

/** Notes on the referred person a caseworker may write, in the contract's order. */
export const PERSON_NOTE_FIELDS = ['householdNote', 'schoolingNote', 'healthNote', 'workNote'] as const;
export type PersonNoteField = (typeof PERSON_NOTE_FIELDS)[number];

/** [form label zh, form label en, name zh (also in the contract's messages), name en]. */
const NOTES: Record<PersonNoteField, [string, string, string, string]> = {
  householdNote: [
    '家庭情况（选填，不含案情）',
    'Household (optional, no case facts)',
    '家庭情况',
    'Household',
  ],
  schoolingNote: [
    '子女就学情况（选填）',
    "Children's schooling (optional)",
    '子女就学情况',
    "Children's schooling",
  ],
  healthNote: [
    '健康和残疾情况（选填）',
    'Health and disability (optional)',
    '健康和残疾情况',
    'Health and disability',
  ],
  workNote: [
    '劳动能力和就业意愿（选填）',
    'Ability to work (optional)',
    '劳动能力和就业意愿',
    'Ability to work',
  ],
};
export const personNoteFormLabel = (field: PersonNoteField, language: Language) =>
  NOTES[field][language === 'zh' ? 0 : 1];
export const personNoteLabel = (field: PersonNoteField, language: Language) =>
  NOTES[field][language === 'zh' ? 2 : 3];
/** The contract's message for a note over 1000 characters. */
export const personNoteTooLong = (field: PersonNoteField) => `${NOTES[field][2]}不能超过1000字`;

/** The notes the programme's partner receives (PROGRAMME_PERSON_FIELDS); none before a programme is chosen. */
export function programmeNoteFields(programme: string | null | undefined): PersonNoteField[] {
  const parsed = ReferralProgramme.safeParse(programme);
  if (!parsed.success) return [];
  const received = PROGRAMME_PERSON_FIELDS[parsed.data].receives;
  return PERSON_NOTE_FIELDS.filter((field) => received.includes(field));
}
