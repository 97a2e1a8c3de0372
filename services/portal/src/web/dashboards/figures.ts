import { FUND_SOURCE_LABELS as FUND_SOURCE_ZH, FundSource, type Organisation } from '@jiuzhu/contracts';

type Agency = Pick<Organisation, 'id' | 'name' | 'type' | 'region'>;

const FUND_SOURCE_EN: Record<FundSource, string> = {
  central_transfer: 'Central transfer',
  provincial_finance: 'Provincial finance',
  municipal_finance: 'Municipal finance',
  county_finance: 'County finance',
  superior_joint: 'Superior joint',
  donation: 'Donation',
};

/** Each fund source in Chinese (the contract's label) and English. */
export const FUND_SOURCE_LABELS = Object.fromEntries(
  FundSource.options.map((source) => [source, [FUND_SOURCE_ZH[source], FUND_SOURCE_EN[source]]]),
) as Record<FundSource, [string, string]>;

export interface MonthRange {
  month: string;
  from: string;
  to: string;
}

/** The months of `year` up to today (all twelve for a past year). */
export function monthsOf(year: number, today: string): MonthRange[] {
  const months: MonthRange[] = [];
  for (let month = 1; month <= 12; month++) {
    const from = `${year}-${String(month).padStart(2, '0')}-01`;
    if (from > today) break;
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const end = `${year}-${String(month).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`;
    months.push({ month: from.slice(0, 7), from, to: end < today ? end : today });
  }
  return months;
}

/**
 * The agencies whose figures this person may look at: their own, and for an agency at prefecture level
 * (region ending in 00) the agencies of the same kind in its counties, from the SSO's organisation directory.
 */
export function agenciesFor(own: Agency | undefined, directory: readonly Agency[]): Agency[] {
  if (!own) return [];
  const prefecture = own.region.endsWith('00') ? own.region.slice(0, 4) : undefined;
  const children = prefecture
    ? directory.filter(
        (org) => org.type === own.type && org.id !== own.id && org.region.startsWith(prefecture),
      )
    : [];
  return [own, ...children];
}

export const yuan = (fen: number) => Math.round(fen) / 100;

export function percentText(change: number | null, language: 'zh' | 'en'): string {
  if (change === null) return language === 'zh' ? '无上年数据' : 'no figures a year earlier';
  return `${change > 0 ? '+' : ''}${change}%`;
}
