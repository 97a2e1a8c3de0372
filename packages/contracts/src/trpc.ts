import { initTRPC } from '@trpc/server';
import { apiErrorShape, describeForClient } from './api-errors.ts';
import type { Principal } from './identity.ts';

/** What every procedure knows about the call: the verified person behind the token. */
export interface ApiContext {
  principal: Principal;
  /** The request's trace id, which the client gets with any failure to quote to support. */
  traceId?: string;
}

/** What a procedure declares about how it is called, read by the services' HTTP edge. */
export interface ApiMeta {
  /** A larger request body than the service's limit (in bytes), for a procedure that takes files. */
  bodyLimitBytes?: number;
}

const t = initTRPC
  .context<ApiContext>()
  .meta<ApiMeta>()
  .create({
    // The portal bundles these schemas and router types into the browser; procedures only ever run in services.
    allowOutsideOfServer: true,
    // Clients get a code and a Chinese message, never a stack or a database's words; the log has the detail.
    errorFormatter({ error, ctx, path }) {
      const traceId = ctx?.traceId;
      const { code, message, validation } = describeForClient(error, traceId);
      return apiErrorShape(code, message, { path, traceId, validation });
    },
  });

export const router = t.router;
/** Every procedure requires a principal; the service's auth guard has already rejected unauthenticated calls. */
export const procedure = t.procedure;
