import { z } from 'zod';
import type { OrgLevel } from './identity.ts';

/**
 * Official numbers (文号 / 案号) in the form Chinese courts and procuratorates write them: year, the agency's code
 * (机关代字), the type of matter (司救), the sequence. The agency's code makes a number unique nationally; an
 * administrator may replace the whole pattern for their agency. Decision 0005 records the choice of defaults.
 */

/**
 * The one-character abbreviation of each of the 34 province-level divisions, keyed by the first two digits of
 * its GB/T 2260 code, as courts write it in case numbers (最高人民法院《关于人民法院案件案号的若干规定》,
 * 附件《各级法院代字表》): Inner Mongolia is 内, Guizhou 黔, Yunnan 云.
 */
export const PROVINCE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  '11': '京',
  '12': '津',
  '13': '冀',
  '14': '晋',
  '15': '内',
  '21': '辽',
  '22': '吉',
  '23': '黑',
  '31': '沪',
  '32': '苏',
  '33': '浙',
  '34': '皖',
  '35': '闽',
  '36': '赣',
  '37': '鲁',
  '41': '豫',
  '42': '鄂',
  '43': '湘',
  '44': '粤',
  '45': '桂',
  '46': '琼',
  '50': '渝',
  '51': '川',
  '52': '黔',
  '53': '云',
  '54': '藏',
  '61': '陕',
  '62': '甘',
  '63': '青',
  '64': '宁',
  '65': '新',
  '71': '台',
  '81': '港',
  '82': '澳',
};

/** The agencies that number their own cases and decisions. */
export interface NumberingAgency {
  type: 'court' | 'procuratorate';
  level: OrgLevel;
  /** GB/T 2260 code of the agency's region, six digits. */
  region: string;
}

/** An official number that cannot be made; the message says what the administrator can do. */
export class OfficialNumberError extends Error {}

/**
 * The agency's code: the province's abbreviation, then the region code's city digits for a municipal agency
 * (粤09) or its city and county digits for a county-level one (粤0983), as in the courts' code table; a
 * procuratorate adds 检 (粤0983检), so that the court and the procuratorate of one county never share a
 * number. The supreme agencies write 最高法 and 高检.
 */
export function agencyCode({ type, level, region }: NumberingAgency): string {
  if (level === 'supreme') return type === 'court' ? '最高法' : '高检';
  const province = PROVINCE_ABBREVIATIONS[region.slice(0, 2)];
  if (!/^\d{6}$/.test(region) || !province)
    throw new OfficialNumberError(
      `无法从行政区划代码“${region}”得出本机构代字，请系统管理员在审批流程配置中把编号格式里的 {code} 换成本机构代字。`,
    );
  const local = region.endsWith('0000') ? '' : region.endsWith('00') ? region.slice(2, 4) : region.slice(2);
  return `${province}${local}${type === 'procuratorate' ? '检' : ''}`;
}

/** What is numbered, and its default pattern: documents bracket the year with 〔〕, case numbers with （）. */
export const OFFICIAL_NUMBER_KINDS = {
  decision: { label: '决定书编号', pattern: '〔{year}〕{code}司救{seq}号' },
  case: { label: '案号', pattern: '（{year}）{code}司救{seq}号' },
} as const;
export type OfficialNumberKind = keyof typeof OFFICIAL_NUMBER_KINDS;

const PLACEHOLDERS = ['{year}', '{code}', '{seq}'] as const;
const occurrences = (text: string, part: string) => text.split(part).length - 1;

/** A per-agency pattern as its administrator types it: {year}, {seq} and optionally {code}, nothing else. */
export const NumberPattern = z
  .string()
  .trim()
  .min(1, { message: '请填写编号格式' })
  .max(40, { message: '编号格式不能超过40个字' })
  .refine((p) => occurrences(p, '{seq}') === 1, { message: '编号格式必须包含 {seq}（序号），且只能有一处' })
  .refine((p) => occurrences(p, '{year}') === 1, { message: '编号格式必须包含 {year}（年度），且只能有一处' })
  .refine((p) => occurrences(p, '{code}') <= 1, { message: '编号格式中 {code}（机关代字）只能有一处' })
  .refine((p) => !/[{}]/.test(PLACEHOLDERS.reduce((rest, name) => rest.replaceAll(name, ''), p)), {
    message: '编号格式只能使用 {year}、{code}、{seq} 三个占位符',
  })
  .refine((p) => !/\s/.test(p), { message: '编号格式中不能有空格' })
  .meta({ examples: [OFFICIAL_NUMBER_KINDS.decision.pattern] });

export interface OfficialNumberInput {
  kind: OfficialNumberKind;
  /** Needed for a pattern with {code} (every default has it). */
  agency?: NumberingAgency | null | undefined;
  year: number;
  sequence: number;
  /** The agency's own pattern, set by its administrator; the kind's default when absent. */
  pattern?: string | null | undefined;
}

/** The official number, e.g. 〔2026〕粤0983司救1号 for Xinyi court's first decision of 2026. */
export function formatOfficialNumber({ kind, agency, year, sequence, pattern }: OfficialNumberInput): string {
  const template = pattern ?? OFFICIAL_NUMBER_KINDS[kind].pattern;
  return template.replaceAll(/\{(year|code|seq)\}/g, (_, name: string) => {
    if (name === 'year') return String(year);
    if (name === 'seq') return String(sequence);
    if (!agency) throw new OfficialNumberError('不知道是哪个机构的编号，无法写出机关代字 {code}。');
    return agencyCode(agency);
  });
}
