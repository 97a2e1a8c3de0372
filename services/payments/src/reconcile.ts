import type { FundSource, ReconciliationView } from '@jiuzhu/contracts';
import type { Db } from './database.ts';
import type { PaymentGateway } from './gateway.ts';

/**
 * Checks, per fund source of an agency's budgets for a year, that the budget's spending, the ledger and the
 * bank's confirmations of the paid transfers tell the same story.
 */
export async function reconcile(
  db: Db,
  gateway: PaymentGateway,
  orgId: string,
  year: number,
): Promise<ReconciliationView> {
  const budgets = await db.budget.findMany({ where: { orgId, year }, orderBy: { fundSource: 'asc' } });
  const funds: ReconciliationView['funds'] = [];
  for (const budget of budgets) {
    const paid = await db.paymentInstruction.findMany({ where: { budgetId: budget.id, status: 'paid' } });
    const caseIds = paid.map((p) => p.caseId);
    const entries = await db.ledgerEntry.findMany({
      where: {
        orgId,
        fundSource: budget.fundSource,
        caseId: { in: caseIds },
        account: { in: ['assistance_paid', 'recovery_receivable'] },
      },
    });
    const net = (account: string) =>
      entries.filter((e) => e.account === account).reduce((sum, e) => sum + e.debitFen - e.creditFen, 0n);
    const ledgerPaid = paid.reduce((sum, p) => sum + p.amountFen, 0n);
    const ledgerPaidFen = entries
      .filter((e) => e.account === 'assistance_paid')
      .reduce((sum, e) => sum + e.debitFen, 0n);
    let bankConfirmed = 0n;
    for (const instruction of paid) {
      const status = await gateway.status(instruction.idempotencyKey!);
      if (typeof status === 'object' && status.outcome === 'confirmed')
        bankConfirmed += instruction.amountFen;
    }
    const ledgerSpent = net('assistance_paid') + net('recovery_receivable');
    funds.push({
      fundSource: budget.fundSource as FundSource,
      budgetSpentFen: Number(budget.spentFen),
      ledgerSpentFen: Number(ledgerSpent),
      ledgerPaidFen: Number(ledgerPaidFen),
      bankConfirmedFen: Number(bankConfirmed),
      reconciled:
        budget.spentFen === ledgerSpent && ledgerPaidFen === ledgerPaid && bankConfirmed === ledgerPaid,
    });
  }
  return { orgId, year, funds };
}
