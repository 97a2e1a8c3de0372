import {
  formatOfficialNumber,
  OfficialNumberError,
  OrgLevel,
  type NumberingAgency,
  type Principal,
} from '@jiuzhu/contracts';
import type { Db, Tx } from './database.ts';
import { chinaYear } from './domain/chain.ts';
import type { ApprovalRequest, Decision, Prisma } from './generated/prisma/client.ts';

/** Why a decision cannot be numbered; the message tells the approver or the administrator what to do. */
export class DecisionNumberError extends Error {}

/** The handling agency as its submitting caseworker's token described it, for the record of the request. */
export const numberingFacts = (principal: Principal) => ({
  handlingOrgType: principal.org.type,
  handlingOrgLevel: principal.org.level,
  handlingOrgRegion: principal.org.region,
});

/**
 * The handling agency as its numbers need it: what was recorded at submission, or, for a request submitted
 * before that was recorded, the approver's own organisation when it is the handling agency.
 */
function agencyOf(request: ApprovalRequest, principal: Principal): NumberingAgency | null {
  const type = request.handlingOrgType;
  const level = OrgLevel.safeParse(request.handlingOrgLevel);
  if ((type === 'court' || type === 'procuratorate') && level.success && request.handlingOrgRegion)
    return { type, level: level.data, region: request.handlingOrgRegion };
  const { org } = principal;
  if (org.id === request.handlingOrgId && (org.type === 'court' || org.type === 'procuratorate'))
    return { type: org.type, level: org.level, region: org.region };
  return null;
}

/** The agency's next decision number of `year` (its series restarts every year), with its sequence. */
async function nextDecisionNumber(
  tx: Tx,
  request: ApprovalRequest,
  principal: Principal,
  pattern: string,
  year: number,
): Promise<{ sequence: number; decisionNumber: string }> {
  // The counter row stays locked until the transaction ends: concurrent decisions take consecutive sequences.
  const counter = await tx.decisionCounter.upsert({
    where: { orgId_year: { orgId: request.handlingOrgId, year } },
    create: { orgId: request.handlingOrgId, year, lastValue: 1 },
    update: { lastValue: { increment: 1 } },
  });
  const sequence = counter.lastValue;
  const agency = agencyOf(request, principal);
  try {
    // Only a pattern using {code} needs the agency; a pattern without it writes the code out.
    const decisionNumber = formatOfficialNumber({ kind: 'decision', agency, year, sequence, pattern });
    return { sequence, decisionNumber };
  } catch (error) {
    if (!(error instanceof OfficialNumberError)) throw error;
    throw new DecisionNumberError(
      agency
        ? error.message
        : '该案件报请审批时未记录承办机构的机关代字，无法编号：请退回承办人重新报请，或由系统管理员在审批流程配置中写明本机构代字。',
    );
  }
}

/** Whether the error is the unique index on decision numbers refusing a number another agency already holds. */
const isTakenNumber = (error: unknown) => {
  const { code, meta } = (error ?? {}) as { code?: unknown; meta?: unknown };
  return code === 'P2002' && JSON.stringify(meta ?? {}).includes('decision_number');
};

/**
 * Records the decision under the agency's next number of the year it is issued in (Beijing). A number another
 * agency already holds is refused by the unique index: a DecisionNumberError, and the transaction rolls back.
 */
export async function createNumberedDecision(
  tx: Tx,
  request: ApprovalRequest,
  principal: Principal,
  pattern: string,
  data: Omit<Prisma.DecisionUncheckedCreateInput, 'year' | 'sequence' | 'decisionNumber'> & {
    decidedAt: Date;
  },
): Promise<Decision> {
  const year = chinaYear(data.decidedAt);
  const { sequence, decisionNumber } = await nextDecisionNumber(tx, request, principal, pattern, year);
  return tx.decision.create({ data: { ...data, year, sequence, decisionNumber } }).catch((error: unknown) => {
    if (!isTakenNumber(error)) throw error;
    throw new DecisionNumberError(
      `决定书编号“${decisionNumber}”已被其他机构使用，本次审批未生效。请本机构系统管理员在审批流程配置中把决定书编号格式改为包含本机构代字（{code}）后，再审批。`,
    );
  });
}

/**
 * A pattern that writes the agency's code out instead of {code} must not be another agency's as well: their
 * numbers would be the same. (The unique index refuses such a number anyway; this says so when it is set.)
 */
export async function sharedPatternProblem(db: Db, orgId: string, pattern: string): Promise<string | null> {
  if (pattern.includes('{code}')) return null;
  const other = await db.chainConfig.findFirst({ where: { numberPattern: pattern, orgId: { not: orgId } } });
  return other
    ? '另一机构已使用相同的决定书编号格式，编号会重复。请在格式中写明本机构代字，或使用 {code}（本机构代字）。'
    : null;
}
