import express, { type RequestHandler, type Router } from 'express';
import { notFound, sendApiError, traceIdOf } from '@jiuzhu/service-kit/edge';
import type { OrganisationDirectory } from '@jiuzhu/auth';

/**
 * `GET /organisations`: the organisation directory, read-only, for anyone signed in. The guard verifies the
 * caller's access token as every service does (signature against the realm's keys, expiry, issuer, `typ`,
 * organisation claim); a missing or bad token is a 401.
 */
export function directoryApi(
  directory: OrganisationDirectory,
  guard: RequestHandler,
  log: (line: string) => void,
): Router {
  const router = express.Router();
  router.use(guard);
  router.get('/organisations', async (_req, res) => {
    try {
      const organisations = await directory.organisations();
      res.set('cache-control', 'private, max-age=60').json(organisations);
    } catch (error) {
      log(`portal: ${(error as Error).message} (trace ${traceIdOf(res)})`);
      sendApiError(res, 'BAD_GATEWAY', '统一身份认证暂时无法访问，无法读取机构目录，请稍后重试。');
    }
  });
  router.use(notFound);
  return router;
}
