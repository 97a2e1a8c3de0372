import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { PersonalDataSpanProcessor } from '../src/index.ts';

function tracerWithGuard() {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    spanProcessors: [new PersonalDataSpanProcessor(), new SimpleSpanProcessor({ exporter })],
  });
  return { tracer: provider.getTracer('test'), exporter };
}

describe('PersonalDataSpanProcessor', () => {
  it('strips query strings, drops personal keys and masks look-alike values before export', () => {
    const { tracer, exporter } = tracerWithGuard();
    const span = tracer.startSpan('GET /cases/110101199003077777?tab=x', {
      kind: SpanKind.SERVER,
      attributes: {
        'url.full': 'http://intake/trpc/case.get?input=%7B%22idNumber%22%3A%22110101199003077777%22%7D',
      },
    });
    span.setAttributes({
      'url.query': 'input=%7B%7D',
      'http.target': '/trpc/case.get?input=1',
      'url.path': '/cases/110101199003077777',
      'applicant.idNumber': '110101199003077777',
      'applicant.phone': '13812345678',
      'server.address': '10.0.0.5',
      'case.note': 'callback on 13812345678',
      'case.contacts': ['13812345678', 'office'],
      'case.count': 3,
    });
    span.addEvent('lookup', { bankAccount: '6222020200001234567', detail: 'card 6222020200001234567' });
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'no applicant 110101199003077777' });
    span.end();

    const [exported] = exporter.getFinishedSpans();
    expect(exported?.name).toBe('GET /cases/110101********7777');
    expect(exported?.attributes).toEqual({
      'url.full': 'http://intake/trpc/case.get',
      'http.target': '/trpc/case.get',
      'url.path': '/cases/110101********7777',
      'server.address': '10.0.0.5',
      'case.note': 'callback on 138****5678',
      'case.contacts': ['138****5678', 'office'],
      'case.count': 3,
    });
    expect(exported?.events[0]?.attributes).toEqual({ detail: 'card 6222***********4567' });
    expect(exported?.status.message).toBe('no applicant 110101********7777');
  });
});
