import { describe, expect, it } from 'vitest';
import {
  isPersonalDataKey,
  maskBankAccount,
  maskIdNumber,
  maskPersonalDataInText,
  maskPhone,
  personalDataKeys,
} from '../src/index.ts';

describe('display masking', () => {
  it('keeps the region code and the last four of an ID number', () => {
    expect(maskIdNumber('110101199003077777')).toBe('110101********7777');
    expect(maskIdNumber(' 11010119900307123X ')).toBe('110101********123X');
  });

  it('keeps the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('keeps the first and last four digits of a bank account, ignoring spacing', () => {
    expect(maskBankAccount('6222020200001234567')).toBe('6222***********4567');
    expect(maskBankAccount('6222 0202 0000 1234')).toBe('6222********1234');
  });

  it('masks everything when a value is too short to keep both ends', () => {
    expect(maskIdNumber('12345')).toBe('*****');
    expect(maskPhone('1234567')).toBe('*******');
  });
});

describe('maskPersonalDataInText', () => {
  it('masks ID, bank card and mobile numbers wherever they appear', () => {
    expect(maskPersonalDataInText('/cases/110101199003077777/notes')).toBe('/cases/110101********7777/notes');
    expect(maskPersonalDataInText('card 6222020200001234567, call 13812345678.')).toBe(
      'card 6222***********4567, call 138****5678.',
    );
    expect(maskPersonalDataInText('card 6222 0202 0000 1234')).toBe('card 6222********1234');
  });

  it('leaves trace ids, short numbers and longer digit runs alone', () => {
    const untouched = [
      'trace 4bf92f3577b34da6a3ce929d0e0e4736',
      'amount 125000',
      'order 12345678901234567890123',
    ];
    for (const text of untouched) expect(maskPersonalDataInText(text)).toBe(text);
  });
});

describe('isPersonalDataKey', () => {
  it('recognises the shared keys in any nesting or spelling', () => {
    expect(personalDataKeys).toEqual(
      expect.arrayContaining(['idNumber', 'phone', 'address', 'bankAccount', 'name']),
    );
    for (const key of [
      'idNumber',
      'applicant.idNumber',
      'id_number',
      'applicant.bank_account',
      'PHONE',
      'name',
    ]) {
      expect(isPersonalDataKey(key)).toBe(true);
    }
  });

  it('does not treat OpenTelemetry semantic-convention keys as personal', () => {
    for (const key of [
      'server.address',
      'network.peer.address',
      'db.name',
      'messaging.destination.name',
      'caseKey',
    ]) {
      expect(isPersonalDataKey(key)).toBe(false);
    }
  });
});
