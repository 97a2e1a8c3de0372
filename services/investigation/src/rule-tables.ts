import type { ApplicantFault, InjurySeverity, RuleTableView } from '@jiuzhu/contracts';
import type { AmountRuleTable } from './generated/prisma/client.ts';
import type { Db, Tx } from './database.ts';
import { beijingYear } from '@jiuzhu/calendar';

export interface RuleTable {
  region: string;
  year: number;
  version: number;
  averageMonthlyWageFen: number;
  capMonths: number;
  perCaseCapFen: number | null;
  minimumAmountFen: number;
  minimumLivingStandardFen: number;
  harmTierMonths: Record<InjurySeverity, number>;
  faultReductionPercent: Record<ApplicantFault, number>;
  livelihoodMonths: number;
  reason: string;
  publishedBy: string;
  publishedAt: Date;
}

export function fromRow(row: AmountRuleTable): RuleTable {
  return {
    region: row.region,
    year: row.year,
    version: row.version,
    averageMonthlyWageFen: Number(row.averageMonthlyWageFen),
    capMonths: row.capMonths,
    perCaseCapFen: row.perCaseCapFen === null ? null : Number(row.perCaseCapFen),
    minimumAmountFen: Number(row.minimumAmountFen),
    minimumLivingStandardFen: Number(row.minimumLivingStandardFen),
    harmTierMonths: row.harmTierMonths as Record<InjurySeverity, number>,
    faultReductionPercent: row.faultReductionPercent as Record<ApplicantFault, number>,
    livelihoodMonths: row.livelihoodMonths,
    reason: row.reason,
    publishedBy: row.publishedBy,
    publishedAt: row.publishedAt,
  };
}

/** The usual cap (capMonths × the average monthly wage), lowered by a local per-case cap. */
export function capOf(table: RuleTable): number {
  const usual = table.capMonths * table.averageMonthlyWageFen;
  return table.perCaseCapFen === null ? usual : Math.min(usual, table.perCaseCapFen);
}

export function toView(table: RuleTable): RuleTableView {
  const { publishedAt, ...rest } = table;
  return { ...rest, capFen: capOf(table), publishedAt: publishedAt.toISOString() };
}

/** The county itself, then its city, then its province (GB/T 2260 codes). */
export function regionsFromLocalToProvincial(region: string): string[] {
  return [...new Set([region, `${region.slice(0, 4)}00`, `${region.slice(0, 2)}0000`])];
}

/** Whether an administrator of `adminRegion` may publish rules for `region` (their own region or within it). */
export function regionWithin(region: string, adminRegion: string): boolean {
  if (adminRegion === '000000') return true;
  if (adminRegion.endsWith('0000')) return region.startsWith(adminRegion.slice(0, 2));
  if (adminRegion.endsWith('00')) return region.startsWith(adminRegion.slice(0, 4));
  return region === adminRegion;
}

/** The current year in China, which decides which year's table applies. */
export function currentYearInChina(now = new Date()): number {
  return beijingYear(now);
}

/**
 * The table that applies to a case handled in `region` now: the most local region that has one, its latest
 * year not after this one, and that year's latest version.
 */
export async function applicableTable(db: Db | Tx, region: string, year: number): Promise<RuleTable | null> {
  for (const candidate of regionsFromLocalToProvincial(region)) {
    const row = await db.amountRuleTable.findFirst({
      where: { region: candidate, year: { lte: year } },
      orderBy: [{ year: 'desc' }, { version: 'desc' }],
    });
    if (row) return fromRow(row);
  }
  return null;
}
