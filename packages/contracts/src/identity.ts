import { z } from 'zod';

/** Kinds of organisation that sign in to Jiuzhu (brief §1). Wire contract: values travel in tokens. */
export const OrgType = z.enum([
  'court',
  'procuratorate',
  'public_security',
  'justice_bureau',
  'civil_affairs',
  'rural_revitalisation',
  'womens_federation',
  'disabled_persons_federation',
  'veterans_affairs',
  'education',
  'medical_insurance',
  'human_resources',
  'finance_bureau',
]);
export type OrgType = z.infer<typeof OrgType>;

/** Agencies that handle assistance cases themselves; everyone else is a partner or a referrer. */
export const HANDLING_ORG_TYPES: readonly OrgType[] = ['court', 'procuratorate'];

/** Partner departments people are referred to for social assistance (brief §1). */
export const PARTNER_ORG_TYPES: readonly OrgType[] = [
  'civil_affairs',
  'rural_revitalisation',
  'womens_federation',
  'disabled_persons_federation',
  'veterans_affairs',
  'education',
  'medical_insurance',
  'human_resources',
];

export const OrgLevel = z.enum(['supreme', 'provincial', 'municipal', 'county']);
export type OrgLevel = z.infer<typeof OrgLevel>;

/** An organisation's id in the SSO directory (e.g. court-440983), where an input names one. */
export const OrgId = z
  .string({ message: '请选择机构' })
  .trim()
  .min(1, { message: '请选择机构' })
  .max(100, { message: '机构编号无效' });

/** The organisation claim every Jiuzhu access token carries (`org`). */
export const Organisation = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  type: OrgType,
  level: OrgLevel,
  /** GB/T 2260 administrative division code, six digits. */
  region: z.string().regex(/^\d{6}$/),
  parentId: z.string().min(1).optional(),
});
export type Organisation = z.infer<typeof Organisation>;

/** Realm roles (brief §1). `service` is held only by service accounts (client credentials). */
export const Role = z.enum([
  'caseworker',
  'department_head',
  'chief',
  'committee_member',
  'finance_officer',
  'lead_referrer',
  'partner_officer',
  'supervisor',
  'admin',
  'service',
]);
export type Role = z.infer<typeof Role>;

/** The client people sign in with (the portal, authorization code + PKCE). Tokens of other clients are services'. */
export const PORTAL_CLIENT_ID = 'jiuzhu-portal';

/** The audience of every access token meant for the services (Keycloak's audience mapper adds it). */
export const JIUZHU_API_AUDIENCE = 'urn:jiuzhu:services';

const HAN = /\p{Script=Han}/u;

/**
 * The name to show for the person a token describes. Keycloak's `name` is "given family" with a space, which is
 * wrong for Chinese names: when the name parts are Chinese, the family name comes first without a space (林晓梅).
 */
export function displayNameFromClaims(claims: {
  name?: unknown;
  given_name?: unknown;
  family_name?: unknown;
  preferred_username?: unknown;
}): string {
  const given = typeof claims.given_name === 'string' ? claims.given_name : undefined;
  const family = typeof claims.family_name === 'string' ? claims.family_name : undefined;
  if (given && family && (HAN.test(given) || HAN.test(family))) return `${family}${given}`;
  if (typeof claims.name === 'string') return claims.name;
  return typeof claims.preferred_username === 'string' ? claims.preferred_username : '';
}

/** Who is calling, as established from a verified token. */
export const Principal = z.object({
  userId: z.string().min(1),
  username: z.string().min(1),
  displayName: z.string(),
  org: Organisation,
  roles: z.array(Role),
});
export type Principal = z.infer<typeof Principal>;

/** Chinese names of the realm roles, for pages, messages and the Keycloak role descriptions. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  caseworker: '承办人',
  department_head: '部门负责人',
  chief: '院长/检察长',
  committee_member: '司法救助委员会委员',
  finance_officer: '财务人员',
  lead_referrer: '线索移送人',
  partner_officer: '协作部门工作人员',
  supervisor: '监督人员（只读统计）',
  admin: '系统管理员',
  service: '服务账号',
};
