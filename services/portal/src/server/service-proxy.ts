import type { RequestHandler, Response } from 'express';
import { sendApiError } from '@jiuzhu/service-kit/edge';
import { createProxyMiddleware } from 'http-proxy-middleware';
import type { ServiceName } from '../shared/portal-config.ts';

const SERVICE_LABELS: Record<ServiceName, string> = {
  intake: '案源受理',
  investigation: '调查核实',
  approval: '审批',
  payments: '救助金发放',
  referral: '衔接移送',
  followup: '回访',
};

/**
 * Forwards `/api/<service>/<procedure>` to `<serviceUrl>/trpc/<procedure>`, Authorization header included, so
 * the browser calls every service on the portal's own origin (the services send no CORS headers).
 * An unreachable service answers in tRPC's error shape, so the page can say which part is unavailable.
 */
export function serviceProxy(service: ServiceName, serviceUrl: string): RequestHandler {
  return createProxyMiddleware({
    target: `${serviceUrl.replace(/\/+$/, '')}/trpc`,
    changeOrigin: true,
    xfwd: true,
    on: {
      error: (_error, _req, res) => {
        if (!('writeHead' in res) || res.headersSent) {
          res.end();
          return;
        }
        sendApiError(
          res as Response,
          'BAD_GATEWAY',
          `${SERVICE_LABELS[service]}服务暂时无法访问，请稍后重试。`,
        );
      },
    },
  }) as unknown as RequestHandler;
}
