import { ROLE_LABELS, Role, STEP_ROLES, type Principal } from '@jiuzhu/contracts';

/**
 * The one place that answers "may this person do X to this case". Rules are data: to add an action, add a row
 * to POLICY (the Action type follows).
 */

/** Which people, among those holding a permitted role, may act on a given case. */
export type Reach =
  /** Only people of the case's handling organisation. */
  | 'handling_org'
  /**
   * People of the handling organisation, and the superior agency's overseers: supervisors, chiefs and committee
   * members of its parent organisation (who also approve at the superior step). Only read actions use it.
   */
  | 'handling_org_or_superior'
  /**
   * People of the handling organisation, and the superior agency's approvers: chiefs and committee members of its
   * parent organisation, who decide at the superior step and on reviews (the service checks the step is theirs).
   */
  | 'handling_org_or_superior_approvers'
  /** Anyone with the role, whatever their organisation. */
  | 'any_org';

export interface ActionRule {
  /** Roles that may perform the action. Service accounts (the `service` role) perform none of them. */
  roles: readonly Role[];
  reach: Reach;
  /** What the action is, in Chinese, as it appears in refusals ("无权{description}"). */
  description: string;
}

/** Roles of a parent organisation that read (never act on) the cases and money of the agencies below it. */
const SUPERIOR_OVERSEERS: readonly Role[] = ['supervisor', 'chief', 'committee_member'];

/** Roles of a parent organisation that approve at the superior step (and decide reviews) for the agencies below. */
const SUPERIOR_APPROVERS: readonly Role[] = STEP_ROLES.superior;

const EVERY_PERSON_ROLE: readonly Role[] = Role.options.filter((role) => role !== 'service');

/** The people who work a case: its caseworkers, their department head, the chief and the committee. */
const CASE_HANDLERS: readonly Role[] = ['caseworker', 'department_head', 'chief', 'committee_member'];

/**
 * The one refusal for a case (or anything of a case) the caller's agency does not handle, whether or not it
 * exists: the answer must not tell an outsider which case ids are real.
 */
export const OUT_OF_REACH =
  '未找到该案件或事项，或它不属于您所在机构办理的范围。请核对后重试；如确需查阅，请联系承办机构。';

