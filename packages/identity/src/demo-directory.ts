import type { Organisation, Role } from '@jiuzhu/contracts';
import { stableUuid } from './stable-id.ts';

/**
 * The demo directory: organisations and people the embedded identity provider signs in, and the content of the
 * Keycloak realm export. Region codes are GB/T 2260 administrative divisions; parents follow the line of
 * supervision (county court → intermediate court → high court; county procuratorate → municipal → provincial).
 */

/** Every demo person signs in with this password (embedded provider and the exported Keycloak realm alike). */
export const DEMO_PASSWORD = 'jiuzhu-demo';

/**
 * The organisation service accounts belong to. `Principal.org` is required, so machine callers need one too;
 * contracts have no "platform" organisation type, so the platform is recorded as a national-level justice
 * administration body (region 100000 = the whole country). Policy never looks at a service account's
 * organisation: the `service` role is trusted on its own.
 */
export const PLATFORM_ORGANISATION: Organisation = {
  id: 'jiuzhu-platform',
  name: 'Jiuzhu 司法救助平台',
  type: 'justice_bureau',
  level: 'supreme',
  region: '100000',
};

export const DEMO_ORGANISATIONS: readonly Organisation[] = [
  // Courts, Guangdong: high court → Maoming intermediate court → basic courts of Xinyi and Gaozhou.
  { id: 'court-440000', name: '广东省高级人民法院', type: 'court', level: 'provincial', region: '440000' },
  {
    id: 'court-440900',
    name: '茂名市中级人民法院',
    type: 'court',
    level: 'municipal',
    region: '440900',
    parentId: 'court-440000',
  },
  {
    id: 'court-440983',
    name: '信宜市人民法院',
    type: 'court',
    level: 'county',
    region: '440983',
    parentId: 'court-440900',
  },
  {
    id: 'court-440981',
    name: '高州市人民法院',
    type: 'court',
    level: 'county',
    region: '440981',
    parentId: 'court-440900',
  },
  // Procuratorates, Guangdong.
  {
    id: 'procuratorate-440000',
    name: '广东省人民检察院',
    type: 'procuratorate',
    level: 'provincial',
    region: '440000',
  },
  {
    id: 'procuratorate-440900',
    name: '茂名市人民检察院',
    type: 'procuratorate',
    level: 'municipal',
    region: '440900',
    parentId: 'procuratorate-440000',
  },
  {
    id: 'procuratorate-440981',
    name: '高州市人民检察院',
    type: 'procuratorate',
    level: 'county',
    region: '440981',
    parentId: 'procuratorate-440900',
  },
  {
    id: 'procuratorate-440983',
    name: '信宜市人民检察院',
    type: 'procuratorate',
    level: 'county',
    region: '440983',
    parentId: 'procuratorate-440900',
  },
  // Procuratorates, Shandong: provincial → Zibo → Yiyuan county.
  {
    id: 'procuratorate-370000',
    name: '山东省人民检察院',
    type: 'procuratorate',
    level: 'provincial',
    region: '370000',
  },
  {
    id: 'procuratorate-370300',
    name: '淄博市人民检察院',
    type: 'procuratorate',
    level: 'municipal',
    region: '370300',
    parentId: 'procuratorate-370000',
  },
  {
    id: 'procuratorate-370323',
    name: '沂源县人民检察院',
    type: 'procuratorate',
    level: 'county',
    region: '370323',
    parentId: 'procuratorate-370300',
  },
  // Other political-legal units that pass leads in.
  {
    id: 'public-security-440983',
    name: '信宜市公安局',
    type: 'public_security',
    level: 'county',
    region: '440983',
  },
  {
    id: 'justice-bureau-440983',
    name: '信宜市司法局',
    type: 'justice_bureau',
    level: 'county',
    region: '440983',
  },
  // Partner departments.
  {
    id: 'civil-affairs-440900',
    name: '茂名市民政局',
    type: 'civil_affairs',
    level: 'municipal',
    region: '440900',
  },
  {
    id: 'civil-affairs-440983',
    name: '信宜市民政局',
    type: 'civil_affairs',
    level: 'county',
    region: '440983',
    parentId: 'civil-affairs-440900',
  },
  {
    id: 'rural-revitalisation-440983',
    name: '信宜市乡村振兴局',
    type: 'rural_revitalisation',
    level: 'county',
    region: '440983',
  },
  {
    id: 'womens-federation-440983',
    name: '信宜市妇女联合会',
    type: 'womens_federation',
    level: 'county',
    region: '440983',
  },
  {
    id: 'disabled-persons-federation-440983',
    name: '信宜市残疾人联合会',
    type: 'disabled_persons_federation',
    level: 'county',
    region: '440983',
  },
  {
    id: 'veterans-affairs-440983',
    name: '信宜市退役军人事务局',
    type: 'veterans_affairs',
    level: 'county',
    region: '440983',
  },
  {
    id: 'education-440983',
    name: '信宜市教育局',
    type: 'education',
    level: 'county',
    region: '440983',
  },
  {
    id: 'medical-insurance-440981',
    name: '高州市医疗保障局',
    type: 'medical_insurance',
    level: 'county',
    region: '440981',
  },
  {
    id: 'civil-affairs-370323',
    name: '沂源县民政局',
    type: 'civil_affairs',
    level: 'county',
    region: '370323',
  },
  // Finance.
  {
    id: 'finance-bureau-440983',
    name: '信宜市财政局',
    type: 'finance_bureau',
    level: 'county',
    region: '440983',
  },
];

