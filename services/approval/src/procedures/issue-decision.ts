import { decisionIssued, type Principal } from '@jiuzhu/contracts';
import { actorOf, type CaseAccess } from '@jiuzhu/service-kit';
import { closeAdvanceAlerts } from '../alerts.ts';
import type { ApprovalContext } from '../context.ts';
import type { Tx } from '../database.ts';
import { chainConfigOf } from '../db/chain-config.ts';
import { createNumberedDecision, DecisionNumberError } from '../decision-number.ts';
import { conflict } from '@jiuzhu/service-kit/domain-error';
import type { ApprovalRequest } from '../generated/prisma/client.ts';

/** The case's number (案件编号), if approval heard of its opening. */
async function caseNumberOf(cases: CaseAccess, tx: Tx, caseId: string): Promise<string | undefined> {
  return (await cases.find(caseId, tx))?.caseNumber ?? undefined;
}

/** Numbers and records the decision the last step (or a rejection) makes, and tells the services after. */
export async function issueDecision(
  { publish, cases }: ApprovalContext,
  tx: Tx,
  request: ApprovalRequest,
  outcome: 'approved' | 'refused',
  reasons: string | null,
  principal: Principal,
) {
  const config = await chainConfigOf(tx, request.handlingOrgId);
  const issuedAt = new Date();
  const approvedAmountFen = outcome === 'approved' ? Number(request.recommendedAmountFen) : 0;
  const decision = await createNumberedDecision(tx, request, principal, config.numberPattern, {
    id: crypto.randomUUID(),
    caseId: request.caseId,
    handlingOrgId: request.handlingOrgId,
    outcome,
    approvedAmountFen: BigInt(approvedAmountFen),
    decidedAt: issuedAt,
    reasons,
    requestId: request.id,
  }).catch((error: unknown) => {
    throw error instanceof DecisionNumberError ? conflict(error.message) : error;
  });
  await tx.advance.updateMany({
    where: { caseId: request.caseId, status: 'approved', completedAt: null },
    data: { completedAt: issuedAt },
  });
  await closeAdvanceAlerts(tx, request.caseId, issuedAt);
  await publish(tx, decisionIssued, {
    caseKey: request.caseId,
    actor: actorOf(principal),
    payload: {
      caseId: request.caseId,
      handlingOrgId: request.handlingOrgId,
      decisionId: decision.id,
      outcome,
      approvedAmountFen,
      decisionNumber: decision.decisionNumber ?? undefined,
      issuedAt: issuedAt.toISOString(),
      // Stored at submission; payments needs it to let the parent's supervisors read.
      handlingOrgParentId: request.handlingOrgParentId ?? undefined,
      // Payments shows it in the ledger; unknown for cases opened before approval learnt openings.
      caseNumber: await caseNumberOf(cases, tx, request.caseId),
    },
  });
}
