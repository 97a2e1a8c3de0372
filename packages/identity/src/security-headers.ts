import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { PAGE_STYLE_SOURCE } from './pages.ts';

/**
 * Helmet's headers on every response, with a Content Security Policy for the login, logout and error pages:
 * no script at all, only the pages' own style (by hash), never framed; their forms post to this server, whose
 * answer redirects to the portal, so the portal's origins are allowed form targets too (browsers check a form's
 * redirects against `form-action`).
 */
export function securityHeaders(portalOrigins: Iterable<string>): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: [PAGE_STYLE_SOURCE],
        imgSrc: ["'self'"],
        formAction: ["'self'", ...portalOrigins],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    xFrameOptions: { action: 'deny' },
  });
}