export interface DemoPerson {
  /** Stable UUID: the token `sub` and the Keycloak user id. */
  id: string;
  username: string;
  familyName: string;
  givenName: string;
  /** Chinese order, no space: family name then given name. */
  displayName: string;
  orgId: string;
  roles: readonly Role[];
}

function person(
  username: string,
  familyName: string,
  givenName: string,
  orgId: string,
  roles: Role[],
): DemoPerson {
  return {
    id: stableUuid(`user:${username}`),
    username,
    familyName,
    givenName,
    displayName: `${familyName}${givenName}`,
    orgId,
    roles,
  };
}

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  // 信宜市人民法院
  person('xinyi.caseworker', '林', '晓梅', 'court-440983', ['caseworker']),
  person('xinyi.caseworker2', '陈', '志强', 'court-440983', ['caseworker']),
  person('xinyi.head', '黄', '建华', 'court-440983', ['department_head']),
  person('xinyi.chief', '梁', '国栋', 'court-440983', ['chief']),
  person('xinyi.committee', '李', '秀英', 'court-440983', ['committee_member']),
  person('xinyi.finance', '吴', '丽娟', 'court-440983', ['finance_officer']),
  person('xinyi.referrer', '张', '伟', 'court-440983', ['lead_referrer']),
  person('xinyi.admin', '何', '俊', 'court-440983', ['admin']),
  // 高州市人民法院
  person('gaozhou.caseworker', '杨', '文静', 'court-440981', ['caseworker']),
  person('gaozhou.head', '钟', '伟明', 'court-440981', ['department_head']),
  // 茂名市中级人民法院
  person('maoming.caseworker', '周', '海燕', 'court-440900', ['caseworker']),
  person('maoming.head', '郑', '振华', 'court-440900', ['department_head']),
  person('maoming.chief', '冯', '建军', 'court-440900', ['chief']),
  person('maoming.supervisor', '罗', '志明', 'court-440900', ['supervisor']),
  // 广东省高级人民法院
  person('guangdong.supervisor', '谢', '文华', 'court-440000', ['supervisor']),
  // 高州市人民检察院
  person('gaozhou-jcy.caseworker', '邓', '丽华', 'procuratorate-440981', ['caseworker']),
  person('gaozhou-jcy.head', '许', '志坚', 'procuratorate-440981', ['department_head']),
  person('gaozhou-jcy.chief', '曾', '宪明', 'procuratorate-440981', ['chief']),
  person('gaozhou-jcy.committee', '彭', '美玲', 'procuratorate-440981', ['committee_member']),
  person('gaozhou-jcy.finance', '苏', '晓燕', 'procuratorate-440981', ['finance_officer']),
  person('gaozhou-jcy.referrer', '蔡', '明', 'procuratorate-440981', ['lead_referrer']),
  // 信宜市人民检察院
  person('xinyi-jcy.caseworker', '钟', '玉兰', 'procuratorate-440983', ['caseworker']),
  // 茂名市人民检察院
  person('maoming-jcy.caseworker', '潘', '雪梅', 'procuratorate-440900', ['caseworker']),
  person('maoming-jcy.supervisor', '叶', '建平', 'procuratorate-440900', ['supervisor']),
  // 广东省人民检察院
  person('guangdong-jcy.supervisor', '袁', '振宇', 'procuratorate-440000', ['supervisor']),
  // 沂源县人民检察院
  person('yiyuan-jcy.caseworker', '刘', '芳', 'procuratorate-370323', ['caseworker']),
  person('yiyuan-jcy.head', '赵', '刚', 'procuratorate-370323', ['department_head']),
  person('yiyuan-jcy.chief', '马', '卫东', 'procuratorate-370323', ['chief']),
  person('yiyuan-jcy.finance', '高', '红梅', 'procuratorate-370323', ['finance_officer']),
  person('yiyuan-jcy.referrer', '李', '强', 'procuratorate-370323', ['lead_referrer']),
  // 淄博市人民检察院
  person('zibo-jcy.caseworker', '孙', '静', 'procuratorate-370300', ['caseworker']),
  person('zibo-jcy.supervisor', '王', '立新', 'procuratorate-370300', ['supervisor']),
  // 山东省人民检察院
  person('shandong-jcy.supervisor', '董', '建国', 'procuratorate-370000', ['supervisor']),
  // Lead referrers outside the handling agencies
  person('xinyi-police.referrer', '覃', '志勇', 'public-security-440983', ['lead_referrer']),
  person('xinyi-justice.referrer', '梁', '少华', 'justice-bureau-440983', ['lead_referrer']),
  // Partner departments
  person('maoming-civil.officer', '庞', '丽', 'civil-affairs-440900', ['partner_officer']),
  person('xinyi-civil.officer', '廖', '春燕', 'civil-affairs-440983', ['partner_officer']),
  person('xinyi-rural.officer', '朱', '国强', 'rural-revitalisation-440983', ['partner_officer']),
  person('xinyi-women.officer', '韦', '小红', 'womens-federation-440983', ['partner_officer']),
  person('xinyi-disabled.officer', '莫', '振东', 'disabled-persons-federation-440983', ['partner_officer']),
  person('xinyi-veterans.officer', '骆', '军', 'veterans-affairs-440983', ['partner_officer']),
  person('xinyi-education.officer', '甘', '慧敏', 'education-440983', ['partner_officer']),
  person('gaozhou-medical.officer', '柯', '永康', 'medical-insurance-440981', ['partner_officer']),
  person('yiyuan-civil.officer', '牛', '晓东', 'civil-affairs-370323', ['partner_officer']),
  // 信宜市财政局
  person('xinyi-finance.officer', '温', '海涛', 'finance-bureau-440983', ['finance_officer']),
];

