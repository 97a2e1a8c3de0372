import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { DomainError, translateDomainErrors, type DomainErrorKind } from '../src/index.ts';

describe('domain errors answer with the tRPC code of their kind', () => {
  it.each<[DomainErrorKind, string]>([
    ['invalid', 'BAD_REQUEST'],
    ['forbidden', 'FORBIDDEN'],
    ['not_found', 'NOT_FOUND'],
    ['conflict', 'CONFLICT'],
    ['precondition', 'PRECONDITION_FAILED'],
  ])('%s is %s, with its own message', async (kind, code) => {
    const api = translateDomainErrors({
      act: async (_: unknown) => {
        throw new DomainError(kind, '该环节已审批完毕。');
      },
    });
    const error = await api.act({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect(error).toMatchObject({ code, message: '该环节已审批完毕。' });
  });

  it('passes other failures and answers through unchanged', async () => {
    const failure = new Error('database gone');
    const api = translateDomainErrors({
      fails: async () => {
        throw failure;
      },
      answers: async (n: number) => n + 1,
    });
    await expect(api.fails()).rejects.toBe(failure);
    await expect(api.answers(1)).resolves.toBe(2);
  });
});
