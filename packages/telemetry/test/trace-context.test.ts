import { context, trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  StackContextManager,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { afterAll, describe, expect, it } from 'vitest';
import { contextFromTraceContext, currentTraceContext } from '../src/index.ts';

context.setGlobalContextManager(new StackContextManager().enable());
afterAll(() => context.disable());

describe('trace context for bus messages', () => {
  const exporter = new InMemorySpanExporter();
  const tracer = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }).getTracer(
    'bus',
  );

  it('carries the publishing span to the consumer as W3C traceparent', () => {
    const producer = tracer.startSpan('publish case.submitted');
    const carrier = context.with(trace.setSpan(context.active(), producer), () => currentTraceContext());
    producer.end();
    const { traceId, spanId } = producer.spanContext();
    expect(carrier).toEqual({ traceparent: `00-${traceId}-${spanId}-01` });

    // The consumer runs in another process: only the carrier travels.
    const consumer = tracer.startSpan(
      'consume case.submitted',
      {},
      contextFromTraceContext(carrier, context.active()),
    );
    consumer.end();
    expect(consumer.spanContext().traceId).toBe(traceId);
    const [, exportedConsumer] = exporter.getFinishedSpans();
    expect(exportedConsumer?.parentSpanContext?.spanId).toBe(spanId);
  });

  it('has nothing to carry outside a span, and a missing carrier leaves the context as it was', () => {
    expect(currentTraceContext()).toBeUndefined();
    const base = context.active();
    expect(contextFromTraceContext(undefined, base)).toBe(base);
  });
});
