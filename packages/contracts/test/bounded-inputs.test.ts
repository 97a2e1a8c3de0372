import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AnyProcedure, AnyRouter } from '@trpc/server';
import { inputLeaves, SERVICE_ROUTERS } from '../src/testing.ts';

const routers = Object.entries(SERVICE_ROUTERS);

const proceduresOf = (router: AnyRouter) =>
  Object.entries(router._def.procedures as Record<string, AnyProcedure>).map(([path, procedure]) => ({
    path,
    input: (procedure._def.inputs as z.ZodType[])[0],
  }));

describe('procedure inputs', () => {
  it('cap every string and number a caller can send, in every procedure of every service', () => {
    const unbounded = routers.flatMap(([service, router]) =>
      proceduresOf(router).flatMap(({ path, input }) =>
        (input ? inputLeaves(input) : [])
          .filter((leaf) => !leaf.bounded)
          .map((leaf) => `${service}.${path}: ${leaf.path.join('.') || '(input)'} (${leaf.kind})`),
      ),
    );
    expect(unbounded).toEqual([]);
  });

  it('are found unbounded wherever they sit: optional, in arrays, in unions, behind transforms', () => {
    const schema = z.object({
      items: z.array(z.object({ note: z.string().optional() })),
      choice: z.union([z.object({ a: z.string().max(5) }), z.object({ b: z.string().trim() })]),
      id: z.uuid(),
      upper: z.string().transform((v) => v.toUpperCase()),
      year: z.number().int(),
      amount: z.number().int().min(0).max(100),
      anything: z.unknown(),
    });
    expect(
      inputLeaves(schema)
        .filter((leaf) => !leaf.bounded)
        .map((leaf) => leaf.path.join('.')),
    ).toEqual(['items.[].note', 'choice.b', 'upper', 'year', 'anything']);
  });

  it('are walked for every procedure, so a procedure added later is checked too', () => {
    const procedures = routers.flatMap(([, router]) => proceduresOf(router));
    expect(procedures.length).toBeGreaterThan(90);
    expect(procedures.filter((p) => p.input).length).toBeGreaterThan(70);
  });
});
