import { createExpressMiddleware } from '@trpc/server/adapters/express';
import type { AnyRouter } from '@trpc/server';
import express, { type Express, type RequestHandler } from 'express';
import type { Principal } from '@jiuzhu/contracts';
import type { Logger } from './logger.ts';

export interface HttpAppOptions {
  service: string;
  router: AnyRouter;
  authGuard: RequestHandler;
  /** Resolves when the service can take work; rejects with the reason it cannot. */
  readiness: () => Promise<void>;
  logger: Logger;
}

/** Health and readiness are open (for orchestrators); everything under /trpc needs a verified token. */
export function createHttpApp({ service, router, authGuard, readiness, logger }: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service });
  });
  app.get('/ready', async (_req, res) => {
    try {
      await readiness();
      res.json({ status: 'ready', service });
    } catch (error) {
      res.status(503).json({ status: 'not_ready', service, reason: (error as Error).message });
    }
  });

  app.use(
    '/trpc',
    authGuard,
    createExpressMiddleware({
      router,
      createContext: ({ req }) => ({ principal: (req as typeof req & { principal: Principal }).principal }),
      onError: ({ error, path }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          logger.error({ err: error.cause ?? error, path }, 'procedure failed');
      },
    }),
  );
  return app;
}
