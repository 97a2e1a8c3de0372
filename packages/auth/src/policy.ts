import { ROLE_LABELS, Role, type Principal } from '@jiuzhu/contracts';

/**
 * The one place that answers "may this person do X to this case". Rules are data: to add an action, add a row
 * to POLICY (the Action type follows).
 */

/** Which people, among those holding a permitted role, may act on a given case. */
export type Reach =
  /** Only people of the case's handling organisation. */
  | 'handling_org'
  /** People of the handling organisation, and supervisors of its parent organisation. */
  | 'handling_org_or_parent_supervisor'
  /** Anyone with the role, whatever their organisation. */
  | 'any_org';

export interface ActionRule {
  /** Roles that may perform the action. The `service` role (trusted service accounts) may perform any. */
  roles: readonly Role[];
  reach: Reach;
  /** What the action is, in Chinese, as it appears in refusals ("无权{description}"). */
  description: string;
}

const EVERY_PERSON_ROLE: readonly Role[] = Role.options.filter((role) => role !== 'service');

export const POLICY = {
  // A lead may be passed to any handling agency: internal departments, public security, partners, superiors
  // and transfers from another agency all send leads in; the receiving agency accepts or transfers them.
  'lead.create': { roles: ['caseworker', 'lead_referrer'], reach: 'any_org', description: '登记案源线索' },
  'case.read': {
    roles: EVERY_PERSON_ROLE,
    reach: 'handling_org_or_parent_supervisor',
    description: '查看该案件',
  },
  'investigation.record': { roles: ['caseworker'], reach: 'handling_org', description: '记录调查核实情况' },
  'decision.record': {
    roles: ['department_head', 'chief', 'committee_member'],
    reach: 'handling_org',
    description: '作出审批决定',
  },
  'payment.record': { roles: ['finance_officer'], reach: 'handling_org', description: '登记救助金发放' },
  'referral.record': { roles: ['caseworker'], reach: 'handling_org', description: '登记衔接移送' },
  'followup.schedule': { roles: ['caseworker'], reach: 'handling_org', description: '安排回访' },
  'followup.read': { roles: ['caseworker'], reach: 'handling_org', description: '查看回访记录' },
} as const satisfies Record<string, ActionRule>;

export type Action = keyof typeof POLICY;

/** The case an action touches. */
export interface CaseTarget {
  handlingOrgId: string;
  /**
   * The handling organisation's parent (record `principal.org.parentId` of whoever opened the case). Needed
   * for supervisors of the parent organisation to read the case; without it only the handling agency may.
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
  if (principal.roles.includes('service')) return ALLOWED;
  const rule: ActionRule | undefined = POLICY[action];
  if (!rule) return deny(`未知的操作：${String(action)}。`);

  if (!principal.roles.some((role) => rule.roles.includes(role))) {
    const held = principal.roles.length > 0 ? `您的角色（${roleList(principal.roles)}）` : '您没有任何角色，';
    return deny(`${held}无权${rule.description}；需要以下角色之一：${roleList(rule.roles)}。`);
  }
  if (!target || rule.reach === 'any_org' || target.handlingOrgId === principal.org.id) return ALLOWED;

  const supervisesParent =
    rule.reach === 'handling_org_or_parent_supervisor' &&
    principal.roles.includes('supervisor') &&
    target.handlingOrgParentId !== undefined &&
    target.handlingOrgParentId === principal.org.id;
  if (supervisesParent) return ALLOWED;

  return deny(
    rule.reach === 'handling_org_or_parent_supervisor'
      ? `该案件由其他机构承办，只有承办机构的人员或其上级机构的监督人员可以${rule.description}。`
      : `该案件由其他机构承办，只有承办机构（而非${principal.org.name}）的人员可以${rule.description}。`,
  );
}

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
