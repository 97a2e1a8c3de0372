import { describe, expect, it } from 'vitest';
import {
  agencyCode,
  ChainConfig,
  formatOfficialNumber,
  NumberPattern,
  OfficialNumberError,
  PROVINCE_ABBREVIATIONS,
  type NumberingAgency,
} from '../src/index.ts';

const XINYI_COURT: NumberingAgency = { type: 'court', level: 'county', region: '440983' };
const XINYI_PROCURATORATE: NumberingAgency = { type: 'procuratorate', level: 'county', region: '440983' };
const YIYUAN_PROCURATORATE: NumberingAgency = { type: 'procuratorate', level: 'county', region: '370323' };
const decision = (agency: NumberingAgency, sequence = 1, pattern?: string) =>
  formatOfficialNumber({ kind: 'decision', agency, year: 2026, sequence, pattern });

describe('official numbers', () => {
  it('write the agency code the way courts do: province, then city and county digits of the region code', () => {
    expect(decision(XINYI_COURT)).toBe('〔2026〕粤0983司救1号');
    expect(decision({ type: 'court', level: 'municipal', region: '440900' }, 12)).toBe(
      '〔2026〕粤09司救12号',
    );
    expect(decision({ type: 'court', level: 'provincial', region: '440000' })).toBe('〔2026〕粤司救1号');
    expect(decision({ type: 'court', level: 'supreme', region: '100000' })).toBe('〔2026〕最高法司救1号');
    expect(decision({ type: 'court', level: 'county', region: '150102' })).toBe('〔2026〕内0102司救1号');
    expect(formatOfficialNumber({ kind: 'case', agency: XINYI_COURT, year: 2026, sequence: 7 })).toBe(
      '（2026）粤0983司救7号',
    );
  });

  it('never give a court and a procuratorate, or two counties, the same number', () => {
    const numbers = [XINYI_COURT, XINYI_PROCURATORATE, YIYUAN_PROCURATORATE].map((agency) =>
      decision(agency),
    );
    expect(numbers).toEqual(['〔2026〕粤0983司救1号', '〔2026〕粤0983检司救1号', '〔2026〕鲁0323检司救1号']);
    expect(agencyCode({ type: 'procuratorate', level: 'municipal', region: '370300' })).toBe('鲁03检');
    expect(agencyCode({ type: 'procuratorate', level: 'supreme', region: '100000' })).toBe('高检');
  });

  it('use the agency’s own pattern when its administrator set one', () => {
    expect(decision(XINYI_PROCURATORATE, 3, '茂信检司救〔{year}〕{seq}号')).toBe('茂信检司救〔2026〕3号');
    expect(decision(XINYI_PROCURATORATE, 3, '〔{year}〕{code}救{seq}号')).toBe('〔2026〕粤0983检救3号');
  });

  it('know all 34 province-level divisions, and refuse a region code outside them in Chinese', () => {
    expect(Object.keys(PROVINCE_ABBREVIATIONS)).toHaveLength(34);
    expect(new Set(Object.values(PROVINCE_ABBREVIATIONS)).size).toBe(34);
    for (const [prefix, abbreviation] of Object.entries(PROVINCE_ABBREVIATIONS))
      expect(agencyCode({ type: 'court', level: 'provincial', region: `${prefix}0000` })).toBe(abbreviation);
    expect(() => decision({ type: 'court', level: 'county', region: '990101' })).toThrow(OfficialNumberError);
    expect(() => decision({ type: 'court', level: 'county', region: '990101' })).toThrow(
      /990101.*本机构代字/,
    );
    // A pattern that writes the code out needs no region code.
    expect(
      decision({ type: 'court', level: 'county', region: '990101' }, 2, '〔{year}〕兵0101司救{seq}号'),
    ).toBe('〔2026〕兵0101司救2号');
  });

  it('explain in Chinese what is wrong with a pattern', () => {
    const problems = (pattern: string) =>
      NumberPattern.safeParse(pattern).error?.issues.map((issue) => issue.message) ?? [];
    expect(problems('〔{year}〕{code}司救{seq}号')).toEqual([]);
    expect(problems('〔{year}〕信法司救号')).toEqual(['编号格式必须包含 {seq}（序号），且只能有一处']);
    expect(problems('信法司救{seq}号')).toEqual(['编号格式必须包含 {year}（年度），且只能有一处']);
    expect(problems('〔{year}〕{code}{code}司救{seq}号')).toEqual([
      '编号格式中 {code}（机关代字）只能有一处',
    ]);
    expect(problems('〔{year}〕{org}司救{seq}号')).toEqual([
      '编号格式只能使用 {year}、{code}、{seq} 三个占位符',
    ]);
    expect(problems('〔{year}〕 司救{seq}号')).toEqual(['编号格式中不能有空格']);
    expect(problems(`〔{year}〕${'司'.repeat(40)}{seq}号`)).toEqual(['编号格式不能超过40个字']);
    expect(ChainConfig.shape.numberPattern).toBe(NumberPattern);
  });
});
