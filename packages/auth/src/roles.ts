import type { Role } from '@jiuzhu/contracts';

/** Chinese names of the realm roles, for the messages people read. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  caseworker: '承办人',
  department_head: '部门负责人',
  chief: '院长/检察长',
  committee_member: '司法救助委员会委员',
  finance_officer: '财务人员',
  lead_referrer: '线索移送人',
  partner_officer: '协作部门工作人员',
  supervisor: '监督人员',
  admin: '系统管理员',
  service: '服务账号',
};
