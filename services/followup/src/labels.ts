import { REFERRAL_PROGRAMME_LABELS, type ReferralProgramme, type VisitMethod } from '@jiuzhu/contracts';

export const METHOD_LABELS: Readonly<Record<VisitMethod, string>> = {
  phone: '电话回访',
  home_visit: '上门走访',
  village_committee: '村（居）委会了解',
};

export const RISK_LABELS: Readonly<Record<string, string>> = { none: '无', low: '较低', high: '较高' };

export const INCOME_LABELS: Readonly<Record<string, string>> = {
  increased: '增加',
  unchanged: '无变化',
  decreased: '减少',
  lost: '失去收入来源',
};

export const programmeLabel = (programme: string): string =>
  REFERRAL_PROGRAMME_LABELS[programme as ReferralProgramme] ?? programme;

export const yuan = (fen: number): string =>
  (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
