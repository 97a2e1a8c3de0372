import { randomBytes } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { activeTraceId } from '@jiuzhu/telemetry';

/**
 * Names every request's trace (the active span's, or a fresh id where tracing is off) in `X-Trace-Id` and
 * for error bodies and logs, so a person can quote it and support can find the log lines.
 */
export const assignTraceId: RequestHandler = (_req, res, next) => {
  const traceId = activeTraceId() ?? randomBytes(16).toString('hex');
  res.locals['traceId'] = traceId;
  res.set('X-Trace-Id', traceId);
  next();
};

export function traceIdOf(res: Response): string | undefined {
  const traceId: unknown = res.locals['traceId'];
  return typeof traceId === 'string' ? traceId : undefined;
}
