import { describe, expect, it } from 'vitest';
import { DEMO_ORGANISATIONS } from '@jiuzhu/identity';
import { agenciesFor, monthsOf } from '../src/web/dashboards/figures.ts';
import { safeSheetName } from '../src/web/export/workbook.ts';

describe('dashboard figures', () => {
  it('lists the months of the year up to today, the current one ending today', () => {
    expect(monthsOf(2026, '2026-03-15')).toEqual([
      { month: '2026-01', from: '2026-01-01', to: '2026-01-31' },
      { month: '2026-02', from: '2026-02-01', to: '2026-02-28' },
      { month: '2026-03', from: '2026-03-01', to: '2026-03-15' },
    ]);
    expect(monthsOf(2024, '2026-03-15').map((m) => m.to)).toContain('2024-02-29');
    expect(monthsOf(2024, '2026-03-15')).toHaveLength(12);
  });

  it('offers a prefecture agency its counties of the same kind, a county agency only itself', () => {
    const maoming = {
      id: 'court-440900',
      name: '茂名市中级人民法院',
      type: 'court' as const,
      region: '440900',
    };
    expect(agenciesFor(maoming, DEMO_ORGANISATIONS).map((org) => org.id)).toEqual([
      'court-440900',
      'court-440983',
      'court-440981',
    ]);
    const xinyi = { id: 'court-440983', name: '信宜市人民法院', type: 'court' as const, region: '440983' };
    expect(agenciesFor(xinyi, DEMO_ORGANISATIONS).map((org) => org.id)).toEqual(['court-440983']);
  });

  it('makes sheet names Excel accepts', () => {
    expect(safeSheetName('预算/决算:2026')).toBe('预算 决算 2026');
    expect(safeSheetName('x'.repeat(40))).toHaveLength(31);
  });
});
