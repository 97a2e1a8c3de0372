import { TRPCClientError } from '@trpc/client';

export type FailureKind = 'unauthenticated' | 'forbidden' | 'not_found' | 'invalid' | 'unavailable' | 'other';

export interface Failure {
  kind: FailureKind;
  /** What the service said (already in Chinese for refusals and validation), or a generic explanation. */
  message: string;
}

const KIND_BY_STATUS: Record<number, FailureKind> = {
  400: 'invalid',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  502: 'unavailable',
  503: 'unavailable',
  504: 'unavailable',
};

/** Classifies a failed call so a screen can say what happened in words a person understands. */
export function describeFailure(error: unknown): Failure {
  if (error instanceof TRPCClientError) {
    const status = (error.data as { httpStatus?: number } | undefined)?.httpStatus;
    const kind = (status !== undefined ? KIND_BY_STATUS[status] : undefined) ?? 'other';
    if (kind === 'unauthenticated') return { kind, message: '登录已过期，请重新登录。' };
    if (!status) return { kind: 'unavailable', message: '无法连接服务，请检查网络后重试。' };
    return { kind, message: error.message };
  }
  return { kind: 'other', message: error instanceof Error ? error.message : String(error) };
}