export const POLICY = {
  // A lead may be passed to any handling agency: internal departments, public security, partners, superiors
  // and transfers from another agency all send leads in; the receiving agency accepts or transfers them.
  'lead.create': {
    roles: ['caseworker', 'lead_referrer', 'partner_officer'],
    reach: 'any_org',
    description: '登记案源线索',
  },
  // Leads held by a court or procuratorate: its case-handling people read them; internal referrers and partners
  // see only the leads they sent (checked by the intake service).
  'lead.read': {
    roles: ['caseworker', 'department_head', 'chief', 'committee_member'],
    reach: 'handling_org',
    description: '查看本机构收到的案源线索',
  },
  'lead.decide': {
    roles: ['caseworker'],
    reach: 'handling_org',
    description: '受理、移送或不予受理案源线索',
  },
  // A lead transferred to public security or a justice bureau is handled there by its lead referrers.
  'transfer.respond': {
    roles: ['lead_referrer'],
    reach: 'handling_org',
    description: '处理移送来的案源线索',
  },
  'person.reveal': {
    roles: ['caseworker', 'department_head'],
    reach: 'handling_org',
    description: '查看当事人完整个人信息',
  },
  'alerts.read': {
    roles: ['department_head', 'chief'],
    reach: 'handling_org',
    description: '查看审查期限预警',
  },
  // That the case exists, its number, stage, amounts and the masked applicant. Finance needs it to pay; lead
  // referrers, partners and administrators do not (administrators configure, they do not read cases).
  'case.read': {
    roles: [...CASE_HANDLERS, 'finance_officer', 'supervisor'],
    reach: 'handling_org_or_superior',
    description: '查看该案件',
  },
  // What happened and the proof: the facts found, the review report (审查报告) and the evidence (attachments). Only
  // those who work or decide the case, and the superior agency's approvers it may go up to; not finance.
  'case.facts.read': {
    roles: CASE_HANDLERS,
    reach: 'handling_org_or_superior_approvers',
    description: '查看案件事实、审查报告和证据材料',
  },
  'investigation.record': { roles: ['caseworker'], reach: 'handling_org', description: '记录调查核实情况' },
  // Amount rule tables (救助金额标准) are regional data every handling agency reads; only administrators
  // publish new versions (the service also limits them to their own region).
  'ruletable.read': { roles: EVERY_PERSON_ROLE, reach: 'any_org', description: '查看救助金额标准' },
  'ruletable.publish': { roles: ['admin'], reach: 'any_org', description: '发布救助金额标准' },
  'decision.record': {
    roles: ['department_head', 'chief', 'committee_member'],
    reach: 'handling_org',
    description: '作出审批决定',
  },
  'payment.record': { roles: ['finance_officer'], reach: 'handling_org', description: '登记救助金发放' },
  // Amounts, decisions and payments: never partner departments, lead referrers or administrators.
  'money.read': {
    roles: [...CASE_HANDLERS, 'finance_officer', 'supervisor'],
    reach: 'handling_org_or_superior',
    description: '查看救助金额与发放情况',
  },
  'approval.submit': { roles: ['caseworker'], reach: 'handling_org', description: '报请审批' },
  // The target is the case; the approval service then checks that the step (or the review) is the caller's
  // organisation's: the handling agency's own steps, or the superior agency's.
  'approval.act': {
    roles: ['department_head', 'chief', 'committee_member'],
    reach: 'handling_org_or_superior_approvers',
    description: '在审批环节作出审批意见',
  },
  'approval.configure': { roles: ['admin'], reach: 'handling_org', description: '配置审批流程' },
  // The target is the caller's own agency; alerts addressed to it (incl. escalations from subordinate agencies).
  'approval.alerts.read': {
    roles: ['department_head', 'chief', 'committee_member', 'supervisor'],
    reach: 'handling_org',
    description: '查看审批临期、超期及督办提醒',
  },
  'decision.serve': { roles: ['caseworker'], reach: 'handling_org', description: '登记决定书送达' },
  // Advance assistance takes the reduced path: the chief alone approves it.
  'advance.approve': { roles: ['chief'], reach: 'handling_org', description: '批准先行救助' },
  'budget.manage': { roles: ['finance_officer'], reach: 'handling_org', description: '管理救助资金预算' },
  // Donation money arriving (捐助款到账) becomes the agency's donation budget.
  'donation.receive': { roles: ['finance_officer'], reach: 'handling_org', description: '登记捐助款到账' },
  // The full bank account of a payee; every read is audited by the payments service.
  'bankaccount.reveal': {
    roles: ['finance_officer'],
    reach: 'handling_org',
    description: '查看收款人完整银行账号',
  },
  'referral.record': { roles: ['caseworker'], reach: 'handling_org', description: '登记衔接移送' },
  // The referring agency follows its referrals: status, outcome and the funnel per batch and partner.
  'referral.read': {
    roles: ['caseworker', 'department_head', 'chief', 'committee_member', 'supervisor'],
    reach: 'handling_org_or_superior',
    description: '查看本机构的衔接移送情况',
  },
  // Partner departments work referrals addressed to them; the target is the partner organisation.
  'referral.respond': {
    roles: ['partner_officer'],
    reach: 'handling_org',
    description: '办理转介给本部门的衔接事项',
  },
  'referral.reveal': {
    roles: ['partner_officer'],
    reach: 'handling_org',
    description: '查看被转介人完整身份证号码和联系电话',
  },
  // Pledges by enterprises or charities a partner department organised, or recorded by the caseworker. The target
  // is the case for its caseworkers, and the partner department for a partner a referral of the case went to.
  'donation.record': {
    roles: ['partner_officer', 'caseworker'],
    reach: 'handling_org',
    description: '登记爱心捐助认捐',
  },
  // A partner department's officer reads the timeline entries of referrals addressed to their department only
  // (the follow-up service filters them); the target is the partner organisation.
  'timeline.partner-read': {
    roles: ['partner_officer'],
    reach: 'handling_org',
    description: '查看转介给本部门的案件动态',
  },
  'followup.schedule': { roles: ['caseworker'], reach: 'handling_org', description: '安排回访' },
  'followup.read': {
    roles: ['caseworker', 'department_head', 'chief'],
    reach: 'handling_org',
    description: '查看回访记录和观察台账',
  },
  'followup.record': { roles: ['caseworker'], reach: 'handling_org', description: '登记回访情况' },
  'followup.alerts': {
    roles: ['department_head', 'chief'],
    reach: 'handling_org',
    description: '查看回访发现的返贫预警',
  },
  'followup.close': {
    roles: ['caseworker', 'department_head'],
    reach: 'handling_org',
    description: '结束回访',
  },
  'followup.reopen': { roles: ['department_head'], reach: 'handling_org', description: '重新开启回访' },
  // The agency's visit plan: whoever reads follow-ups, and the administrator who configures it.
  'followup.plan.read': {
    roles: ['caseworker', 'department_head', 'chief', 'admin'],
    reach: 'handling_org',
    description: '查看本机构回访计划',
  },
  'followup.configure': {
    roles: ['department_head', 'admin'],
    reach: 'handling_org',
    description: '配置本机构回访计划',
  },
  // Joint meetings (联席会议) cover a region; the follow-up service limits callers to their own region.
  'jointmeeting.read': {
    roles: ['department_head', 'chief', 'supervisor'],
    reach: 'any_org',
    description: '查看联席会议材料和报告',
  },
  'jointmeeting.record': {
    roles: ['department_head', 'chief'],
    reach: 'any_org',
    description: '登记联席会议议定事项',
  },
} as const satisfies Record<string, ActionRule>;

