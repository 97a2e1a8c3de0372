const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const BIG_UNITS = ['', '万', '亿'];

/** A four-digit group (0–9999) in capital numerals, with inner zeros collapsed to one 零. */
function group(value: number): string {
  let out = '';
  let pendingZero = false;
  for (let position = 3; position >= 0; position--) {
    const digit = Math.floor(value / 10 ** position) % 10;
    if (digit === 0) {
      if (out) pendingZero = true;
      continue;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    out += DIGITS[digit]! + SMALL_UNITS[position]!;
  }
  return out;
}

/** An amount in fen written as on financial documents, e.g. 1230050 → 壹万贰仟叁佰元零伍角 (人民币大写). */
export function fenToChineseCapital(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`invalid amount: ${fen}`);
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cent = fen % 10;
  let integer = '';
  let needZero = false;
  for (let index = BIG_UNITS.length - 1; index >= 0; index--) {
    const value = Math.floor(yuan / 10_000 ** index) % 10_000;
    if (value === 0) {
      if (integer) needZero = true;
      continue;
    }
    if (integer && (needZero || value < 1000)) integer += '零';
    needZero = false;
    integer += group(value) + BIG_UNITS[index]!;
  }
  if (!integer && !jiao && !cent) return '零元整';
  let out = integer ? `${integer}元` : '';
  if (!jiao && !cent) return `${out}整`;
  if (jiao) out += DIGITS[jiao]! + '角';
  else if (integer) out += '零';
  if (cent) out += DIGITS[cent]! + '分';
  return out;
}
