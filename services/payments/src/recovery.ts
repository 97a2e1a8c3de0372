import type { FundSource, RecoveryView } from '@jiuzhu/contracts';
import { ledgerPerson } from './bank-accounts.ts';
import type { Tx } from './database.ts';
import type { PaymentInstruction, Recovery } from './generated/prisma/client.ts';

export class RecoveryError extends Error {}

/** Why an advance (先行救助) is not paid, or paid back, when the case is refused or granted less. */
export const ADVANCE_WITHDRAWN = '案件决定不予救助或减少金额，先行救助撤销';
export const ADVANCE_RECOVERY_REASON = '先行救助后经审查不符合救助条件或金额减少';

function entries(
  base: {
    orgId: string;
    fundSource: string;
    caseId: string;
    decisionId: string;
    actorUserId: string;
    memo: string;
    payeeName: string | null;
    payeeRef: string | null;
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

const yuan = (fen: bigint) => `${Number(fen) / 100} 元`;

/**
 * Records a receivable against paid instructions (what was paid on a case, the latest first) and reverses
 * that much of the expense in the ledger, per fund source. Over all its recoveries, an instruction never owes
 * back more than it paid: the instructions are locked while this is checked.
 */
export async function openRecovery(
  tx: Tx,
  instructions: PaymentInstruction[],
  amountFen: bigint,
  reason: string,
  actorUserId: string,
): Promise<Recovery> {
  const paid = instructions.filter((i) => i.status === 'paid' && i.budgetId && i.fundSource);
  if (paid.length === 0 || amountFen <= 0n) throw new RecoveryError('只能追回已发放的救助金。');
  for (const { id } of [...paid].sort((a, b) => a.id.localeCompare(b.id)))
    await tx.paymentInstruction.update({ where: { id }, data: { attempts: { increment: 0 } } });
  const earlier = await tx.recoveryPart.groupBy({
    by: ['instructionId'],
    where: { instructionId: { in: paid.map((i) => i.id) } },
    _sum: { amountFen: true },
  });
  const recovered = new Map(earlier.map((row) => [row.instructionId, row._sum.amountFen ?? 0n]));
  const parts: { instruction: PaymentInstruction; amountFen: bigint }[] = [];
  let left = amountFen;
  for (const instruction of paid) {
    const open = instruction.amountFen - (recovered.get(instruction.id) ?? 0n);
    const part = open < left ? open : left;
    if (part > 0n) parts.push({ instruction, amountFen: part });
    left -= part;
  }
  if (left > 0n) {
    const open = amountFen - left;
    throw new RecoveryError(`追回金额不能超过已发放且尚未追回的金额（${yuan(open)}）。`);
  }
  const first = parts[0]!.instruction;
  const recovery = await tx.recovery.create({
    data: {
      id: crypto.randomUUID(),
      caseId: first.caseId,
      handlingOrgId: first.handlingOrgId,
      instructionId: first.id,
      decisionId: first.decisionId,
      budgetId: first.budgetId!,
      fundSource: first.fundSource!,
      amountFen,
      reason,
      status: 'open',
      openedBy: actorUserId,
    },
  });
  await tx.recoveryPart.createMany({
    data: parts.map(({ instruction, amountFen: part }, n) => ({
      id: crypto.randomUUID(),
      recoveryId: recovery.id,
      position: n + 1,
      instructionId: instruction.id,
      budgetId: instruction.budgetId!,
      fundSource: instruction.fundSource!,
      amountFen: part,
    })),
  });
  await tx.ledgerEntry.createMany({
    data: parts.flatMap(({ instruction, amountFen: part }) =>
      entries(
        {
          orgId: instruction.handlingOrgId,
          fundSource: instruction.fundSource!,
          caseId: instruction.caseId,
          decisionId: instruction.decisionId,
          actorUserId,
          memo: `确认应追回救助金：${reason}`,
          ...ledgerPerson(instruction),
        },
        'recovery_receivable',
        'assistance_paid',
        part,
      ),
    ),
  });
  return recovery;
}

/** Money collected back: the receivable shrinks and the funds (and their budgets) get it back, parts in order. */
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
  const parts = await tx.recoveryPart.findMany({
    where: { recoveryId: recovery.id },
    orderBy: { position: 'asc' },
  });
  // Each part goes back under the decision (or advance) and to the person it was paid for.
  const paidFor = new Map(
    (
      await tx.paymentInstruction.findMany({
        where: { id: { in: parts.map((p) => p.instructionId) } },
        select: { id: true, decisionId: true, payeeName: true, bankAccountHash: true },
      })
    ).map((i) => [i.id, { decisionId: i.decisionId, ...ledgerPerson(i) }]),
  );
  let left = amountFen;
  for (const part of parts) {
    const open = part.amountFen - part.collectedFen;
    const take = open < left ? open : left;
    if (take <= 0n) continue;
    left -= take;
    await tx.recoveryPart.update({ where: { id: part.id }, data: { collectedFen: { increment: take } } });
    await tx.budget.update({
      where: { id: part.budgetId },
      data: { spentFen: { decrement: take }, availableFen: { increment: take } },
    });
    await tx.ledgerEntry.createMany({
      data: entries(
        {
          orgId: recovery.handlingOrgId,
          fundSource: part.fundSource,
          caseId: recovery.caseId,
          actorUserId,
          memo: '收回救助金',
          ...(paidFor.get(part.instructionId) ?? {
            decisionId: recovery.decisionId,
            payeeName: null,
            payeeRef: null,
          }),
        },
        `fund:${part.fundSource}`,
        'recovery_receivable',
        take,
      ),
    });
  }
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
