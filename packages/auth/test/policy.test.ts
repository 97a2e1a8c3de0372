import type { Principal, Role } from '@jiuzhu/contracts';
import { findOrganisation, findPersonByUsername, PLATFORM_ORGANISATION } from '@jiuzhu/identity';
import { describe, expect, it } from 'vitest';
import { assertAllowed, authorize, ForbiddenError, OUT_OF_REACH, POLICY } from '../src/index.ts';

/** The principal the guard would build for a demo person. */
function principalOf(username: string): Principal {
  const person = findPersonByUsername(username)!;
  return {
    userId: person.id,
    username,
    displayName: person.displayName,
    org: findOrganisation(person.orgId)!,
    roles: [...person.roles],
  };
}

const xinyiCase = { handlingOrgId: 'court-440983', handlingOrgParentId: 'court-440900' };

describe('policy', () => {
  it('refuses a role that may not perform the action, saying which roles may', () => {
    const decision = authorize(principalOf('xinyi.caseworker'), 'decision.record', xinyiCase);
    expect(decision).toEqual({ allowed: false, reason: expect.stringContaining('承办人') });
    expect(decision.allowed === false && decision.reason).toContain('部门负责人');
  });

  it('refuses people of another agency, even with the right role, without saying whose case it is', () => {
    expect(authorize(principalOf('gaozhou.caseworker'), 'investigation.record', xinyiCase)).toEqual({
      allowed: false,
      reason: OUT_OF_REACH,
    });
    expect(authorize(principalOf('gaozhou.caseworker'), 'case.read', xinyiCase)).toEqual({
      allowed: false,
      reason: OUT_OF_REACH,
    });
    expect(OUT_OF_REACH).not.toMatch(/信宜|高州|court-/);
  });

  it('allows people of the handling agency with the right role', () => {
    expect(authorize(principalOf('xinyi.caseworker'), 'investigation.record', xinyiCase)).toEqual({
      allowed: true,
    });
    expect(authorize(principalOf('xinyi.chief'), 'decision.record', xinyiCase)).toEqual({ allowed: true });
    expect(authorize(principalOf('xinyi.finance'), 'payment.record', xinyiCase)).toEqual({ allowed: true });
    expect(authorize(principalOf('xinyi.committee'), 'case.read', xinyiCase)).toEqual({ allowed: true });
  });

  it('lets supervisors of the parent organisation read, and only read', () => {
    const maomingSupervisor = principalOf('maoming.supervisor');
    expect(authorize(maomingSupervisor, 'case.read', xinyiCase)).toEqual({ allowed: true });
    expect(authorize(maomingSupervisor, 'followup.read', xinyiCase).allowed).toBe(false);
    expect(authorize(maomingSupervisor, 'decision.record', xinyiCase).allowed).toBe(false);
    // Without the parent on record, only the handling agency itself may read.
    expect(authorize(maomingSupervisor, 'case.read', { handlingOrgId: 'court-440983' }).allowed).toBe(false);
  });

  it("lets the parent organisation's chief, who approves at the superior step, read the case and its money, not act", () => {
    const maomingChief = principalOf('maoming.chief');
    expect(authorize(maomingChief, 'case.read', xinyiCase)).toEqual({ allowed: true });
    expect(authorize(maomingChief, 'money.read', xinyiCase)).toEqual({ allowed: true });
    expect(authorize(maomingChief, 'decision.record', xinyiCase).allowed).toBe(false);
    expect(authorize(maomingChief, 'payment.record', xinyiCase).allowed).toBe(false);
    expect(authorize(maomingChief, 'advance.approve', xinyiCase).allowed).toBe(false);
  });

  it('does not extend parent oversight to other people of the parent, or to higher levels', () => {
    expect(authorize(principalOf('maoming.caseworker'), 'case.read', xinyiCase).allowed).toBe(false);
    expect(authorize(principalOf('guangdong.supervisor'), 'case.read', xinyiCase).allowed).toBe(false);
    expect(authorize(principalOf('maoming-jcy.supervisor'), 'case.read', xinyiCase).allowed).toBe(false);
  });

  it('lets referrers pass a lead to any agency', () => {
    expect(authorize(principalOf('xinyi-police.referrer'), 'lead.create', xinyiCase)).toEqual({
      allowed: true,
    });
    expect(authorize(principalOf('xinyi-civil.officer'), 'lead.create', xinyiCase)).toEqual({
      allowed: true,
    });
    expect(authorize(principalOf('xinyi.finance'), 'lead.create', xinyiCase).allowed).toBe(false);
  });

  it('keeps leads to the receiving agency: its case handlers read and decide, referrers and partners do not', () => {
    expect(authorize(principalOf('xinyi.caseworker'), 'lead.decide', xinyiCase)).toEqual({ allowed: true });
    expect(authorize(principalOf('xinyi.head'), 'lead.read', xinyiCase)).toEqual({ allowed: true });
    expect(authorize(principalOf('xinyi.head'), 'lead.decide', xinyiCase).allowed).toBe(false);
    expect(authorize(principalOf('xinyi.referrer'), 'lead.read', xinyiCase).allowed).toBe(false);
    expect(authorize(principalOf('xinyi-civil.officer'), 'lead.read', xinyiCase).allowed).toBe(false);
    expect(authorize(principalOf('gaozhou.caseworker'), 'lead.decide', xinyiCase).allowed).toBe(false);
    const policeLead = { handlingOrgId: 'public-security-440983' };
    expect(authorize(principalOf('xinyi-police.referrer'), 'transfer.respond', policeLead)).toEqual({
      allowed: true,
    });
  });

  it('lets only caseworkers and heads of the agency reveal personal data, and only heads read deadline alerts', () => {
    expect(authorize(principalOf('xinyi.caseworker'), 'person.reveal', xinyiCase)).toEqual({ allowed: true });
    expect(authorize(principalOf('xinyi.finance'), 'person.reveal', xinyiCase).allowed).toBe(false);
    expect(authorize(principalOf('gaozhou.head'), 'person.reveal', xinyiCase).allowed).toBe(false);
    expect(authorize(principalOf('xinyi.head'), 'alerts.read', xinyiCase)).toEqual({ allowed: true });
    expect(authorize(principalOf('xinyi.caseworker'), 'alerts.read', xinyiCase).allowed).toBe(false);
  });

  it('lets only administrators publish amount rule tables, which everyone may read', () => {
    expect(authorize(principalOf('xinyi.admin'), 'ruletable.publish')).toEqual({ allowed: true });
    const refused = authorize(principalOf('xinyi.caseworker'), 'ruletable.publish');
    expect(refused).toEqual({ allowed: false, reason: expect.stringContaining('系统管理员') });
    expect(authorize(principalOf('gaozhou.caseworker'), 'ruletable.read')).toEqual({ allowed: true });
  });

  it('checks only the role when no case is given', () => {
    expect(authorize(principalOf('yiyuan-jcy.caseworker'), 'followup.schedule')).toEqual({ allowed: true });
    expect(authorize(principalOf('yiyuan-jcy.head'), 'followup.schedule').allowed).toBe(false);
  });

  it('lets service accounts perform no person-facing action, on any case or none', () => {
    const service: Principal = {
      userId: 'jiuzhu-intake',
      username: 'service-account-jiuzhu-intake',
      displayName: 'service-account-jiuzhu-intake',
      org: PLATFORM_ORGANISATION,
      roles: ['service'],
    };
    for (const action of Object.keys(POLICY) as Array<keyof typeof POLICY>) {
      expect(authorize(service, action, xinyiCase).allowed, action).toBe(false);
      expect(authorize(service, action).allowed, action).toBe(false);
    }
  });

  it('keeps the facts, the review report and the evidence to those who work or decide the case', () => {
    for (const username of ['xinyi.caseworker', 'xinyi.head', 'xinyi.chief', 'xinyi.committee'])
      expect(authorize(principalOf(username), 'case.facts.read', xinyiCase), username).toEqual({
        allowed: true,
      });
    for (const username of ['xinyi.finance', 'xinyi.referrer', 'xinyi.admin', 'xinyi-civil.officer'])
      expect(authorize(principalOf(username), 'case.facts.read', xinyiCase).allowed, username).toBe(false);
    // The superior agency's approvers may have the case before them; its supervisors read statistics, not proof.
    expect(authorize(principalOf('maoming.chief'), 'case.facts.read', xinyiCase)).toEqual({ allowed: true });
    expect(authorize(principalOf('maoming.supervisor'), 'case.facts.read', xinyiCase).allowed).toBe(false);
    expect(authorize(principalOf('maoming.head'), 'case.facts.read', xinyiCase).allowed).toBe(false);
  });

  it('lets finance read the case and its money to pay it, and keeps lead referrers and administrators out', () => {
    const finance = principalOf('xinyi.finance');
    expect(authorize(finance, 'case.read', xinyiCase)).toEqual({ allowed: true });
    expect(authorize(finance, 'money.read', xinyiCase)).toEqual({ allowed: true });
    for (const username of ['xinyi.referrer', 'xinyi.admin']) {
      const refused = authorize(principalOf(username), 'case.read', xinyiCase);
      expect(refused, username).toEqual({
        allowed: false,
        reason: expect.stringContaining('无权查看该案件'),
      });
      expect(authorize(principalOf(username), 'money.read', xinyiCase).allowed, username).toBe(false);
    }
  });

  it("lets the superior agency's approvers, and nobody else of it, act on a case below it", () => {
    expect(authorize(principalOf('maoming.chief'), 'approval.act', xinyiCase)).toEqual({ allowed: true });
    expect(authorize(principalOf('maoming.head'), 'approval.act', xinyiCase).allowed).toBe(false);
    expect(authorize(principalOf('gaozhou.head'), 'approval.act', xinyiCase)).toEqual({
      allowed: false,
      reason: OUT_OF_REACH,
    });
  });

  it('keeps amounts and payments from partner departments and referrers', () => {
    expect(authorize(principalOf('xinyi-civil.officer'), 'case.read', xinyiCase).allowed).toBe(false);
    expect(authorize(principalOf('xinyi-civil.officer'), 'money.read', xinyiCase).allowed).toBe(false);
    expect(authorize(principalOf('xinyi.referrer'), 'money.read', xinyiCase).allowed).toBe(false);
    expect(authorize(principalOf('xinyi.caseworker'), 'money.read', xinyiCase).allowed).toBe(true);
    expect(authorize(principalOf('maoming.supervisor'), 'money.read', xinyiCase).allowed).toBe(true);
  });

  it('lets a partner department work only the referrals addressed to it, and the referring agency follow them', () => {
    const toXinyiCivil = { handlingOrgId: 'civil-affairs-440983' };
    expect(authorize(principalOf('xinyi-civil.officer'), 'referral.respond', toXinyiCivil).allowed).toBe(
      true,
    );
    expect(authorize(principalOf('xinyi-civil.officer'), 'referral.reveal', toXinyiCivil).allowed).toBe(true);
    expect(authorize(principalOf('yiyuan-civil.officer'), 'referral.respond', toXinyiCivil).allowed).toBe(
      false,
    );
    expect(authorize(principalOf('xinyi.caseworker'), 'referral.respond', toXinyiCivil).allowed).toBe(false);
    expect(authorize(principalOf('xinyi-civil.officer'), 'referral.read', xinyiCase).allowed).toBe(false);
    expect(authorize(principalOf('xinyi.head'), 'referral.read', xinyiCase).allowed).toBe(true);
    expect(authorize(principalOf('xinyi.head'), 'referral.record', xinyiCase).allowed).toBe(false);
  });

  it('keeps follow-up to the handling agency: caseworkers record visits, heads see alerts and reopen', () => {
    const caseworker = principalOf('xinyi.caseworker');
    const head = principalOf('xinyi.head');
    expect(authorize(caseworker, 'followup.record', xinyiCase)).toEqual({ allowed: true });
    expect(authorize(caseworker, 'followup.close', xinyiCase)).toEqual({ allowed: true });
    expect(authorize(caseworker, 'followup.reopen', xinyiCase).allowed).toBe(false);
    expect(authorize(caseworker, 'followup.alerts', xinyiCase).allowed).toBe(false);
    expect(authorize(head, 'followup.alerts', xinyiCase)).toEqual({ allowed: true });
    expect(authorize(head, 'followup.reopen', xinyiCase)).toEqual({ allowed: true });
    expect(authorize(head, 'followup.read', xinyiCase)).toEqual({ allowed: true });
    expect(authorize(principalOf('gaozhou.caseworker'), 'followup.read', xinyiCase).allowed).toBe(false);
    expect(authorize(principalOf('gaozhou.head'), 'followup.alerts', xinyiCase).allowed).toBe(false);
    for (const action of [
      'followup.read',
      'followup.record',
      'followup.alerts',
      'jointmeeting.read',
    ] as const)
      expect(authorize(principalOf('xinyi-civil.officer'), action, xinyiCase).allowed).toBe(false);
    expect(authorize(principalOf('maoming.supervisor'), 'jointmeeting.read')).toEqual({ allowed: true });
    expect(authorize(principalOf('maoming.supervisor'), 'jointmeeting.record').allowed).toBe(false);
    expect(authorize(caseworker, 'jointmeeting.record').allowed).toBe(false);
  });

  it('lets approvers act only for their own organisation, and finance officers manage only their budgets', () => {
    const maomingStep = { handlingOrgId: 'court-440900' };
    expect(authorize(principalOf('maoming.chief'), 'approval.act', maomingStep).allowed).toBe(true);
    expect(authorize(principalOf('xinyi.chief'), 'approval.act', maomingStep).allowed).toBe(false);
    expect(authorize(principalOf('xinyi.caseworker'), 'approval.act', xinyiCase).allowed).toBe(false);
    expect(authorize(principalOf('xinyi.caseworker'), 'approval.submit', xinyiCase).allowed).toBe(true);
    expect(authorize(principalOf('xinyi.finance'), 'budget.manage', xinyiCase).allowed).toBe(true);
    expect(authorize(principalOf('gaozhou-jcy.finance'), 'budget.manage', xinyiCase).allowed).toBe(false);
    expect(authorize(principalOf('xinyi.admin'), 'approval.configure', xinyiCase).allowed).toBe(true);
    expect(authorize(principalOf('xinyi.admin'), 'followup.plan.read', xinyiCase).allowed).toBe(true);
    expect(authorize(principalOf('xinyi.admin'), 'followup.read', xinyiCase).allowed).toBe(false);
    expect(authorize(principalOf('gaozhou.head'), 'followup.plan.read', xinyiCase).allowed).toBe(false);
    expect(authorize(principalOf('xinyi.finance'), 'followup.plan.read', xinyiCase).allowed).toBe(false);
    expect(authorize(principalOf('xinyi.caseworker'), 'decision.serve', xinyiCase).allowed).toBe(true);
    expect(authorize(principalOf('xinyi.chief'), 'advance.approve', xinyiCase).allowed).toBe(true);
    expect(authorize(principalOf('xinyi.head'), 'advance.approve', xinyiCase).allowed).toBe(false);
  });

  it('refuses someone without roles', () => {
    const nobody = { ...principalOf('xinyi.caseworker'), roles: [] as Role[] };
    expect(authorize(nobody, 'case.read', xinyiCase)).toEqual({
      allowed: false,
      reason: expect.stringContaining('没有任何角色'),
    });
  });

  it('assertAllowed throws a ForbiddenError carrying the Chinese reason', () => {
    const attempt = () => assertAllowed(principalOf('xinyi.caseworker'), 'payment.record', xinyiCase);
    expect(attempt).toThrow(ForbiddenError);
    expect(attempt).toThrow('无权登记救助金发放');
    expect(() => assertAllowed(principalOf('xinyi.finance'), 'payment.record', xinyiCase)).not.toThrow();
  });
});
