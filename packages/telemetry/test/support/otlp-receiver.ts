import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface OtlpAnyValue {
  stringValue?: string;
  intValue?: number | string;
  boolValue?: boolean;
  doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] };
}
export interface OtlpAttribute {
  key: string;
  value: OtlpAnyValue;
}
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: OtlpAttribute[];
  events?: { name: string; attributes?: OtlpAttribute[] }[];
}
interface ExportRequest {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: { scope?: { name?: string }; spans?: OtlpSpan[] }[];
  }[];
}

export interface ReceivedSpan extends OtlpSpan {
  service: string;
  scope: string;
}

/** A minimal OTLP/HTTP collector: accepts JSON POSTs on /v1/traces and keeps them. */
export async function startOtlpReceiver(host = '127.0.0.1', port = 0) {
  const requests: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      if (req.method === 'POST' && req.url === '/v1/traces')
        requests.push({ headers: req.headers, body: body.toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: boundPort } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${boundPort}`,
    requests,
    spans(): ReceivedSpan[] {
      return requests.flatMap(({ body }) =>
        ((JSON.parse(body) as ExportRequest).resourceSpans ?? []).flatMap((rs) => {
          const service =
            rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
          return (rs.scopeSpans ?? []).flatMap((ss) =>
            (ss.spans ?? []).map((span) => ({ ...span, service, scope: ss.scope?.name ?? '' })),
          );
        }),
      );
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function attributeText(value: OtlpAnyValue): string[] {
  if (value.arrayValue) return (value.arrayValue.values ?? []).flatMap(attributeText);
  return [String(value.stringValue ?? value.intValue ?? value.doubleValue ?? value.boolValue ?? '')];
}
