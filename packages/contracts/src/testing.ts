import type { AnyRouter } from '@trpc/server';
import { z } from 'zod';
import { approvalRouter, type ApprovalApi } from './api/approval.ts';
import { followupRouter, type FollowupApi } from './api/followup.ts';
import { intakeRouter, type IntakeApi } from './api/intake.ts';
import { investigationRouter, type InvestigationApi } from './api/investigation.ts';
import { paymentsRouter, type PaymentsApi } from './api/payments.ts';
import { referralRouter, type ReferralApi } from './api/referral.ts';

/**
 * Every service's router, keyed by service name, built over an API that is never called: for tests that walk
 * every procedure (a procedure added to a router is walked without changing them).
 */
export const SERVICE_ROUTERS = {
  intake: intakeRouter({} as IntakeApi),
  investigation: investigationRouter({} as InvestigationApi),
  approval: approvalRouter({} as ApprovalApi),
  payments: paymentsRouter({} as PaymentsApi),
  referral: referralRouter({} as ReferralApi),
  followup: followupRouter({} as FollowupApi),
} satisfies Record<string, AnyRouter>;

/** A path into an input: object keys, and `[]` for "any element of this array". */
export type LeafPath = readonly (string | '[]')[];

export interface InputLeaf {
  path: LeafPath;
  kind: 'string' | 'number' | 'open';
  /**
   * Strings: whether the schema caps their length (a `max`, or a format of fixed length). Numbers: whether it
   * gives them a range (both ends, narrower than any safe integer).
   */
  bounded: boolean;
}

/** String formats whose pattern fixes the length, so no `max` is needed. */
const FIXED_LENGTH_FORMATS = new Set(['uuid', 'guid', 'date', 'datetime', 'time']);

function stringBounded(schema: z.ZodString): boolean {
  return schema.maxLength !== null || FIXED_LENGTH_FORMATS.has(schema.format ?? '');
}

/** A range narrower than "any safe integer", which `int()` alone allows. */
function numberBounded(schema: z.ZodNumber): boolean {
  const { minValue, maxValue } = schema;
  return (
    minValue !== null &&
    maxValue !== null &&
    minValue > Number.MIN_SAFE_INTEGER &&
    maxValue < Number.MAX_SAFE_INTEGER
  );
}

type Def = z.core.$ZodTypeDef & Record<string, unknown>;
const defOf = (schema: z.core.$ZodType) => schema._zod.def as Def;

/**
 * The leaves of an input schema a caller can fill with a string or a number (and any open `unknown`/`any`
 * value), with where they sit. Walks what the caller sends: the input side of pipes and transforms, every
 * option of a union, the keys and values of records.
 */
export function inputLeaves(schema: z.core.$ZodType, path: LeafPath = []): InputLeaf[] {
  const def = defOf(schema);
  const inner = (key: string) => inputLeaves(def[key] as z.core.$ZodType, path);
  switch (def.type) {
    case 'string':
      return [{ path, kind: 'string', bounded: stringBounded(schema as z.ZodString) }];
    case 'number':
      return [{ path, kind: 'number', bounded: numberBounded(schema as z.ZodNumber) }];
    case 'bigint':
      return [{ path, kind: 'number', bounded: false }];
    case 'object':
      return Object.entries(def['shape'] as Record<string, z.core.$ZodType>).flatMap(([key, value]) =>
        inputLeaves(value, [...path, key]),
      );
    case 'array':
    case 'set':
      return inputLeaves((def['element'] ?? def['valueType']) as z.core.$ZodType, [...path, '[]']);
    case 'record':
      return [
        ...inputLeaves(def['keyType'] as z.core.$ZodType, [...path, '[]']),
        ...inputLeaves(def['valueType'] as z.core.$ZodType, [...path, '[]']),
      ];
    case 'tuple':
      return (def['items'] as z.core.$ZodType[]).flatMap((item) => inputLeaves(item, [...path, '[]']));
    case 'union':
      return (def['options'] as z.core.$ZodType[]).flatMap((option) => inputLeaves(option, path));
    case 'intersection':
      return [...inner('left'), ...inner('right')];
    case 'pipe': {
      const first = def['in'] as z.core.$ZodType;
      return defOf(first).type === 'transform' ? inner('out') : inputLeaves(first, path);
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return inner('innerType');
    case 'lazy':
      return inputLeaves((def['getter'] as () => z.core.$ZodType)(), path);
    case 'any':
    case 'unknown':
    case 'custom':
      return [{ path, kind: 'open', bounded: false }];
    default:
      // enum, literal, boolean, date, null, undefined…: a caller cannot send anything long through them.
      return [];
  }
}