export { PORTAL_CLIENT_ID } from '@jiuzhu/contracts';

/**
 * The portal server's confidential client. Its service account may read the organisation directory (groups)
 * through the Admin REST API, which the portal offers signed-in people read-only; it holds no Jiuzhu role.
 */
export const PORTAL_SERVER_CLIENT_ID = 'jiuzhu-portal-server';

/** Confidential clients the six services use for client-credentials tokens. */
export const SERVICE_CLIENT_IDS = [
  'jiuzhu-intake',
  'jiuzhu-investigation',
  'jiuzhu-approval',
  'jiuzhu-payments',
  'jiuzhu-referral',
  'jiuzhu-followup',
] as const;
export type ServiceClientId = (typeof SERVICE_CLIENT_IDS)[number];

/** Every confidential client of the realm: the six services and the portal server. */
export const CONFIDENTIAL_CLIENT_IDS: readonly string[] = [...SERVICE_CLIENT_IDS, PORTAL_SERVER_CLIENT_ID];

const organisationsById = new Map(
  [PLATFORM_ORGANISATION, ...DEMO_ORGANISATIONS].map((organisation) => [organisation.id, organisation]),
);
const peopleByUsername = new Map(DEMO_PEOPLE.map((entry) => [entry.username, entry]));
const peopleById = new Map(DEMO_PEOPLE.map((entry) => [entry.id, entry]));

export function findOrganisation(id: string): Organisation | undefined {
  return organisationsById.get(id);
}

export function findPersonByUsername(username: string): DemoPerson | undefined {
  return peopleByUsername.get(username);
}

export function findPersonById(id: string): DemoPerson | undefined {
  return peopleById.get(id);
}

/** The organisation a demo person belongs to (the directory guarantees it exists). */
export function organisationOf(entry: DemoPerson): Organisation {
  const organisation = organisationsById.get(entry.orgId);
  if (!organisation)
    throw new Error(`demo directory: ${entry.username} belongs to unknown organisation ${entry.orgId}`);
  return organisation;
}

export interface DemoUserListing {
  username: string;
  displayName: string;
  roles: Role[];
  orgId: string;
  orgName: string;
}

/** Every demo person with their organisation, for the start command to print next to {@link DEMO_PASSWORD}. */
export function demoUsers(): DemoUserListing[] {
  return DEMO_PEOPLE.map((entry) => ({
    username: entry.username,
    displayName: entry.displayName,
    roles: [...entry.roles],
    orgId: entry.orgId,
    orgName: organisationOf(entry).name,
  }));
}
