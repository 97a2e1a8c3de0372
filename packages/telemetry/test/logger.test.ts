import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('writes JSON lines with the service name and redacts personal fields up to two levels deep', () => {
    const { lines, destination } = capture();
    const logger = createLogger('intake', { destination });
    logger.info(
      {
        idNumber: '110101199003077777',
        name: '张三',
        applicant: { phone: '13812345678', address: '北京市东城区', caseKey: 'C-1' },
        payment: { account: { bankAccount: '6222020200001234567', bank: 'ICBC' } },
      },
      'application received',
    );

    expect(lines[0]).toMatchObject({
      level: 'info',
      service: 'intake',
      msg: 'application received',
      idNumber: '[REDACTED]',
      name: '[REDACTED]',
      applicant: { phone: '[REDACTED]', address: '[REDACTED]', caseKey: 'C-1' },
      payment: { account: { bankAccount: '[REDACTED]', bank: 'ICBC' } },
    });
    expect(lines[0]).not.toHaveProperty('trace_id');
  });

  it('redacts other spellings and deeper nesting, and masks numbers in messages and errors', () => {
    const { lines, destination } = capture();
    const logger = createLogger('payments', { destination });
    logger.warn(
      { a: { b: { c: { id_number: '110101199003077777' } } }, note: 'paid to 6222020200001234567' },
      'retry %s',
      '13812345678',
    );
    logger.error({ err: new Error('no applicant with ID 110101199003077777') }, 'lookup failed');

    const output = JSON.stringify(lines);
    expect(output).not.toContain('110101199003077777');
    expect(output).not.toContain('6222020200001234567');
    expect(output).not.toContain('13812345678');
    expect(lines[0]).toMatchObject({
      a: { b: { c: { id_number: '[REDACTED]' } } },
      msg: 'retry 138****5678',
    });
    expect(lines[1]).toMatchObject({
      err: { message: 'no applicant with ID 110101********7777', type: 'Error' },
    });
  });
});
