import { beijingDateTimeText } from '@jiuzhu/calendar';
import type { Language } from './messages.ts';

/** Names of contract values (enums) for people; an unknown value (a newer contract) shows as itself. */
const LEAD_SOURCES: Record<string, Record<Language, string>> = {
  internal_department: { zh: '内部部门移送', en: 'Internal department' },
  own_application: { zh: '当事人申请', en: 'Own application' },
  ex_officio: { zh: '依职权发现', en: 'Ex officio' },
  partner_department: { zh: '协作部门移送', en: 'Partner department' },
  superior_agency: { zh: '上级机关交办', en: 'Superior agency' },
};

const VISIT_METHODS: Record<string, Record<Language, string>> = {
  phone: { zh: '电话回访', en: 'Phone call' },
  home_visit: { zh: '上门回访', en: 'Home visit' },
  village_committee: { zh: '村（居）委会回访', en: 'Through the village committee' },
};

const STATUSES: Record<string, Record<Language, string>> = {
  open: { zh: '办理中', en: 'Open' },
  sent: { zh: '已移送', en: 'Sent' },
  scheduled: { zh: '已安排', en: 'Scheduled' },
};

const REFERRAL_STAGES: Record<string, Record<Language, string>> = {
  arrest_review: { zh: '审查逮捕', en: 'Arrest review' },
  prosecution_review: { zh: '审查起诉', en: 'Prosecution review' },
  trial: { zh: '审判', en: 'Trial' },
  enforcement: { zh: '执行', en: 'Enforcement' },
  appeal: { zh: '申诉', en: 'Appeal' },
};

const URGENT_REASONS: Record<string, Record<Language, string>> = {
  urgent_medical: { zh: '急需医疗救治', en: 'Urgent medical treatment' },
  registered_poor: { zh: '建档立卡贫困户', en: 'Registered poor household' },
};

const LEAD_STATUSES: Record<string, Record<Language, string>> = {
  pending: { zh: '待审查', en: 'Pending' },
  accepted: { zh: '已受理', en: 'Accepted' },
  declined: { zh: '不予受理', en: 'Declined' },
};

const DEADLINES: Record<string, Record<Language, string>> = {
  ok: { zh: '期限内', en: 'On time' },
  near: { zh: '即将到期', en: 'Due soon' },
  past: { zh: '已超期', en: 'Overdue' },
};

const HISTORY_ACTIONS: Record<string, Record<Language, string>> = {
  received: { zh: '收到线索', en: 'Received' },
  transferred: { zh: '移送', en: 'Transferred' },
  duplicate_checked: { zh: '查重', en: 'Duplicate check' },
  duplicate_decided: { zh: '查重决定', en: 'Duplicate decision' },
  accepted: { zh: '受理立案', en: 'Accepted' },
  declined: { zh: '不予受理', en: 'Declined' },
};

const PERSON_ROLES: Record<string, Record<Language, string>> = {
  applicant: { zh: '申请人', en: 'Applicant' },
  victim: { zh: '被害人', en: 'Victim' },
  relative: { zh: '近亲属', en: 'Close relative' },
};

const lookup = (table: Record<string, Record<Language, string>>) => (value: string, language: Language) =>
  table[value]?.[language] ?? value;

export const leadSourceLabel = lookup(LEAD_SOURCES);
export const visitMethodLabel = lookup(VISIT_METHODS);
export const statusLabel = lookup(STATUSES);
export const referralStageLabel = lookup(REFERRAL_STAGES);
export const urgentReasonLabel = lookup(URGENT_REASONS);
export const leadStatusLabel = lookup(LEAD_STATUSES);
export const deadlineLabel = lookup(DEADLINES);
export const historyActionLabel = lookup(HISTORY_ACTIONS);
export const personRoleLabel = lookup(PERSON_ROLES);

const yuan = new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' });
export function formatFen(fen: number): string {
  return yuan.format(fen / 100);
}

/** Beijing time whatever the browser's zone, like the dates the services keep (working days, deadlines). */
export function formatDateTime(iso: string): string {
  return beijingDateTimeText(iso);
}
