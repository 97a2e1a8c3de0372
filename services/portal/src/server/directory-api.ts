import express, { type RequestHandler, type Router } from 'express';
import type { OrganisationDirectory } from './organisation-directory.ts';

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
      log(`portal: ${(error as Error).message}`);
      res
        .status(502)
        .json({ error: { message: '统一身份认证暂时无法访问，无法读取机构目录，请稍后重试。' } });
    }
  });
  router.use((_req, res) => {
    res.status(404).json({ error: { message: '没有这个服务接口。' } });
  });
  return router;
}
