import type { FundSource, RecoveryView } from '@jiuzhu/contracts';
import type { Tx } from './database.ts';
import type { PaymentInstruction, Recovery } from './generated/prisma/client.ts';

export class RecoveryError extends Error {}

function entries(
  base: {
    orgId: string;
    fundSource: string;
    caseId: string;
    decisionId: string;
    actorUserId: string;
    memo: string;
  },
  debitAccount: string,
  creditAccount: string,
  amountFen: bigint,
) {
  const transactionId = crypto.randomUUID();
  const postedAt = new Date();
  return [
    {
      ...base,
      id: crypto.randomUUID(),
      transactionId,
      postedAt,
      account: debitAccount,
      debitFen: amountFen,
      creditFen: 0n,
    },
    {
      ...base,
      id: crypto.randomUUID(),
      transactionId,
      postedAt,
      account: creditAccount,
      debitFen: 0n,
      creditFen: amountFen,
    },
  ];
}

/** Records a receivable against a paid instruction and reverses that much of the expense in the ledger. */
export async function openRecovery(
  tx: Tx,
  instruction: PaymentInstruction,
  amountFen: bigint,
  reason: string,
  actorUserId: string,
): Promise<Recovery> {
  if (instruction.status !== 'paid' || !instruction.budgetId || !instruction.fundSource)
    throw new RecoveryError('只能追回已发放的救助金。');
  const already = await tx.recovery.aggregate({
    where: { instructionId: instruction.id },
    _sum: { amountFen: true },
  });
  if ((already._sum.amountFen ?? 0n) + amountFen > instruction.amountFen)
    throw new RecoveryError('追回金额不能超过已发放且尚未追回的金额。');
  const recovery = await tx.recovery.create({
    data: {
      id: crypto.randomUUID(),
      caseId: instruction.caseId,
      handlingOrgId: instruction.handlingOrgId,
      instructionId: instruction.id,
      decisionId: instruction.decisionId,
      budgetId: instruction.budgetId,
      fundSource: instruction.fundSource,
      amountFen,
      reason,
      status: 'open',
      openedBy: actorUserId,
    },
  });
  await tx.ledgerEntry.createMany({
    data: entries(
      {
        orgId: instruction.handlingOrgId,
        fundSource: instruction.fundSource,
        caseId: instruction.caseId,
        decisionId: instruction.decisionId,
        actorUserId,
        memo: `确认应追回救助金：${reason}`,
      },
      'recovery_receivable',
      'assistance_paid',
      amountFen,
    ),
  });
  return recovery;
}

/** Money collected back: the receivable shrinks and the fund (and its budget) get it back. */
export async function collectRecovery(
  tx: Tx,
  recoveryId: string,
  amountFen: bigint,
  actorUserId: string,
): Promise<Recovery> {
  const recovery = await tx.recovery.findUnique({ where: { id: recoveryId } });
  if (!recovery) throw new RecoveryError('追回事项不存在。');
  const outstanding = recovery.amountFen - recovery.collectedFen;
  if (amountFen > outstanding)
    throw new RecoveryError(`收回金额超过尚未收回的 ${Number(outstanding) / 100} 元。`);
  const moved = await tx.recovery.updateMany({
    where: { id: recovery.id, collectedFen: recovery.collectedFen },
    data: {
      collectedFen: recovery.collectedFen + amountFen,
      status: amountFen === outstanding ? 'collected' : 'open',
    },
  });
  if (moved.count !== 1) throw new RecoveryError('该追回事项正在由他人登记，请刷新后重试。');
  await tx.budget.update({
    where: { id: recovery.budgetId },
    data: { spentFen: { decrement: amountFen }, availableFen: { increment: amountFen } },
  });
  await tx.ledgerEntry.createMany({
    data: entries(
      {
        orgId: recovery.handlingOrgId,
        fundSource: recovery.fundSource,
        caseId: recovery.caseId,
        decisionId: recovery.decisionId,
        actorUserId,
        memo: '收回救助金',
      },
      `fund:${recovery.fundSource}`,
      'recovery_receivable',
      amountFen,
    ),
  });
  return tx.recovery.findUniqueOrThrow({ where: { id: recovery.id } });
}

export function recoveryView(row: Recovery): RecoveryView {
  return {
    recoveryId: row.id,
    caseId: row.caseId,
    handlingOrgId: row.handlingOrgId,
    fundSource: row.fundSource as FundSource,
    amountFen: Number(row.amountFen),
    collectedFen: Number(row.collectedFen),
    reason: row.reason,
    status: row.status as RecoveryView['status'],
    openedAt: row.openedAt.toISOString(),
  };
}
