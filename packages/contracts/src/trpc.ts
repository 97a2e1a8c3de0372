import { initTRPC } from '@trpc/server';
import { ZodError, z } from 'zod';
import type { Principal } from './identity.ts';

/** What every procedure knows about the call: the verified person behind the token. */
export interface ApiContext {
  principal: Principal;
}

const t = initTRPC.context<ApiContext>().create({
  // The portal bundles these schemas and router types into the browser; procedures only ever run in services.
  allowOutsideOfServer: true,
  errorFormatter({ shape, error }) {
    const validation = error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
    return { ...shape, data: { ...shape.data, validation } };
  },
});

export const router = t.router;
/** Every procedure requires a principal; the service's auth guard has already rejected unauthenticated calls. */
export const procedure = t.procedure;