export type Action = keyof typeof POLICY;

/** The case an action touches. */
export interface CaseTarget {
  handlingOrgId: string;
  /**
   * The handling organisation's parent (record `principal.org.parentId` of whoever opened the case). Needed
   * for the parent organisation's overseers to read the case; without it only the handling agency may.
   */
  handlingOrgParentId?: string;
}

export type Decision = { allowed: true } | { allowed: false; reason: string };

const ALLOWED: Decision = { allowed: true };

function deny(reason: string): Decision {
  return { allowed: false, reason };
}

function roleList(roles: readonly Role[]): string {
  return roles.map((role) => ROLE_LABELS[role]).join('、');
}

/**
 * May `principal` perform `action` (on `target`, when the action concerns a specific case)? Without a target
 * only the role is checked: pass one whenever a particular case is involved.
 */
export function authorize(principal: Principal, action: Action, target?: CaseTarget): Decision {
  const rule: ActionRule | undefined = POLICY[action];
  if (!rule) return deny(`未知的操作：${String(action)}。`);

  if (!principal.roles.some((role) => rule.roles.includes(role))) {
    const held = principal.roles.length > 0 ? `您的角色（${roleList(principal.roles)}）` : '您没有任何角色，';
    return deny(`${held}无权${rule.description}；需要以下角色之一：${roleList(rule.roles)}。`);
  }
  if (!target || rule.reach === 'any_org' || target.handlingOrgId === principal.org.id) return ALLOWED;

  const fromParent =
    target.handlingOrgParentId !== undefined && target.handlingOrgParentId === principal.org.id;
  const superiorRoles = SUPERIOR_ROLES[rule.reach];
  if (fromParent && principal.roles.some((role) => superiorRoles.includes(role))) return ALLOWED;
  return deny(OUT_OF_REACH);
}

/** Roles of the parent organisation each reach admits (besides the handling organisation's people). */
const SUPERIOR_ROLES: Readonly<Record<Reach, readonly Role[]>> = {
  handling_org: [],
  handling_org_or_superior: SUPERIOR_OVERSEERS,
  handling_org_or_superior_approvers: SUPERIOR_APPROVERS,
  any_org: [],
};

/** Thrown by assertAllowed; `message` is the Chinese reason, suitable for showing to the person. */
export class ForbiddenError extends Error {
  readonly code = 'FORBIDDEN';
  readonly action: Action;
  constructor(action: Action, reason: string) {
    super(reason);
    this.name = 'ForbiddenError';
    this.action = action;
  }
}

/** Like authorize, but throws ForbiddenError when the answer is no. */
export function assertAllowed(principal: Principal, action: Action, target?: CaseTarget): void {
  const decision = authorize(principal, action, target);
  if (!decision.allowed) throw new ForbiddenError(action, decision.reason);
}
