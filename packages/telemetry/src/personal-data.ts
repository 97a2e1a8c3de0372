/**
 * Field names that hold personal data anywhere in Jiuzhu (logs, span attributes, payload dumps).
 * One list, shared by every package that needs to keep such fields out of telemetry.
 */
export const personalDataKeys = [
  'idNumber',
  'idCardNumber',
  'name',
  'fullName',
  'phone',
  'mobile',
  'address',
  'bankAccount',
  'bankCardNumber',
] as const;

export type PersonalDataKey = (typeof personalDataKeys)[number];

const normalise = (segment: string) => segment.toLowerCase().replace(/[_-]/g, '');
const personalSegments = new Set<string>(personalDataKeys.map(normalise));

/**
 * OpenTelemetry semantic-convention namespaces: their keys are technical (`server.address`, `db.name`,
 * `messaging.destination.name`) and never name a person's data, so key matching leaves them alone.
 */
const technicalNamespaces = new Set([
  ...'client code db error exception express host http messaging net network'.split(' '),
  ...'otel peer process rpc server service telemetry thread url user_agent'.split(' '),
]);

/** True when a key (`idNumber`, `applicant.phone`, `bank_account`…) names personal data. */
export function isPersonalDataKey(key: string): boolean {
  const segments = key.split('.');
  if (segments.length > 1 && technicalNamespaces.has(segments[0] ?? '')) return false;
  return segments.some((segment) => personalSegments.has(normalise(segment)));
}

function keepEnds(value: string, head: number, tail: number): string {
  if (value.length <= head + tail) return '*'.repeat(value.length);
  return value.slice(0, head) + '*'.repeat(value.length - head - tail) + value.slice(value.length - tail);
}

/** `110101199003077777` → `110101********7777` (region code and last four kept). */
export function maskIdNumber(idNumber: string): string {
  return keepEnds(idNumber.trim(), 6, 4);
}

/** `13812345678` → `138****5678`. */
export function maskPhone(phone: string): string {
  return keepEnds(phone.trim(), 3, 4);
}

/** `6222020200001234567` → `6222***********4567`; spaces and hyphens are dropped first. */
export function maskBankAccount(account: string): string {
  return keepEnds(account.replace(/[\s-]/g, ''), 4, 4);
}

// Bounded by anything but letters and digits, so hex trace ids and longer digit runs are left alone.
const bounded = (body: string) => new RegExp(`(?<![0-9A-Za-z])${body}(?![0-9A-Za-z])`, 'g');
const ID_NUMBER = bounded('\\d{17}[\\dXx]');
const BANK_CARD = bounded('(?:\\d{16,19}|\\d{4}(?:[ -]\\d{4}){3}(?:[ -]?\\d{1,3})?)');
const MOBILE = bounded('1[3-9]\\d{9}');

/** Masks anything in free text that looks like an 18-character ID number, a bank card number or a mobile number. */
export function maskPersonalDataInText(text: string): string {
  if (!/\d{11}|\d{4}[ -]\d{4}/.test(text)) return text;
  return text.replace(ID_NUMBER, maskIdNumber).replace(BANK_CARD, maskBankAccount).replace(MOBILE, maskPhone);
}
