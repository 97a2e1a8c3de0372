import { TRPCClientError } from '@trpc/client';
import { OUT_OF_REACH } from '@jiuzhu/auth/policy';

/**
 * `out_of_reach`: the service refused with the one answer for a case (or anything of a case) that does not exist
 * or is another agency's. On a page whose case the person was shown, it means this service has not heard of the
 * case yet (its opening arrives by event a moment later).
 */
export type FailureKind =
  'unauthenticated' | 'forbidden' | 'out_of_reach' | 'not_found' | 'invalid' | 'unavailable' | 'other';

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
    if (kind === 'forbidden' && error.message === OUT_OF_REACH)
      return { kind: 'out_of_reach', message: error.message };
    return { kind, message: error.message };
  }
  return { kind: 'other', message: error instanceof Error ? error.message : String(error) };
}

/** Whether a failure on a page whose case the person was shown means: nothing here yet (the service has no record). */
export const notThereYet = (failure: Failure) =>
  failure.kind === 'not_found' || failure.kind === 'out_of_reach';

/** A page's own thing refused: another agency's, or one that does not exist (the same answer for both). */
export const refused = (failure: Failure) => failure.kind === 'forbidden' || failure.kind === 'out_of_reach';
