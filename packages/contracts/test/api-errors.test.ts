import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeForClient } from '../src/api-errors.ts';

/** Shaped as Prisma 7's driver-adapter errors are (see the services' logs): code, meta, a message with paths. */
function prismaError(code: string, sqlState?: string) {
  return Object.assign(
    new Error('\nInvalid `db.lead.create()` invocation in\n/srv/app/services/intake/src/api.ts:12:3'),
    {
      name: 'PrismaClientKnownRequestError',
      code,
      meta: sqlState ? { driverAdapterError: { cause: { originalCode: sqlState } } } : { modelName: 'Lead' },
    },
  );
}

const internal = (cause: unknown) =>
  new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: (cause as Error).message, cause });

describe('what a client is told of a failure', () => {
  it('translates what a person’s input made the database refuse, in one place', () => {
    expect(describeForClient(internal(prismaError('P2002', '23505')))).toMatchObject({
      code: 'CONFLICT',
      message: '该记录已存在，请勿重复提交。',
    });
    expect(describeForClient(internal(prismaError('P2002')))).toMatchObject({ code: 'CONFLICT' });
    expect(describeForClient(internal(prismaError('P2025')))).toMatchObject({
      code: 'NOT_FOUND',
      message: '要处理的记录不存在或已被删除。',
    });
    expect(describeForClient(internal(prismaError('P2039', '22021')))).toMatchObject({
      code: 'BAD_REQUEST',
      message: '内容中含有无法保存的字符，请删除后重试。',
    });
  });

  it('says nothing of any other internal failure but what to do and the trace id', () => {
    const told = describeForClient(internal(prismaError('P2021', '42P01')), 'abc123');
    expect(told).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      message: '服务器处理请求时出错，请稍后重试。如问题持续，请联系系统管理员并提供追踪编号：abc123',
      validation: null,
    });
    expect(
      describeForClient(internal(new TypeError("Cannot read properties of undefined (reading 'id')")))
        .message,
    ).toBe('服务器处理请求时出错，请稍后重试。');
  });

  it('keeps the services’ own Chinese refusals and replaces tRPC’s English ones', () => {
    expect(describeForClient(new TRPCError({ code: 'FORBIDDEN', message: '您无权查看该案件' })).message).toBe(
      '您无权查看该案件',
    );
    expect(
      describeForClient(new TRPCError({ code: 'NOT_FOUND', message: 'No procedure found on path "x"' }))
        .message,
    ).toBe('没有找到要访问的内容或服务接口。');
  });

  it('keeps a service’s own Chinese word that something it relies on is briefly out of reach (503), with the trace id', () => {
    const unavailable = (message: string) =>
      describeForClient(new TRPCError({ code: 'SERVICE_UNAVAILABLE', message }), 'abc123').message;
    expect(unavailable('暂时无法核对机构目录，请稍后重试。')).toBe(
      '暂时无法核对机构目录，请稍后重试。如问题持续，请联系系统管理员并提供追踪编号：abc123',
    );
    expect(unavailable('connect ECONNREFUSED 127.0.0.1:8080')).toBe(
      '服务暂时不可用，请稍后重试。如问题持续，请联系系统管理员并提供追踪编号：abc123',
    );
    // Any other server failure says nothing of itself, whatever language its message is in.
    expect(
      describeForClient(new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: '键(name)=(王建国)已存在' }))
        .message,
    ).toBe('服务器处理请求时出错，请稍后重试。');
  });

  it('gives a rejected input’s issues in Chinese, the schema’s own words where it has them', () => {
    const schema = z.object({
      name: z.string().max(3),
      idNumber: z.string().regex(/^\d{18}$/, { message: '身份证号码无效' }),
      count: z.number().int().min(1),
    });
    const parsed = schema.safeParse({ name: 'abcd', idNumber: 'x', count: 0 });
    const told = describeForClient(new TRPCError({ code: 'BAD_REQUEST', message: 'x', cause: parsed.error }));
    expect(told).toEqual({
      code: 'BAD_REQUEST',
      message: '内容过长，不能超过3个字；身份证号码无效；数值过小，不能小于1',
      validation: {
        formErrors: [],
        fieldErrors: {
          name: ['内容过长，不能超过3个字'],
          idNumber: ['身份证号码无效'],
          count: ['数值过小，不能小于1'],
        },
      },
    });
  });
});
