import { z } from 'zod';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/** GB 11643-1999: 18 characters, a valid birth date and the ISO 7064 MOD 11-2 check character. */
export function isValidNationalIdNumber(value: string): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  const birth = value.slice(6, 14);
  const date = new Date(`${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10).replaceAll('-', '') !== birth)
    return false;
  const sum = ID_WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(value[i]), 0);
  return ID_CHECK_CHARS[sum % 11] === value[17];
}

const ID_NUMBER_INVALID = '身份证号码无效（应为18位，出生日期和校验位须正确）';

export const NationalIdNumber = z
  .string()
  .trim()
  .max(18, { message: ID_NUMBER_INVALID })
  .transform((v) => v.toUpperCase())
  .refine(isValidNationalIdNumber, { message: ID_NUMBER_INVALID });

/** Mainland mobile numbers, or a landline with area code (0xxx-xxxxxxx). */
const PHONE_INVALID = '电话号码无效（手机号11位，或带区号的固定电话）';
export const PhoneNumber = z
  .string()
  .trim()
  .max(13, { message: PHONE_INVALID })
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, { message: PHONE_INVALID });

/** GB/T 2260 administrative division code. */
const REGION_INVALID = '行政区划代码应为6位数字（GB/T 2260）';
export const RegionCode = z
  .string()
  .max(6, { message: REGION_INVALID })
  .regex(/^\d{6}$/, { message: REGION_INVALID });

export const BankAccountNumber = z
  .string()
  .trim()
  .max(19, { message: '银行账号应为12至19位数字' })
  .regex(/^\d{12,19}$/, { message: '银行账号应为12至19位数字' });

export const Address = z.object({
  regionCode: RegionCode,
  detail: z.string().trim().min(2, { message: '请填写详细地址' }).max(200),
});
