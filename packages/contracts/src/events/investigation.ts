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

/** What a partner may read in full (the views show them masked), each read audited: revealIdNumber, revealPhone. */
export const REVEALABLE_PERSON_FIELDS = ['idNumber', 'phone'] as const;
export type RevealablePersonField = (typeof REVEALABLE_PERSON_FIELDS)[number];

/** What one programme's partner department receives of the referred person. */
export interface ProgrammePersonData {
  /** The optional person fields it receives (the phone masked). */
  receives: readonly ReferredPersonOptionalField[];
  /** What it may reveal in full: the ID number only where enrolling the person registers them by it. */
  reveals: readonly RevealablePersonField[];
}

/**
 * Data minimisation, per programme: what its partner department receives and may reveal. The street address goes
 * to programmes that assess the household at home; household means to means-tested ones; schooling to child and
 * student support; health to medical, disability and extreme-hardship support (特困 turns on incapacity to work);
 * ability to work to job and anti-poverty support. Every partner may reveal the phone it receives, to call the
 * person. The full ID number goes only to programmes whose enrolment registers the person by it, in systems
 * keyed by the ID number; the others meet the person, who shows their own ID card if the programme asks. The
 * referring agency always sees its whole record.
 */
export const PROGRAMME_PERSON_FIELDS: Readonly<Record<ReferralProgramme, ProgrammePersonData>> = {
  // 低保: civil affairs registers the household and checks its means against records kept by ID number
  // (居民家庭经济状况核对).
  minimum_living_allowance: {
    receives: ['phone', 'address', 'householdNote'],
    reveals: ['idNumber', 'phone'],
  },
  // 特困人员救助供养: enrolment by civil affairs, the same registration and means check as 低保.
  extreme_hardship_support: {
    receives: ['phone', 'address', 'householdNote', 'healthNote'],
    reveals: ['idNumber', 'phone'],
  },
  // 事实无人抚养儿童: the child is registered with civil affairs by ID number (and the guardian's).
  de_facto_unsupported_child: {
    receives: ['phone', 'address', 'householdNote', 'schoolingNote'],
    reveals: ['idNumber', 'phone'],
  },
  // 防止返贫监测帮扶: monitored households are entered in the national monitoring system by ID number.
  poverty_relief: {
    receives: ['phone', 'address', 'householdNote', 'workNote'],
    reveals: ['idNumber', 'phone'],
  },
  // 医疗救助: medical insurance identifies the insured person by ID number to pay for treatment.
  medical_assistance: {
    receives: ['phone', 'householdNote', 'healthNote'],
    reveals: ['idNumber', 'phone'],
  },
  // 教育资助: student aid is registered in the student aid system by ID number.
  education_aid: {
    receives: ['phone', 'householdNote', 'schoolingNote'],
    reveals: ['idNumber', 'phone'],
  },
  // 残疾人两项补贴: the disability certificate number is the ID number.
  disability_benefits: {
    receives: ['phone', 'address', 'householdNote', 'healthNote'],
    reveals: ['idNumber', 'phone'],
  },
  // 就业帮扶: the job centre calls the person and refers them to work; they register themselves with their ID card.
  employment_support: { receives: ['phone', 'workNote'], reveals: ['phone'] },
  // 法律援助: the legal aid centre calls the person, who applies with their own ID card.
  legal_aid: { receives: ['phone', 'householdNote'], reveals: ['phone'] },
  // 心理疏导: counselling needs to reach and visit the person, never their ID number.
  psychological_counselling: { receives: ['phone', 'address'], reveals: ['phone'] },
  // 其他: no enrolment is known to need the ID number; the partner may ask the referring agency (要求补充材料).
  other: { receives: ['phone', 'address', 'householdNote'], reveals: ['phone'] },
};

/** What the partner of the programme (as recorded, any string) may reveal; nothing for an unknown programme. */
export function programmeReveals(programme: string): readonly RevealablePersonField[] {
  const known = ReferralProgramme.safeParse(programme);
  return known.success ? PROGRAMME_PERSON_FIELDS[known.data].reveals : [];
}

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
