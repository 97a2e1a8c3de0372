import type { Request, RequestHandler, Response } from 'express';
import getRawBody from 'raw-body';
import type { AnyProcedure, AnyRouter } from '@trpc/server';
import type { ApiMeta } from '@jiuzhu/contracts';
import { sendApiError } from './api-error.ts';
import { inputProblem } from './input-problems.ts';

export interface TrpcInputOptions {
  router: AnyRouter;
  /** Largest body a call may send, unless its procedure declares more (`meta.bodyLimitBytes`). */
  bodyLimitBytes: number;
}

/** The procedures a request names, as tRPC's Express adapter reads them: `/a`, or `/a,b?batch=1`. */
function calledProcedures(req: Request, searchParams: URLSearchParams): string[] | undefined {
  const segment = req.path.slice(req.path.lastIndexOf('/') + 1);
  let path: string;
  try {
    path = decodeURIComponent(segment);
  } catch {
    return undefined;
  }
  return searchParams.get('batch') === '1' ? path.split(',') : [path];
}

function bodyLimitFor(router: AnyRouter, paths: string[], fallback: number): number {
  const procedures = router._def.procedures as Record<string, AnyProcedure | undefined>;
  const declared = paths.map((path) => (procedures[path]?._def.meta as ApiMeta | undefined)?.bodyLimitBytes);
  return Math.max(fallback, ...declared.map((limit) => limit ?? 0));
}

const mebibytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

const isJson = (req: Request) =>
  /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i.test(req.headers['content-type'] ?? '');

/** Reads at most `limit` bytes: a longer body (declared or sent) fails without being buffered further. */
function readBody(req: Request, limit: number): Promise<Buffer> {
  return getRawBody(req, {
    limit,
    ...(req.headers['content-length'] ? { length: req.headers['content-length'] } : {}),
  });
}

/** The procedures this request calls, as `batchCap` found them. */
export function callsOf(res: Response): string[] {
  const calls: unknown = res.locals['calls'];
  return Array.isArray(calls) ? (calls as string[]) : [];
}

/** At most `maxBatchSize` calls in one request; remembers which procedures it calls for the next checks. */
export function batchCap(maxBatchSize: number): RequestHandler {
  return (req, res, next) => {
    const paths = calledProcedures(req, new URL(req.originalUrl, 'http://edge').searchParams);
    if (!paths) {
      sendApiError(res, 'BAD_REQUEST', '请求地址的编码不正确。');
      return;
    }
    if (paths.length > maxBatchSize) {
      sendApiError(res, 'BAD_REQUEST', `一次请求最多合并${maxBatchSize}个调用，请分批提交。`);
      return;
    }
    res.locals['calls'] = paths;
    next();
  };
}

/** How long the rest of a refused body is read (and dropped) before the answer, at most. */
const DISCARD_MS = 3_000;

/**
 * Reads what is left of a refused body without keeping any of it, for a few seconds at most, so that the
 * connection is not reset under the sender before it reads the answer (as a server's lingering close does).
 */
function discardRest(req: Request): Promise<void> {
  if (req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, DISCARD_MS);
    req
      .once('end', done)
      .once('close', done)
      .on('data', () => undefined);
    req.resume();
  });
}

/**
 * Everything a tRPC call sends is checked here, once, before any procedure sees it: a body within its limit
 * (no more of it is kept once the limit is passed, and the connection is closed after the 413), UTF-8 JSON
 * only; and no string a person could not have meant (see `inputProblem`). Every refusal is a 4xx in
 * tRPC's shape with a Chinese message.
 */
export function trpcInputGuard({ router, bodyLimitBytes }: TrpcInputOptions): RequestHandler {
  return async (req, res, next) => {
    const searchParams = new URL(req.originalUrl, 'http://edge').searchParams;
    if (req.method !== 'GET' && req.method !== 'POST') {
      sendApiError(res, 'METHOD_NOT_SUPPORTED', '查询请使用 GET，提交请使用 POST。', { allow: 'GET, POST' });
      return;
    }

    let text: string | undefined;
    if (req.method === 'GET') {
      text = searchParams.get('input') ?? undefined;
    } else {
      const encoding = req.headers['content-encoding'];
      if (encoding && encoding !== 'identity') {
        sendApiError(res, 'UNSUPPORTED_MEDIA_TYPE', '请求内容不能压缩，请直接以 JSON 提交。');
        return;
      }
      const limit = bodyLimitFor(router, callsOf(res), bodyLimitBytes);
      let body: Buffer;
      try {
        body = await readBody(req, limit);
      } catch (error) {
        const tooLarge = (error as { type?: unknown }).type === 'entity.too.large';
        await discardRest(req);
        res.set('Connection', 'close');
        if (tooLarge)
          sendApiError(
            res,
            'PAYLOAD_TOO_LARGE',
            `提交的内容过大（上限 ${mebibytes(limit)}），请精简后重试。`,
          );
        else sendApiError(res, 'BAD_REQUEST', '请求内容不完整，请重试。');
        return;
      }
      if (body.length > 0) {
        if (!isJson(req)) {
          sendApiError(res, 'UNSUPPORTED_MEDIA_TYPE', '请求格式不受支持，请以 UTF-8 编码的 JSON 提交。');
          return;
        }
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(body);
        } catch {
          sendApiError(res, 'BAD_REQUEST', '请求内容不是有效的 UTF-8 文本。');
          return;
        }
      }
      // tRPC takes a body it finds here instead of reading the (now consumed) stream.
      req.body = text;
    }

    if (text !== undefined) {
      let input: unknown;
      try {
        input = JSON.parse(text);
      } catch {
        sendApiError(res, 'BAD_REQUEST', '请求内容不是有效的 JSON，请检查后重试。');
        return;
      }
      const problem = inputProblem(input);
      if (problem) {
        sendApiError(res, 'BAD_REQUEST', problem);
        return;
      }
    }
    next();
  };
}
