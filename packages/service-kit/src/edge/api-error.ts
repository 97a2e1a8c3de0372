import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { apiErrorShape, genericMessage } from '@jiuzhu/contracts';
import { traceIdOf } from './trace-id.ts';

/** Answers in tRPC's error shape (a code, a Chinese message, the trace id), as procedures' failures are. */
export function sendApiError(
  res: Response,
  code: TRPC_ERROR_CODE_KEY,
  message?: string,
  headers: Record<string, string> = {},
): void {
  const traceId = traceIdOf(res);
  const shape = apiErrorShape(code, message ?? genericMessage(code, traceId), { traceId });
  res.status(shape.data.httpStatus).set(headers).json({ error: shape });
}

const CODE_BY_STATUS: Readonly<Record<number, TRPC_ERROR_CODE_KEY>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  408: 'TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
};

/** A route nobody serves: JSON in Chinese rather than Express's English page. */
export const notFound: RequestHandler = (_req, res) => {
  sendApiError(res, 'NOT_FOUND', '没有这个服务接口。');
};

/**
 * The last handler: whatever failed outside a procedure (a malformed URL, a static file) gets a code and a
 * Chinese message with the trace id; the detail goes to the log, never to the client.
 */
export function apiErrorHandler(
  log: (detail: { err: unknown; traceId: string | undefined }) => void,
): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const status = (error as { status?: unknown }).status;
    const code = (typeof status === 'number' && CODE_BY_STATUS[status]) || 'INTERNAL_SERVER_ERROR';
    if (code === 'INTERNAL_SERVER_ERROR') log({ err: error, traceId: traceIdOf(res) });
    sendApiError(res, code);
  };
}
