import { getNumberFromEnv, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { setTelemetryState } from './sdk-state.ts';
import { PersonalDataSpanProcessor } from './span-guard.ts';

/** Whether spans are sent anywhere: only when an OTLP endpoint is configured. */
export function otlpExportConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_ENDPOINT']);
}

function exportingProcessor(): SpanProcessor {
  // The exporter reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT/HEADERS itself and posts OTLP JSON.
  return new BatchSpanProcessor({
    exporter: new OTLPTraceExporter(),
    scheduledDelayMillis: getNumberFromEnv('OTEL_BSP_SCHEDULE_DELAY'),
    maxQueueSize: getNumberFromEnv('OTEL_BSP_MAX_QUEUE_SIZE'),
    maxExportBatchSize: getNumberFromEnv('OTEL_BSP_MAX_EXPORT_BATCH_SIZE'),
    exportTimeoutMillis: getNumberFromEnv('OTEL_BSP_EXPORT_TIMEOUT'),
  });
}

/** Liveness and readiness probes would otherwise fill traces with a span every few seconds. */
function isProbe(url: string | undefined): boolean {
  return /^\/(health|ready)(?:[/?]|$)/.test(url ?? '');
}

/**
 * Starts tracing for this process (once): W3C trace context, http/fetch/express/pg instrumentation, the
 * personal-data guard ahead of any exporter, OTLP/HTTP export only when an endpoint is configured. Without an
 * endpoint spans are still created, so logs carry trace ids. Returns false when already started.
 */
export function startTelemetry(env: NodeJS.ProcessEnv = process.env): boolean {
  const spanProcessors: SpanProcessor[] = [new PersonalDataSpanProcessor()];
  if (otlpExportConfigured(env)) spanProcessors.push(exportingProcessor());

  const sdk = new NodeSDK({
    serviceName: env['OTEL_SERVICE_NAME'],
    textMapPropagator: new W3CTraceContextPropagator(),
    spanProcessors,
    // Metrics and OTel logs are not exported (logs go to stdout); without these the SDK would default to OTLP.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => isProbe(request.url) }),
      new UndiciInstrumentation(),
      new ExpressInstrumentation(),
      // Parameter values stay out of spans; polling outside any request (outbox relay) makes no root spans.
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
    ],
  });
  if (!setTelemetryState(() => sdk.shutdown())) return false;
  sdk.start();
  return true;
}
