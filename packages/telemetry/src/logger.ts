import { isSpanContextValid, trace } from '@opentelemetry/api';
import { pino, type DestinationStream, type Logger } from 'pino';
import { isPersonalDataKey, maskPersonalDataInText, personalDataKeys } from './personal-data.ts';

export type { Logger };

export const REDACTED = '[REDACTED]';

export interface CreateLoggerOptions {
  /** Default: LOG_LEVEL, else `info`. */
  level?: string;
  /** Default: stdout. */
  destination?: DestinationStream;
}

const redactPaths = personalDataKeys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);
const MAX_DEPTH = 6;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Copies plain objects and arrays, redacting personal keys in any spelling and masking look-alike numbers. */
function scrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return maskPersonalDataInText(value);
  if (depth >= MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isPersonalDataKey(key) ? REDACTED : scrub(item, depth + 1);
  }
  return out;
}

function activeTraceIds(): Record<string, string> {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

/**
 * JSON lines on stdout with `service`, and `trace_id`/`span_id` of the active span, on every line. Personal
 * fields (see `personalDataKeys`, at any nesting the walk reaches and always at one and two levels deep) are
 * replaced by `[REDACTED]`; ID, bank card and mobile numbers inside strings, messages and errors are masked.
 */
export function createLogger(service: string, options: CreateLoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env['LOG_LEVEL'] ?? 'info',
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: activeTraceIds,
      redact: { paths: redactPaths, censor: REDACTED },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrub(object, 0) as Record<string, unknown>,
      },
      serializers: {
        // The standard serializer returns non-plain objects; a JSON copy lets the scrub reach message, stack, cause.
        err: (error: Error) => scrub(JSON.parse(JSON.stringify(pino.stdSerializers.err(error))), 0),
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((arg) => (typeof arg === 'string' ? maskPersonalDataInText(arg) : arg));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    options.destination,
  );
}
