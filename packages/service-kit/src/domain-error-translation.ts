import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { DomainError, type DomainErrorKind } from './domain-error.ts';

const CODES: Readonly<Record<DomainErrorKind, TRPC_ERROR_CODE_KEY>> = {
  invalid: 'BAD_REQUEST',
  forbidden: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  precondition: 'PRECONDITION_FAILED',
};

/** The tRPC error a domain error answers with: its kind's code and its own message. */
export const toTRPCError = (error: DomainError) =>
  new TRPCError({ code: CODES[error.kind], message: error.message, cause: error });

/**
 * A service's API whose methods answer a DomainError as the TRPCError of its kind; everything else passes
 * through unchanged. Wraps the object handed to the contracts' router, so a service translates in one place.
 */
export function translateDomainErrors<Api extends object>(api: Api): Api {
  const translated: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(api))
    translated[name] =
      typeof method === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await (method as (...a: unknown[]) => Promise<unknown>).apply(api, args);
            } catch (error) {
              throw error instanceof DomainError ? toTRPCError(error) : error;
            }
          }
        : method;
  return translated as Api;
}
