import {
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  trace,
  type Context,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/** W3C trace context as it travels in an event envelope or message headers. */
export interface TraceContextCarrier {
  traceparent: string;
  tracestate?: string;
}

const w3c = new W3CTraceContextPropagator();

/** The active span's W3C trace context, or undefined outside any span. */
export function currentTraceContext(from: Context = context.active()): TraceContextCarrier | undefined {
  const carrier: Record<string, string> = {};
  w3c.inject(from, carrier, defaultTextMapSetter);
  if (!carrier['traceparent']) return undefined;
  return carrier['tracestate']
    ? { traceparent: carrier['traceparent'], tracestate: carrier['tracestate'] }
    : { traceparent: carrier['traceparent'] };
}

/** A context whose parent is the producer's span, for running a consumer's work: `context.with(ctx, fn)`. */
export function contextFromTraceContext(
  carrier: TraceContextCarrier | undefined,
  base: Context = context.active(),
): Context {
  if (!carrier) return base;
  return w3c.extract(base, carrier, defaultTextMapGetter);
}

/**
 * Runs `fn` as a continuation of a trace recorded earlier (e.g. work resumed by a background job), so what
 * it publishes stays in the case's trace.
 */
export function withTraceContext<T>(carrier: TraceContextCarrier | undefined, fn: () => T): T {
  return context.with(contextFromTraceContext(carrier), fn);
}

/** The active span's trace id (32 hex digits), or undefined outside any recorded span. */
export function activeTraceId(): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}
