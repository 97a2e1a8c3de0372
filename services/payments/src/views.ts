import type { BudgetView, FundSource, PaymentStatus, PaymentView } from '@jiuzhu/contracts';
import type { Budget, PaymentInstruction } from './generated/prisma/client.ts';
import { beijingDateOf } from '@jiuzhu/calendar';

/** Only the last four digits of a bank account ever leave the service. */
export const maskAccount = (account: string) =>
  `${'*'.repeat(Math.max(0, account.length - 4))}${account.slice(-4)}`;

export function paymentView(
  row: PaymentInstruction,
  caseNumber: string | null,
  now = new Date(),
): PaymentView {
  return {
    paymentId: row.id,
    kind: row.kind as PaymentView['kind'],
    caseId: row.caseId,
    caseNumber,
    decisionId: row.decisionId,
    handlingOrgId: row.handlingOrgId,
    amountFen: Number(row.amountFen),
    status: row.status as PaymentStatus,
    fundSource: row.fundSource as FundSource | null,
    payeeName: row.payeeName,
    bankAccountMasked:
      row.bankAccountMasked ??
      (row.bankAccount && !row.bankAccount.startsWith('enc:') ? maskAccount(row.bankAccount) : null),
    attempts: row.attempts,
    lastError: row.lastError,
    approvedAt: row.approvedAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    paidAt: row.paidAt?.toISOString() ?? null,
    overdue: row.status !== 'cancelled' && (row.paidAt ?? now) > row.dueAt,
    instalmentNo: row.instalmentNo,
    instalmentCount: row.instalmentCount,
    plannedOn: row.plannedAt ? beijingDateOf(row.plannedAt) : null,
  };
}

export function budgetView(row: Budget): BudgetView {
  return {
    orgId: row.orgId,
    year: row.year,
    fundSource: row.fundSource as FundSource,
    allocatedFen: Number(row.allocatedFen),
    reservedFen: Number(row.reservedFen),
    spentFen: Number(row.spentFen),
    availableFen: Number(row.availableFen),
    earmarkedFen: Number(row.earmarkedFen),
  };
}
