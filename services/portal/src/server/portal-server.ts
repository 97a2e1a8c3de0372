import type { Server } from 'node:http';
import { createAuthGuard, createOrganisationDirectory, unconfiguredDirectory } from '@jiuzhu/auth';
import { answerClientErrors, apiErrorHandler, assignTraceId, notFound } from '@jiuzhu/service-kit/edge';
import express from 'express';
import {
  apiPath,
  DIRECTORY_API_PATH,
  PORTAL_CLIENT_ID,
  SERVICE_NAMES,
  type PortalConfig,
  type ServiceName,
} from '../shared/portal-config.ts';
import { directoryApi } from './directory-api.ts';
import { DIRECTORY_CLIENT_ID, type PortalOptions } from './options.ts';
import { pageWithNonce, securityHeaders } from './security-headers.ts';
import { serviceProxy } from './service-proxy.ts';
import { DEFAULT_WEB_ROOT, ensureWebBuild } from './web-build.ts';

export interface RunningPortal {
  /** Where people open the portal, e.g. http://127.0.0.1:4100 */
  url: string;
  close(): Promise<void>;
}

function browserConfig(options: PortalOptions): PortalConfig {
  return {
    authServerUrl: options.authServerUrl.replace(/\/+$/, ''),
    realm: options.realm,
    clientId: PORTAL_CLIENT_ID,
    services: Object.fromEntries(SERVICE_NAMES.map((name) => [name, apiPath(name)])) as Record<
      ServiceName,
      string
    >,
  };
}

/**
 * The portal's web server: the built single-page app, `/config.json` (identity provider and API locations),
 * a same-origin proxy to each service's tRPC API and the organisation directory at `/api/directory`.
 */
export async function startPortal(
  options: PortalOptions,
  log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<RunningPortal> {
  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  await ensureWebBuild(webRoot, log);
  const config = browserConfig(options);

  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders(config.authServerUrl));
  app.use(assignTraceId);
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: 'portal' });
  });
  app.get('/ready', (_req, res) => {
    res.json({ status: 'ready', service: 'portal' });
  });
  app.get('/config.json', (_req, res) => {
    res.set('cache-control', 'no-store').json(config);
  });
  const directory = options.directoryClient
    ? createOrganisationDirectory({
        authServerUrl: options.authServerUrl,
        realm: options.realm,
        client: options.directoryClient,
        log: (line) => log(`portal: ${line}`),
      })
    : unconfiguredDirectory(DIRECTORY_CLIENT_ID, (line) => log(`portal: ${line}`));
  const guard = createAuthGuard({
    authServerUrl: options.authServerUrl,
    realm: options.realm,
    clientId: options.directoryClient?.clientId ?? DIRECTORY_CLIENT_ID,
  });
  app.use(DIRECTORY_API_PATH, directoryApi(directory, guard, log));
  for (const name of SERVICE_NAMES) app.use(apiPath(name), serviceProxy(name, options.serviceUrls[name]));
  app.use('/api', notFound);
  // Hashed assets may be cached for long; index.html must always be fresh to pick up a new build.
  app.use(
    '/assets',
    express.static(`${webRoot}/assets`, { immutable: true, maxAge: '1y', fallthrough: false }),
  );
  const page = pageWithNonce(webRoot);
  app.get('/index.html', page);
  app.use(express.static(webRoot, { index: false }));
  app.get('/{*path}', page);
  // Whatever fails here (a malformed address, a missing asset) is answered in Chinese; the detail is logged.
  app.use(
    apiErrorHandler(({ err, traceId }) =>
      log(`portal: request failed (trace ${traceId}): ${err instanceof Error ? err.stack : String(err)}`),
    ),
  );

  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port, host, () => resolve(s));
    s.once('error', reject);
    answerClientErrors(s);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${host}:${port}`;
  log(`portal: listening at ${url}`);
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
