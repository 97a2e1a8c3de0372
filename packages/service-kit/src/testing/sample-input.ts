import RandExpModule from 'randexp';
import { z } from 'zod';
import { beijingToday } from '@jiuzhu/calendar';
import { isValidNationalIdNumber, NationalIdNumber } from '@jiuzhu/contracts';

// randexp replaces module.exports with the class; its typings describe the default export of an ES module.
const RandExp = RandExpModule as unknown as typeof RandExpModule.default;

/** Where a value sits in the input: object keys and array indexes from the root. */
export type InputPath = readonly (string | number)[];

/**
 * Values to put into fields of these names wherever they occur (`caseId`, `leadId`, `orgId`, …): a value, or a
 * function of the field's path. A value the field's schema does not accept is ignored and one is generated.
 */
export type SampleValues = Readonly<Record<string, unknown>>;

export interface SampleOptions {
  /** Generation attempts before giving up on a schema whose refinements no attempt satisfied. Default 200. */
  attempts?: number;
}

/**
 * Builds a value that `schema` (a zod 4 schema) accepts, for calling a procedure without knowing it: fields named in
 * `values` take those values; everything else is generated from the schema's types and checks (lengths, bounds,
 * formats, patterns, enums, literals). The first attempt is the plainest value (optional fields left out unless
 * named, lowest bounds, first options); refinements it fails are retried with varied values. Throws when none
 * of the attempts is accepted, with the schema's last complaint.
 */
export function sampleInput<S extends z.ZodType>(
  schema: S,
  values: SampleValues = {},
  options: SampleOptions = {},
): z.input<S> {
  const attempts = options.attempts ?? 200;
  const idNumbers = distinctIdNumbers();
  // Where the schema complained so far: later attempts vary only there (and on the way there).
  const complaints: InputPath[] = [];
  let lastIssues: z.core.$ZodIssue[] = [];
  for (let seed = 0; seed < attempts; seed++) {
    const value = new Generator(seed, values, complaints, idNumbers).value(schema, []);
    const parsed = schema.safeParse(value);
    if (parsed.success) return value as z.input<S>;
    lastIssues = parsed.error.issues;
    for (const issue of lastIssues) complaints.push(issue.path as InputPath);
  }
  const problems = lastIssues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new Error(`sampleInput: no valid value after ${attempts} attempts\n${problems.join('\n')}`);
}

/** A zod 4 schema as this generator reads it: its definition. */
type Def = Record<string, unknown> & { type: string };
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;
const checkDefsOf = (def: Def): Def[] => ((def['checks'] as unknown[] | undefined) ?? []).map(defOf);

const TEXT = '样例文本内容';

/** mulberry32: a small deterministic generator, so each attempt is reproducible. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Schemas whose refinements no generator guesses, with a way to make values they accept: GB 11643 ID numbers
 * (a valid birth date and check character).
 */
function distinctIdNumbers(): () => string {
  let serial = 0;
  return () => {
    serial += 1;
    const body = `44098319900307${String(serial % 10_000).padStart(4, '0')}`.slice(0, 17);
    const check = [...'0123456789X'].find((char) => isValidNationalIdNumber(body + char));
    return body + (check ?? '0');
  };
}

/** Whether one path lies on the other's way from the root (or they are the same). */
const related = (a: InputPath, b: InputPath) => a.every((key, i) => i >= b.length || key === b[i]);

class Generator {
  private readonly random: () => number;
  private readonly seed: number;
  private readonly values: SampleValues;
  /** Paths the schema complained about: choices there (and on the way there) vary; elsewhere they stay plain. */
  private readonly complaints: readonly InputPath[];
  private readonly idNumber: () => string;
  private path: InputPath = [];

  constructor(seed: number, values: SampleValues, complaints: readonly InputPath[], idNumber: () => string) {
    this.seed = seed;
    this.values = values;
    this.complaints = complaints;
    this.idNumber = idNumber;
    this.random = prng(seed + 1);
  }

