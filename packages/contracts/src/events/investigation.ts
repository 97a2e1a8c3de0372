import { z } from 'zod';
import { defineEvent } from '../event-definition.ts';
import { Fen } from '../money.ts';
import { TOPICS } from '../topics.ts';

/** Partner programmes a caseworker may recommend for someone who does not qualify but is in need (衔接). */
export const ReferralProgramme = z.enum([
  'minimum_living_allowance',
  'extreme_hardship_support',
  'de_facto_unsupported_child',
  'poverty_relief',
  'medical_assistance',
  'education_aid',
  'employment_support',
  'legal_aid',
  'other',
  'disability_benefits',
  'psychological_counselling',
]);
export type ReferralProgramme = z.infer<typeof ReferralProgramme>;
export const REFERRAL_PROGRAMME_LABELS: Readonly<Record<ReferralProgramme, string>> = {
  minimum_living_allowance: '最低生活保障（低保）',
  extreme_hardship_support: '特困人员救助供养',
  de_facto_unsupported_child: '事实无人抚养儿童保障',
  poverty_relief: '防止返贫监测帮扶',
  medical_assistance: '医疗救助',
  education_aid: '教育资助',
  employment_support: '就业帮扶',
  legal_aid: '法律援助',
  other: '其他救助项目',
  disability_benefits: '残疾人两项补贴等残疾人帮扶',
  psychological_counselling: '心理疏导',
};

/**
 * What a referral may say about the person besides name, ID number (masked) and home region (which every partner
 * gets): contact phone (masked), street address, household means, children's schooling, health and disability,
 * ability to work.
 */
export const REFERRED_PERSON_OPTIONAL_FIELDS = [
  'phone',
  'address',
  'householdNote',
  'schoolingNote',
  'healthNote',
  'workNote',
] as const;
export type ReferredPersonOptionalField = (typeof REFERRED_PERSON_OPTIONAL_FIELDS)[number];

/**
 * Data minimisation: the optional person fields a partner department receives for each programme. The street
 * address goes to programmes that assess the household at home; household means to means-tested ones;
 * schooling to child and student support; health to medical, disability and extreme-hardship support (特困
 * turns on incapacity to work); ability to work to job and anti-poverty support. The referring agency always
 * sees its whole record.
 */
export const PROGRAMME_PERSON_FIELDS: Readonly<
  Record<ReferralProgramme, readonly ReferredPersonOptionalField[]>
> = {
  minimum_living_allowance: ['phone', 'address', 'householdNote'],
  extreme_hardship_support: ['phone', 'address', 'householdNote', 'healthNote'],
  de_facto_unsupported_child: ['phone', 'address', 'householdNote', 'schoolingNote'],
  poverty_relief: ['phone', 'address', 'householdNote', 'workNote'],
  medical_assistance: ['phone', 'householdNote', 'healthNote'],
  education_aid: ['phone', 'householdNote', 'schoolingNote'],
  employment_support: ['phone', 'workNote'],
  legal_aid: ['phone', 'householdNote'],
  disability_benefits: ['phone', 'address', 'householdNote', 'healthNote'],
  psychological_counselling: ['phone', 'address'],
  other: ['phone', 'address', 'householdNote'],
};

export const ReferralRecommendation = z.object({
  programme: ReferralProgramme,
  reason: z.string(),
});
export type ReferralRecommendation = z.infer<typeof ReferralRecommendation>;

/** Which amount rule table (region, year, version) produced a recommendation. */
export const RuleTableRef = z.object({
  region: z.string().regex(/^\d{6}$/),
  year: z.number().int(),
  version: z.number().int().positive(),
});
export type RuleTableRef = z.infer<typeof RuleTableRef>;

/**
 * The caseworker submitted the review (审查报告) and hands the case to approval. Version 1 fields are kept;
 * the later fields are optional so that version-1 consumers keep working.
 */
export const verificationCompleted = defineEvent(
  TOPICS.investigation,
  'investigation.verification-completed',
  1,
  z.object({
    caseId: z.uuid(),
    handlingOrgId: z.string(),
    eligible: z.boolean(),
    recommendedAmountFen: Fen,
    capFen: Fen,
    /** The stored review report; read it through investigation's getReport. */
    reportId: z.uuid().optional(),
    /** The recommendation exceeds the usual cap: approval must escalate to the superior agency. */
    aboveCapException: z.boolean().optional(),
    tableVersion: RuleTableRef.optional(),
    /** Version of the eligibility rule set the finding was made under. */
    ruleSetVersion: z.string().optional(),
    /** For an ineligible applicant in need: the programme the referral service should approach. */
    referralRecommendation: ReferralRecommendation.optional(),
  }),
);
