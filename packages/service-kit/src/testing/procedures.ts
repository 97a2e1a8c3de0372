import type { AnyProcedure, AnyRouter } from '@trpc/server';
import type { z } from 'zod';

/** One procedure of a router, as a caller needs to know it. */
export interface ProcedureShape {
  /** The path it is called under (`getCase`, or `nested.getCase` in a nested router). */
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  /** Its input schema (several `.input()` calls merged by tRPC are given in order), or undefined without input. */
  inputs: z.ZodType[];
}

/**
 * Every procedure a router holds, read at run time, so tests can call each one, including procedures added
 * after the test was written.
 */
export function proceduresOf(router: AnyRouter): ProcedureShape[] {
  const procedures = router._def.procedures as Record<string, AnyProcedure>;
  return Object.entries(procedures)
    .map(([path, procedure]) => ({
      path,
      type: procedure._def.type,
      inputs: procedure._def.inputs as z.ZodType[],
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
}
