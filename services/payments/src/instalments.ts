import type { Tx } from './database.ts';
import type { PaymentInstruction } from './generated/prisma/client.ts';
import { beijingMidnight } from '@jiuzhu/calendar';

const DAY_MS = 86_400_000;

export class InstalmentError extends Error {
  readonly kind: 'input' | 'state';
  constructor(kind: 'input' | 'state', message: string) {
    super(message);
    this.kind = kind;
  }
}

const yuan = (fen: bigint) => `${Number(fen) / 100} 元`;

/**
 * 分期发放: turns the decision's single pending instruction into one instruction per instalment (the first
 * keeps its id). Each is reserved, sent and confirmed on its own; the amounts add up to exactly the decided
 * amount, which a trigger in the database also enforces. An instalment is due a week after approval or after
 * its planned date, whichever is later.
 */
export async function splitIntoInstalments(
  tx: Tx,
  row: PaymentInstruction,
  instalments: { amountFen: number; plannedOn: string }[],
  dueDays: number,
): Promise<PaymentInstruction[]> {
  const total = instalments.reduce((sum, i) => sum + BigInt(i.amountFen), 0n);
  if (total !== row.amountFen)
    throw new InstalmentError(
      'input',
      `各期金额之和（${yuan(total)}）须等于应发金额（${yuan(row.amountFen)}）。`,
    );
  const dates = instalments.map((i) => i.plannedOn);
  if (dates.some((date, n) => n > 0 && date < dates[n - 1]!))
    throw new InstalmentError('input', '各期计划发放日期须按先后顺序填写。');
  if (row.instalmentCount > 1) throw new InstalmentError('state', '该决定已经分期，不能再次分期。');
  if (row.status !== 'awaiting_payee' && row.status !== 'awaiting_funds')
    throw new InstalmentError('state', '只有尚未占用资金的发放指令可以分期，该指令已在办理中。');
  // Part of it is to be recovered once paid (see takeBackAdvances), which is tracked per instruction.
  if (row.recoverIfPaidFen > 0n)
    throw new InstalmentError('state', '案件决定已减少该先行救助的金额，不能分期发放。');

  const count = instalments.length;
  const plan = instalments.map((instalment) => {
    const plannedAt = beijingMidnight(instalment.plannedOn);
    const from = plannedAt > row.approvedAt ? plannedAt : row.approvedAt;
    return {
      amountFen: BigInt(instalment.amountFen),
      plannedAt,
      dueAt: new Date(from.getTime() + dueDays * DAY_MS),
    };
  });
  // The first instalment shrinks before the others are added, so the decision never looks overpaid.
  const first = plan[0]!;
  const moved = await tx.paymentInstruction.updateMany({
    where: { id: row.id, status: row.status, instalmentCount: 1 },
    data: {
      amountFen: first.amountFen,
      instalmentCount: count,
      plannedAt: first.plannedAt,
      dueAt: first.dueAt,
    },
  });
  if (moved.count !== 1) throw new InstalmentError('state', '该发放指令正在由他人办理，请刷新后重试。');
  await tx.paymentInstruction.createMany({
    data: plan.slice(1).map((instalment, n) => ({
      id: crypto.randomUUID(),
      decisionId: row.decisionId,
      instalmentNo: n + 2,
      instalmentCount: count,
      caseId: row.caseId,
      handlingOrgId: row.handlingOrgId,
      kind: row.kind,
      amountFen: instalment.amountFen,
      decisionAmountFen: row.decisionAmountFen,
      status: 'awaiting_payee',
      approvedAt: row.approvedAt,
      plannedAt: instalment.plannedAt,
      dueAt: instalment.dueAt,
    })),
  });
  return tx.paymentInstruction.findMany({
    where: { decisionId: row.decisionId },
    orderBy: { instalmentNo: 'asc' },
  });
}
