import { describe, expect, it } from 'vitest';
import { NationalIdNumber, OpenLeadInput, isValidNationalIdNumber } from '../src/index.ts';

describe('national ID numbers (GB 11643)', () => {
  it('accepts numbers whose check character is right, including X', () => {
    expect(isValidNationalIdNumber('11010519491231002X')).toBe(true);
    expect(isValidNationalIdNumber('440524188001010014')).toBe(true);
    expect(NationalIdNumber.parse('11010519491231002x')).toBe('11010519491231002X');
  });

  it('rejects a wrong check character, an impossible birth date and a short number', () => {
    expect(isValidNationalIdNumber('110105194912310021')).toBe(false);
    expect(isValidNationalIdNumber('110105194902310028')).toBe(false);
    expect(isValidNationalIdNumber('11010519491231002')).toBe(false);
  });

  it('explains in Chinese what is wrong with a lead', () => {
    const result = OpenLeadInput.safeParse({
      source: 'ex_officio',
      applicant: {
        name: '张三',
        idNumber: '110105194912310021',
        phone: '123',
        address: { regionCode: '4409', detail: '茂名' },
      },
      incidentSummary: '被害人重伤',
      requestedAmountFen: -5,
    });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('applicant.idNumber: 身份证号码无效'),
        expect.stringContaining('applicant.phone: 电话号码无效'),
        expect.stringContaining('applicant.address.regionCode: 行政区划代码'),
        expect.stringMatching(/^requestedAmountFen: /),
      ]),
    );
  });
});
