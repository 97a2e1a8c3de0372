import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { CSP_NONCE_PLACEHOLDER } from '../shared/csp-nonce.ts';

function nonceOf(res: ServerResponse): string {
  return (res as Response).locals['cspNonce'] as string;
}

/**
 * Helmet's headers on every response (pages, assets, `/config.json`, the API proxy), with a strict Content
 * Security Policy: scripts only from the portal itself, nothing inline; `<style>` elements only with this
 * response's nonce (antd's CSS-in-JS injects them; the page learns the nonce from index.html); fetches only to
 * the portal and the identity provider (token endpoint, Admin REST API); the identity provider is also where
 * sign-in and sign-out go. No framing, no plugins, no `<base>` elsewhere.
 */
export function securityHeaders(authServerUrl: string): RequestHandler[] {
  const identityProvider = new URL(authServerUrl).origin;
  const giveNonce: RequestHandler = (_req, res, next) => {
    res.locals['cspNonce'] = randomBytes(18).toString('base64');
    next();
  };
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", (_req, res) => `'nonce-${nonceOf(res)}'`],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", identityProvider],
        formAction: ["'self'", identityProvider],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
    },
    xFrameOptions: { action: 'deny' },
  });
  return [giveNonce, headers];
}

/**
 * The single-page app's index.html, read afresh (a rebuild renames the assets) with this response's nonce where
 * the build left its placeholder; never cached, since the nonce must match this response's header.
 */
export function pageWithNonce(webRoot: string): RequestHandler {
  return async (_req, res) => {
    const page = await readFile(join(webRoot, 'index.html'), 'utf8');
    res
      .set('cache-control', 'no-store')
      .type('html')
      .send(page.replaceAll(CSP_NONCE_PLACEHOLDER, nonceOf(res)));
  };
}
