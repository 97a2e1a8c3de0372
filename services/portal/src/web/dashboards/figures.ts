import type { FundSource, Organisation } from '@jiuzhu/contracts';

type Agency = Pick<Organisation, 'id' | 'name' | 'type' | 'region'>;

export const FUND_SOURCE_LABELS: Record<FundSource, [string, string]> = {
  central_transfer: ['中央转移支付', 'Central transfer'],
  provincial_finance: ['省级财政', 'Provincial finance'],
  municipal_finance: ['市级财政', 'Municipal finance'],
  county_finance: ['县级财政', 'County finance'],
  superior_joint: ['上级联合救助', 'Superior joint'],
  donation: ['社会捐助', 'Donation'],
};

/** Today in China, as YYYY-MM-DD. */
export function beijingToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
}

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
