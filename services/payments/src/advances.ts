import type { Tx } from './database.ts';
import type { PaymentInstruction } from './generated/prisma/client.ts';
import { cancelUnsent, UNSENT_STATUSES } from './money.ts';
import { ADVANCE_RECOVERY_REASON, ADVANCE_WITHDRAWN, openRecovery } from './recovery.ts';

/**
 * The case's advances (先行救助) that are not cancelled, locked until the transaction ends: a bank answer or a
 * dispatch for one of them waits, so what is read here stays true while the decision is applied.
 */
export async function lockedAdvances(tx: Tx, caseId: string): Promise<PaymentInstruction[]> {
  const rows = await tx.paymentInstruction.updateManyAndReturn({
    where: { caseId, kind: 'advance', status: { not: 'cancelled' } },
    data: { attempts: { increment: 0 } },
  });
  return rows.sort(
    (a, b) => a.approvedAt.getTime() - b.approvedAt.getTime() || a.instalmentNo - b.instalmentNo,
  );
}

const smaller = (a: bigint, b: bigint) => (a < b ? a : b);

/**
 * Takes back `excessFen` of the case's advances, when the decision grants less than was advanced (or nothing):
 * first by not paying the advances that have not gone to the bank (whole instructions); then, for those at the
 * bank, by recovering what the bank confirms (see applyBankResult); then from what was paid (a receivable);
 * last, for an unsent advance larger than what is left, by recovering that part once it is paid.
 */
export async function takeBackAdvances(
  tx: Tx,
  advances: PaymentInstruction[],
  excessFen: bigint,
): Promise<void> {
  let excess = excessFen;
  const unsent = advances.filter((a) => UNSENT_STATUSES.includes(a.status));
  const recoverIfPaid = async (advance: PaymentInstruction) => {
    const part = smaller(advance.amountFen - advance.recoverIfPaidFen, excess);
    if (part <= 0n) return;
    await tx.paymentInstruction.update({
      where: { id: advance.id },
      data: { recoverIfPaidFen: { increment: part } },
    });
    excess -= part;
  };

  const stopped = new Set<string>();
  for (const advance of unsent) {
    if (excess === 0n) return;
    if (advance.amountFen > excess) continue;
    // The rows are locked, so an unsent advance is still unsent.
    await cancelUnsent(tx, { id: advance.id }, ADVANCE_WITHDRAWN);
    stopped.add(advance.id);
    excess -= advance.amountFen;
  }
  for (const advance of advances.filter((a) => a.status === 'sent')) {
    if (excess === 0n) return;
    await recoverIfPaid(advance);
  }
  for (const advance of advances.filter((a) => a.status === 'paid')) {
    if (excess === 0n) return;
    const part = smaller(advance.amountFen, excess);
    await openRecovery(tx, [advance], part, ADVANCE_RECOVERY_REASON, 'system:payments');
    excess -= part;
  }
  for (const advance of unsent.filter((a) => !stopped.has(a.id))) {
    if (excess === 0n) return;
    await recoverIfPaid(advance);
  }
}