  /** The plainest choice is made on the first attempt, and wherever the schema has not complained. */
  private get plain(): boolean {
    return this.seed === 0 || !this.complaints.some((complaint) => related(complaint, this.path));
  }

  private int(low: number, high: number): number {
    return low + Math.floor(this.random() * (high - low + 1));
  }

  private chance(): boolean {
    return this.random() < 0.5;
  }

  private pick<T>(options: readonly T[]): T {
    return options[this.plain ? 0 : this.int(0, options.length - 1)] as T;
  }

  value(schema: unknown, path: InputPath): unknown {
    this.path = path;
    if (schema === NationalIdNumber) return this.idNumber();
    // A schema whose refinements no generator guesses carries an example of what it accepts.
    const example = (z.globalRegistry.get(schema as z.ZodType)?.examples as unknown[] | undefined)?.[0];
    if (example !== undefined) return example;
    const def = defOf(schema);
    switch (def.type) {
      case 'object':
        return this.object(def, path);
      case 'array': {
        const { min, max } = lengthBounds(def, 0, 3);
        const length = this.plain ? Math.max(min, 1) : this.int(min, Math.max(min, Math.min(max, 3)));
        return Array.from({ length: Math.min(length, max) }, (_, i) =>
          this.value(def['element'], [...path, i]),
        );
      }
      case 'tuple':
        return (def['items'] as unknown[]).map((item, i) => this.value(item, [...path, i]));
      case 'record':
        return this.record(def, path);
      case 'optional':
      case 'nonoptional':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'catch':
      case 'success':
        return this.value(def['innerType'], path);
      case 'nullable':
        return !this.plain && this.random() < 0.25 ? null : this.value(def['innerType'], path);
      case 'pipe':
        return this.value(def['in'], path);
      case 'lazy':
        return this.value((def['getter'] as () => unknown)(), path);
      case 'union':
        return this.value(this.pick(def['options'] as unknown[]), path);
      case 'intersection':
        return {
          ...(this.value(def['left'], path) as object),
          ...(this.value(def['right'], path) as object),
        };
      case 'enum':
        return this.pick(Object.values(def['entries'] as Record<string, unknown>));
      case 'literal':
        return this.pick(def['values'] as unknown[]);
      case 'string':
        return this.string(def);
      case 'number':
        return this.number(def);
      case 'bigint':
        return 0n;
      case 'boolean':
        return this.plain ? false : this.chance();
      case 'date':
        return new Date();
      case 'null':
        return null;
      default:
        // any, unknown, undefined, void, never, transform, custom…: nothing better to offer than leaving it out.
        return undefined;
    }
  }

