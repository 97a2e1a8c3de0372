import { verificationCompleted } from '@jiuzhu/contracts';
import { on } from '@jiuzhu/bus';
import type { ApprovalContext } from '../context.ts';
import type { Tx } from '../database.ts';

/** A verified case waits to be submitted; a case returned for more investigation waits again with new findings. */
export const onVerificationCompleted = ({ logger }: ApprovalContext) =>
  on(verificationCompleted, async (event, tx: Tx) => {
    const { caseId, handlingOrgId, eligible, recommendedAmountFen, capFen } = event.payload;
    const facts = {
      eligible,
      recommendedAmountFen: BigInt(eligible ? recommendedAmountFen : 0),
      capFen: BigInt(capFen),
      aboveCapException: event.payload.aboveCapException ?? false,
      reportId: event.payload.reportId ?? null,
    };
    const existing = await tx.approvalRequest.findUnique({ where: { caseId } });
    if (!existing) {
      await tx.approvalRequest.create({
        data: { id: crypto.randomUUID(), caseId, handlingOrgId, status: 'awaiting_submission', ...facts },
      });
      return;
    }
    // A case returned for more investigation comes back with new findings; anything else is a repeat.
    if (existing.status !== 'returned' && existing.status !== 'awaiting_submission') {
      logger.warn({ caseId, status: existing.status }, 'verification ignored: approval already under way');
      return;
    }
    await tx.approvalRequest.update({
      where: { id: existing.id },
      data: {
        ...facts,
        status: 'awaiting_submission',
        chain: [],
        currentStep: null,
        updatedAt: new Date(),
      },
    });
  });
