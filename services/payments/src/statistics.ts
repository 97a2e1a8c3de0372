import type { FundSource, StatisticsView } from '@jiuzhu/contracts';
import type { Db } from './database.ts';
import { beijingDayRange } from '@jiuzhu/calendar';

type Figures = StatisticsView['current'];

const minusYear = (date: string) => `${Number(date.slice(0, 4)) - 1}${date.slice(4)}`;

const percentChange = (now: number, before: number) =>
  before === 0 ? null : Math.round(((now - before) / before) * 100);

/** Cases, persons and amounts paid (net of recoveries) from `from` to `to` inclusive, China time. */
async function figures(db: Db, orgId: string, from: string, to: string) {
  const entries = await db.ledgerEntry.findMany({
    where: {
      orgId,
      account: 'assistance_paid',
      postedAt: beijingDayRange(from, to),
    },
  });
  const paidCases = [...new Set(entries.filter((e) => e.debitFen > 0n).map((e) => e.caseId))];
  const payees = await db.paymentInstruction.findMany({
    where: { caseId: { in: paidCases }, status: 'paid' },
    select: { caseId: true, bankAccountHash: true },
  });
  // Payees are told apart by a keyed hash of their account: accounts are stored encrypted.
  const payeeOf = new Map(payees.map((p) => [p.caseId, p.bankAccountHash ?? p.caseId]));
  const summarise = (selected: typeof entries): Figures => {
    const cases = new Set(selected.filter((e) => e.debitFen > 0n).map((e) => e.caseId));
    return {
      cases: cases.size,
      persons: new Set([...cases].map((c) => payeeOf.get(c) ?? c)).size,
      amountFen: Number(selected.reduce((sum, e) => sum + e.debitFen - e.creditFen, 0n)),
    };
  };
  const sources = [...new Set(entries.map((e) => e.fundSource))].sort() as FundSource[];
  return {
    total: summarise(entries),
    bySource: sources.map((fundSource) => ({
      fundSource,
      ...summarise(entries.filter((e) => e.fundSource === fundSource)),
    })),
  };
}

export async function statistics(db: Db, orgId: string, from: string, to: string): Promise<StatisticsView> {
  const current = await figures(db, orgId, from, to);
  const previous = await figures(db, orgId, minusYear(from), minusYear(to));
  return {
    orgId,
    from,
    to,
    current: current.total,
    previousYear: previous.total,
    change: {
      cases: percentChange(current.total.cases, previous.total.cases),
      persons: percentChange(current.total.persons, previous.total.persons),
      amount: percentChange(current.total.amountFen, previous.total.amountFen),
    },
    bySource: current.bySource,
  };
}
