import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attributeText, startOtlpReceiver, type ReceivedSpan } from './support/otlp-receiver.ts';
import { startServiceProcess, type LogLine } from './support/service-process.ts';

const ID_NUMBER = '110101199003077777';
const PHONE = '13812345678';
const DATABASE_URL = process.env['TEST_DATABASE_URL'] || 'postgresql://postgres@127.0.0.1:5432/test';
const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CLIENT = 3;

describe('two services started with --import @jiuzhu/telemetry/register', () => {
  const queryParam = `pg-param-${randomBytes(6).toString('hex')}`;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let spans: ReceivedSpan[];
  let frontLogs: LogLine[];
  let backLogs: LogLine[];
  let allOutput: string;
  let responseStatus: number;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const back = await startServiceProcess('back-service.ts', {
      OTEL_SERVICE_NAME: 'back',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/v1/traces`,
      DATABASE_URL,
      QUERY_PARAM: queryParam,
    });
    const front = await startServiceProcess('front-service.ts', {
      OTEL_SERVICE_NAME: 'front',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      BACK_URL: back.url,
    });
    expect((await fetch(`${back.url}/health`)).status).toBe(200);
    responseStatus = (await fetch(`${front.url}/?idNumber=${ID_NUMBER}`)).status;
    // Front stops through its own SIGTERM handler, back through the register hook's default; both flush.
    await Promise.all([front.stop(), back.stop()]);
    spans = receiver.spans();
    frontLogs = front.logLines();
    backLogs = back.logLines();
    allOutput = front.output() + back.output();
  });
  afterAll(() => receiver?.close());

  it('exports both services’ spans as OTLP JSON in one trace, the call parented across the hop', () => {
    expect(responseStatus).toBe(200);
    expect(receiver.requests.every((r) => r.headers['content-type'] === 'application/json')).toBe(true);

    const frontServer = spans.find((s) => s.service === 'front' && s.kind === SPAN_KIND_SERVER);
    const frontClient = spans.find((s) => s.service === 'front' && s.kind === SPAN_KIND_CLIENT);
    const backServer = spans.find((s) => s.service === 'back' && s.kind === SPAN_KIND_SERVER);
    const backQuery = spans.find((s) => s.service === 'back' && s.name.startsWith('pg.query'));
    expect(frontServer, 'front server span').toBeDefined();
    expect(frontClient, 'front client span').toBeDefined();
    expect(backServer, 'back server span').toBeDefined();
    expect(backQuery, 'back pg.query span').toBeDefined();

    // One trace: the health probe the test made first left no span at all.
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([frontServer!.traceId]));
    expect(frontClient!.parentSpanId).toBe(frontServer!.spanId);
    expect(backServer!.parentSpanId).toBe(frontClient!.spanId);
  });

  it('keeps the ID number, the query string and query parameters out of every span', () => {
    const attributes = spans.flatMap((s) => [
      ...(s.attributes ?? []),
      ...(s.events ?? []).flatMap((e) => e.attributes ?? []),
    ]);
    const texts = attributes.flatMap((a) => attributeText(a.value));
    expect(texts.length).toBeGreaterThan(20);
    for (const text of [...texts, ...spans.map((s) => s.name)]) {
      expect(text).not.toContain(ID_NUMBER);
      expect(text).not.toContain('?');
      expect(text).not.toContain('input=');
      expect(text).not.toContain(queryParam);
    }
    expect(attributes.map((a) => a.key)).not.toContain('url.query');
    const backServer = spans.find((s) => s.service === 'back' && s.kind === SPAN_KIND_SERVER);
    expect(backServer?.attributes?.find((a) => a.key === 'url.path')?.value.stringValue).toBe('/lookup');
    const raw = receiver.requests.map((r) => r.body).join('\n');
    expect(raw).not.toContain(ID_NUMBER);
    expect(raw).not.toContain(queryParam);
  });

  it('prints log lines carrying the same trace id, with personal fields redacted', () => {
    const traceId = spans[0]?.traceId;
    const forwarded = frontLogs.find((l) => l.msg === 'forwarding lookup');
    const received = backLogs.find((l) => l.msg.startsWith('lookup for'));

    expect(forwarded).toMatchObject({
      service: 'front',
      level: 'info',
      trace_id: traceId,
      applicant: { idNumber: '[REDACTED]', name: '[REDACTED]', phone: '[REDACTED]' },
      address: '[REDACTED]',
    });
    expect(forwarded?.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(received).toMatchObject({
      service: 'back',
      trace_id: traceId,
      request: { idNumber: '[REDACTED]', bankAccount: '[REDACTED]' },
      msg: 'lookup for 110101********7777',
    });
    expect(allOutput).not.toContain(ID_NUMBER);
    expect(allOutput).not.toContain(PHONE);
  });
});

describe('without an OTLP endpoint', () => {
  it('exports nothing, yet log lines still carry trace ids', async () => {
    // The exporter's default target; anything arriving here would mean spans left the process unasked.
    const defaultCollector = await startOtlpReceiver('127.0.0.1', 4318);
    try {
      const back = await startServiceProcess('back-service.ts', {
        OTEL_SERVICE_NAME: 'back',
        OTEL_EXPORTER_OTLP_ENDPOINT: '',
        DATABASE_URL,
      });
      expect((await fetch(`${back.url}/lookup?idNumber=${ID_NUMBER}`)).status).toBe(200);
      await back.stop();
      const line = back.logLines().find((l) => l.msg.startsWith('lookup for'));
      expect(line?.trace_id).toMatch(/^[0-9a-f]{32}$/);
      expect(defaultCollector.requests).toEqual([]);
    } finally {
      await defaultCollector.close();
    }
  });
});
