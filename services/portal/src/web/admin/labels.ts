import type { OrgLevel, OrgType } from '@jiuzhu/contracts';

export const ORG_TYPE_LABELS: Record<OrgType, [string, string]> = {
  court: ['人民法院', 'Court'],
  procuratorate: ['人民检察院', 'Procuratorate'],
  public_security: ['公安机关', 'Public security'],
  justice_bureau: ['司法行政机关', 'Justice bureau'],
  civil_affairs: ['民政部门', 'Civil affairs'],
  rural_revitalisation: ['乡村振兴部门', 'Rural revitalisation'],
  womens_federation: ['妇女联合会', "Women's federation"],
  disabled_persons_federation: ['残疾人联合会', "Disabled persons' federation"],
  veterans_affairs: ['退役军人事务部门', 'Veterans affairs'],
  education: ['教育部门', 'Education'],
  medical_insurance: ['医疗保障部门', 'Medical insurance'],
  human_resources: ['人力资源和社会保障部门', 'Human resources'],
  finance_bureau: ['财政部门', 'Finance bureau'],
};

export const ORG_LEVEL_LABELS: Record<OrgLevel, [string, string]> = {
  supreme: ['国家级', 'National'],
  provincial: ['省级', 'Provincial'],
  municipal: ['市级', 'Municipal'],
  county: ['县级', 'County'],
};
