const grouping = new Intl.NumberFormat('zh-CN', { useGrouping: true, maximumFractionDigits: 0 });

/** "人民币12,345.60元" from an amount in fen. */
export function yuan(fen: number): string {
  const whole = Math.floor(fen / 100);
  const cents = String(fen % 100).padStart(2, '0');
  return `人民币${grouping.format(whole)}.${cents}元`;
}
