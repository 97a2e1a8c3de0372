import { describe, expect, it } from 'vitest';
import { fenToChineseCapital } from '../src/domain/chinese-amount.ts';

describe('amounts in capital numerals', () => {
  it.each([
    [0, '零元整'],
    [100, '壹元整'],
    [5_000_000, '伍万元整'],
    [21_500_000, '贰拾壹万伍仟元整'],
    [1_230_050, '壹万贰仟叁佰元伍角'],
    [10_010_000, '壹拾万零壹佰元整'],
    [100_000_001, '壹佰万元零壹分'],
    [12_345, '壹佰贰拾叁元肆角伍分'],
    [10_000_000_000, '壹亿元整'],
    [10_005_000_000, '壹亿零伍万元整'],
    [1_000_000_000_00, '壹拾亿元整'],
  ])('%i fen is %s', (fen, text) => {
    expect(fenToChineseCapital(fen)).toBe(text);
  });
});