  private object(def: Def, path: InputPath): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(def['shape'] as Record<string, unknown>)) {
      const fieldPath = [...path, key];
      const given = this.given(key, field, fieldPath);
      if (given.found) {
        result[key] = given.value;
        continue;
      }
      const optional = (field as { _zod: { optin?: string } })._zod.optin === 'optional';
      this.path = fieldPath;
      if (optional && (this.plain || this.chance())) continue;
      const value = this.value(field, fieldPath);
      if (value !== undefined) result[key] = value;
    }
    return result;
  }

  /** A record keyed by an enum needs every key; any other record may be empty. */
  private record(def: Def, path: InputPath): Record<string, unknown> {
    const keys = defOf(def['keyType']);
    if (keys.type !== 'enum') return {};
    return Object.fromEntries(
      Object.values(keys['entries'] as Record<string, string>).map((key) => [
        key,
        this.value(def['valueType'], [...path, key]),
      ]),
    );
  }

  /** The value named for this field, if there is one its schema accepts. */
  private given(key: string, field: unknown, path: InputPath): { found: boolean; value?: unknown } {
    if (!Object.hasOwn(this.values, key)) return { found: false };
    const named = this.values[key];
    const value = typeof named === 'function' ? (named as (path: InputPath) => unknown)(path) : named;
    return (field as z.ZodType).safeParse(value).success ? { found: true, value } : { found: false };
  }

  private string(def: Def): string {
    const format = def['format'] as string | undefined;
    const pattern = def['pattern'] as RegExp | undefined;
    if (format === 'uuid' || format === 'guid') return this.uuid();
    if (format === 'date') return beijingToday();
    if (format === 'datetime') return new Date().toISOString();
    if (format === 'email') return 'sample@example.com';
    if (format === 'url') return 'https://example.com/sample';
    if (format === 'base64') return Buffer.from(TEXT).toString('base64');
    if (pattern) return this.matching(pattern);

    const checks = checkDefsOf(def);
    const regex = checks.find((check) => check['format'] === 'regex')?.['pattern'] as RegExp | undefined;
    if (regex) return this.matching(regex);
    const { min, max } = lengthBounds(def, 0, Number.MAX_SAFE_INTEGER);
    const exact = checks.find((check) => check['check'] === 'length_equals')?.['length'] as
      number | undefined;
    const wanted =
      exact ?? (this.plain ? Math.min(max, Math.max(min, 4)) : this.int(min, Math.min(max, min + 40)));
    const part = (format: string, key: string) =>
      (checks.find((check) => check['format'] === format)?.[key] as string | undefined) ?? '';
    const [prefix, infix, suffix] = [
      part('starts_with', 'prefix'),
      part('includes', 'includes'),
      part('ends_with', 'suffix'),
    ];
    const fill = Math.max(0, wanted - prefix.length - infix.length - suffix.length);
    return prefix + TEXT.repeat(Math.ceil(fill / TEXT.length) + 1).slice(0, fill) + infix + suffix;
  }

  private matching(pattern: RegExp): string {
    const generator = new RandExp(pattern);
    generator.max = 3;
    // The plainest attempt takes the lowest of every choice (a repeat's minimum, a range's first character).
    generator.randInt = (low: number, high: number) => (this.plain ? low : this.int(low, high));
    return generator.gen();
  }

  private uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(0, 15).toString(16));
    hex[12] = '4';
    hex[16] = '89ab'[this.int(0, 3)] as string;
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }

  private number(def: Def): number {
    const checks = [def, ...checkDefsOf(def)];
    const integer = checks.some(
      (check) => typeof check['format'] === 'string' && /int/.test(check['format']),
    );
    const step = integer ? 1 : 0.5;
    let low = -1_000_000;
    let high = 1_000_000;
    let sawLow = false;
    for (const check of checks) {
      const bound = check['value'] as number;
      if (check['check'] === 'greater_than') {
        low = check['inclusive'] ? bound : bound + step;
        sawLow = true;
      }
      if (check['check'] === 'less_than') high = check['inclusive'] ? bound : bound - step;
    }
    if (!sawLow) low = Math.min(0, high);
    const multipleOf = checks.find((check) => check['check'] === 'multiple_of')?.['value'] as
      number | undefined;
    const candidates = [low, low + 1, low + 100, low + 10_000, low + 1_000_000].filter((n) => n <= high);
    let value = this.plain ? low : this.pick(candidates.length > 0 ? candidates : [low]);
    if (integer) value = Math.ceil(value);
    if (multipleOf) value = Math.ceil(value / multipleOf) * multipleOf;
    return value;
  }
}

function lengthBounds(def: Def, defaultMin: number, defaultMax: number): { min: number; max: number } {
  let min = defaultMin;
  let max = defaultMax;
  for (const check of checkDefsOf(def)) {
    if (check['check'] === 'min_length') min = Math.max(min, check['minimum'] as number);
    if (check['check'] === 'max_length') max = Math.min(max, check['maximum'] as number);
  }
  return { min, max: Math.max(min, max) };
}
