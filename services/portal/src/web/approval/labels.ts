/** Names of approval steps, statuses and actions, zh-CN and English. */
export const STEP_NAMES: Record<string, [string, string]> = {
  department_head: ['部门负责人', 'Department head'],
  chief: ['院长/检察长', 'Chief'],
  committee: ['司法救助委员会', 'Committee'],
  superior: ['上级机关', 'Superior agency'],
  caseworker: ['承办人', 'Caseworker'],
};
export const APPROVAL_STATUSES: Record<string, [string, string]> = {
  awaiting_submission: ['待提交审批', 'Awaiting submission'],
  in_progress: ['审批中', 'In progress'],
  returned: ['已退回补充调查', 'Returned'],
  approved: ['已决定救助', 'Approved'],
  refused: ['不予救助', 'Refused'],
};
export const APPROVAL_ACTIONS: Record<string, [string, string]> = {
  submit: ['提交审批', 'Submitted'],
  approve: ['同意', 'Approved'],
  reject: ['不同意', 'Rejected'],
  return: ['退回补充调查', 'Returned'],
  reopen: ['重新调查', 'Reopened'],
};
/** Deadline alerts (approval.listAlerts). */
export const ALERT_KINDS: Record<string, [string, string]> = {
  step_due_soon: ['审批临期', 'Step due soon'],
  step_overdue: ['审批超期', 'Step overdue'],
  step_escalated: ['超期督办', 'Escalated'],
  advance_due_soon: ['先行救助临期', 'Advance due soon'],
  advance_overdue: ['先行救助超期未结', 'Advance overdue'],
};
/** Advance assistance (先行救助) statuses. */
export const ADVANCE_STATUSES: Record<string, [string, string]> = {
  requested: ['待院长/检察长审批', 'Awaiting the chief'],
  approved: ['已批准', 'Approved'],
  rejected: ['不予批准', 'Rejected'],
};
export const pick = (table: Record<string, [string, string]>, key: string, language: 'zh' | 'en') =>
  table[key]?.[language === 'zh' ? 0 : 1] ?? key;
