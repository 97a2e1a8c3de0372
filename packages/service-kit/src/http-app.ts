import { createExpressMiddleware } from '@trpc/server/adapters/express';
import type { AnyRouter } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import express, { type Express, type RequestHandler } from 'express';
import type { ApiContext } from '@jiuzhu/contracts';
import { apiErrorHandler, notFound } from './edge/api-error.ts';
import { perPersonRateLimit } from './edge/rate-limit.ts';
import { assignTraceId, traceIdOf } from './edge/trace-id.ts';
import { batchCap, trpcInputGuard } from './edge/trpc-input.ts';
import type { Logger } from './logger.ts';

export interface HttpLimits {
  /** Largest request body, in bytes, unless a procedure declares more. */
  bodyLimitBytes: number;
  /** Most calls in one batched request. */
  maxBatchSize: number;
  /** Calls per person per minute on this instance; 0: no limit. */
  requestsPerMinute: number;
}

export interface HttpAppOptions {
  service: string;
  router: AnyRouter;
  authGuard: RequestHandler;
  /** Resolves when the service can take work; rejects with the reason it cannot. */
  readiness: () => Promise<void>;
  logger: Logger;
  limits: HttpLimits;
}

/**
 * Health and readiness are open (for orchestrators) and say nothing of why a service is not ready; everything
 * under /trpc needs a verified token, then passes the edge checks (batch size, per-person rate, body size,
 * input characters) before tRPC. Every failure a client sees is a code, a Chinese message and a trace id;
 * the detail goes to the log under that trace id.
 */
export function createHttpApp({
  service,
  router,
  authGuard,
  readiness,
  logger,
  limits,
}: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(assignTraceId);

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service });
  });
  app.get('/ready', async (_req, res) => {
    try {
      await readiness();
      res.json({ status: 'ready', service });
    } catch (error) {
      logger.warn({ err: error, trace_id: traceIdOf(res) }, 'not ready');
      res.status(503).json({ status: 'not_ready', service });
    }
  });

  app.use(
    '/trpc',
    authGuard,
    batchCap(limits.maxBatchSize),
    perPersonRateLimit(limits.requestsPerMinute),
    trpcInputGuard({ router, bodyLimitBytes: limits.bodyLimitBytes }),
    createExpressMiddleware({
      router,
      // The guard above reads every body; these only back it up.
      maxBatchSize: limits.maxBatchSize,
      maxBodySize: limits.bodyLimitBytes,
      createContext: ({ req, res }): ApiContext => ({
        principal: req.principal!,
        ...(traceIdOf(res) ? { traceId: traceIdOf(res) } : {}),
      }),
      onError: ({ error, path, ctx }) => {
        if (getHTTPStatusCodeFromError(error) >= 500)
          logger.error(
            { err: error.cause ?? error, path, trace_id: (ctx as ApiContext | undefined)?.traceId },
            'procedure failed',
          );
      },
    }),
  );
  app.use(notFound);
  app.use(apiErrorHandler(({ err, traceId }) => logger.error({ err, trace_id: traceId }, 'request failed')));
  return app;
}
