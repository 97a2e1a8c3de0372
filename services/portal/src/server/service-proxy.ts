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

/** How long an instance that did not answer is passed over before it is tried again. */
const PASS_OVER_MS = 5_000;

/**
 * Takes turns among a service's instances, passing over one that just failed to answer (until all have).
 * In production a load balancer in front of the instances does this; the portal needs it for the start
 * command's own instances.
 */
function instancePicker(serviceUrl: string) {
  const targets = serviceUrl.split(',').map((url) => `${url.trim().replace(/\/+$/, '')}/trpc`);
  const downUntil = new Map<string, number>();
  let turn = 0;
  return {
    first: targets[0]!,
    next(): string {
      const now = Date.now();
      for (let i = 0; i < targets.length; i++) {
        const target = targets[turn++ % targets.length]!;
        if ((downUntil.get(target) ?? 0) <= now) return target;
      }
      return targets[turn++ % targets.length]!;
    },
    failed(target: string) {
      downUntil.set(target, Date.now() + PASS_OVER_MS);
    },
  };
}

/**
 * Forwards `/api/<service>/<procedure>` to `<serviceUrl>/trpc/<procedure>`, Authorization header included, so
 * the browser calls every service on the portal's own origin (the services send no CORS headers).
 * An unreachable service answers in tRPC's error shape, so the page can say which part is unavailable.
 */
export function serviceProxy(service: ServiceName, serviceUrl: string): RequestHandler {
  const instances = instancePicker(serviceUrl);
  const chosen = new WeakMap<object, string>();
  return createProxyMiddleware({
    target: instances.first,
    router: (req) => {
      const target = instances.next();
      chosen.set(req, target);
      return target;
    },
    changeOrigin: true,
    xfwd: true,
    on: {
      error: (_error, req, res) => {
        const target = chosen.get(req);
        if (target) instances.failed(target);
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
