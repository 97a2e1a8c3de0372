import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputLeaves, SERVICE_ROUTERS, type LeafPath } from '@jiuzhu/contracts/testing';
import { proceduresOf, sampleInput, type ProcedureShape } from '@jiuzhu/service-kit/testing';
import { dropDatabase } from '../src/database.ts';
import { SERVICES, type ServiceName } from '../src/services.ts';
import { startStack, type Stack } from '../src/stack.ts';
import { USERS, tokenOf } from './fixtures.ts';

/**
 * Every procedure of every service (read from the routers at run time, so a procedure added later is fuzzed
 * too), called over real HTTP with a real token, with one bad thing at a time in an otherwise valid input.
 */

const BASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';
const MB = 1024 * 1024;

/** What no answer may carry: stacks, paths, Prisma's or PostgreSQL's words, English exception text. */
const INTERNAL_TEXT = new RegExp(
  [
    String.raw`\bat \w+ \(`,
    String.raw`\/(work|home|usr|srv|tmp|app)\/`,
    'node_modules',
    String.raw`\.[cm]?[jt]s:\d`,
    String.raw`\bstack\b`,
    'prisma',
    'invocation',
    String.raw`\b(SELECT|INSERT|UPDATE|DELETE)\b`,
    String.raw`\b(relation|constraint|violates|column|syntax error)\b`,
    String.raw`\w*(Error|Exception)\b`,
    String.raw`\b(undefined|null) is not\b`,
    String.raw`\bCannot read\b`,
    String.raw`\bUnexpected (token|end)\b`,
    String.raw`\bexpected \w+, received\b`,
    // Three English words in a row: a sentence, not a term like "JSON" in a Chinese message.
    String.raw`[A-Za-z]{3,} [a-z]{3,} [a-z]{3,}`,
  ].join('|'),
  'i',
);

interface Answer {
  status: number;
  text: string;
}

interface Case {
  service: ServiceName;
  procedure: string;
  what: string;
  answer: Answer;
}

let stack: Stack;
let databaseUrl: string;
let token: string;
const output: string[] = [];

/** The body of an HTTP/1.1 message as sent, undoing chunked transfer coding. */
function decodeBody(head: string, raw: Buffer): string {
  if (!/^transfer-encoding:\s*chunked/im.test(head)) return raw.toString('utf8');
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', at);
    const size = lineEnd < 0 ? 0 : parseInt(raw.subarray(at, lineEnd).toString(), 16);
    if (!size) break;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts).toString('utf8');
}

/**
 * One request on its own connection, written as raw HTTP/1.1 so that whatever the server answers is read even
 * when it stops reading the request early (413 on a long body, 431 on a long address) and resets the connection.
 */
function send(
  url: string,
  init: { method: 'GET' | 'POST'; body?: Buffer | string; headers?: Record<string, string> },
): Promise<Answer> {
  const { hostname, port, pathname, search } = new URL(url);
  const body = init.body === undefined ? undefined : Buffer.from(init.body);
  const chunked = init.headers?.['transfer-encoding'] === 'chunked';
  const headers: Record<string, string> = {
    host: `${hostname}:${port}`,
    authorization: `Bearer ${token}`,
    // The server closes the connection after its answer: the end of what it sent.
    connection: 'close',
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(body === undefined || chunked ? {} : { 'content-length': String(body.length) }),
    ...init.headers,
  };
  const head = `${init.method} ${pathname}${search} HTTP/1.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n')}\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    // Writing may fail once the server has answered and closed: what it answered is what counts.
    let failure: Error | undefined;
    socket.on('error', (error) => (failure = error));
    socket.on('close', () => {
      const raw = Buffer.concat(received);
      const split = raw.indexOf('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(raw.toString('latin1', 0, 20))?.[1]);
      if (!status)
        reject(new Error(`no answer to ${init.method} ${pathname}: ${failure?.message ?? 'closed'}`));
      else resolve({ status, text: decodeBody(raw.toString('latin1', 0, split), raw.subarray(split + 4)) });
    });
    socket.write(head);
    if (body && chunked)
      socket.write(
        Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]),
      );
    else if (body) socket.write(body);
  });
}

const NAN = '__fuzz_nan__';

/** A copy of `input` with the leaf at `path` set (the first element of arrays); undefined if it has no parent. */
function withLeaf(input: unknown, path: LeafPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: unknown = structuredClone(input);
  let parent = copy as Record<string, unknown> | unknown[] | undefined;
  for (const [i, key] of path.entries()) {
    if (typeof parent !== 'object' || parent === null) return undefined;
    const slot = key === '[]' ? 0 : key;
    if (key === '[]' && (!Array.isArray(parent) || parent.length === 0)) return undefined;
    if (i === path.length - 1) (parent as Record<string | number, unknown>)[slot] = value;
    else parent = (parent as Record<string | number, unknown>)[slot] as typeof parent;
  }
  return copy;
}

function call(service: ServiceName, procedure: string, type: string, text: string): Promise<Answer> {
  const base = `${stack.serviceUrls[service]}/trpc/${procedure}`;
  return type === 'query'
    ? send(`${base}?input=${encodeURIComponent(text)}`, { method: 'GET' })
    : send(base, { method: 'POST', body: text });
}

/** The bad inputs for one procedure: each leaf spoilt in turn, then the whole request. */
function* badInputs(
  schema: ProcedureShape['inputs'][number] | undefined,
): Generator<{ what: string; text: string }> {
  const valid: unknown = schema ? sampleInput(schema, {}) : undefined;
  const leaves = schema ? inputLeaves(schema) : [];
  const spoilt = (path: LeafPath, value: unknown) => {
    const input = withLeaf(valid ?? {}, path, value);
    return input === undefined ? undefined : JSON.stringify(input).replace(`"${NAN}"`, 'NaN');
  };
  const where = (path: LeafPath) => path.join('.') || '(input)';
  for (const { path, kind } of leaves) {
    const strings: [string, string][] = [
      ['NUL', 'a\u0000b'],
      ['lone surrogate', 'a\ud800b'],
      ['5 MB string', 'x'.repeat(5 * MB)],
    ];
    const numbers: [string, unknown][] = [
      ['-1', -1],
      ['NaN', NAN],
      ['1e300', 1e300],
    ];
    for (const [label, value] of kind === 'number' ? numbers : strings) {
      // A number in a field the chosen union option does not have is dropped by the schema: not a bad input.
      if (kind === 'number' && label !== 'NaN' && schema?.safeParse(withLeaf(valid, path, value)).success)
        continue;
      const text = spoilt(path, value);
      if (text !== undefined) yield { what: `${label} at ${where(path)}`, text };
    }
  }
  yield { what: 'NUL in an extra field', text: JSON.stringify({ ...(valid as object), extra: '\u0000' }) };
  yield { what: '10,000-deep JSON', text: '['.repeat(10_000) + ']'.repeat(10_000) };
}

/** The message of an answer, and every text in it (the JSON's values: the shape's own keys are no text). */
function whatItSays(body: string): { message: string; texts: string[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { message: body, texts: [body] };
  }
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(parsed);
  const message = (parsed as { error?: { message?: unknown } }).error?.message;
  return { message: typeof message === 'string' ? message : '', texts };
}

async function rssKb(service: ServiceName): Promise<number> {
  const status = await readFile(`/proc/${stack.pidOf(service)}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
}

beforeAll(async () => {
  const url = new URL(BASE_URL);
  url.pathname = `/jiuzhu_fuzz_${randomBytes(4).toString('hex')}`;
  databaseUrl = url.toString();
  stack = await startStack({
    databaseUrl,
    ports: 'random',
    // Every bad request must reach the checks under test, not the per-person rate limit (tested on its own).
    serviceEnv: { REQUESTS_PER_MINUTE: '0', SIM_BANK_SEND_TIMEOUT_RATE: '0' },
    onOutput: (service, line) => output.push(`[${service}] ${line}`),
  });
  token = await tokenOf(stack, USERS.caseworker);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  if (databaseUrl) await dropDatabase(databaseUrl);
}, 60_000);

describe('every procedure of every service, fuzzed over HTTP', { timeout: 600_000 }, () => {
  it('answers every bad input with a 4xx that carries no internal text, and no service dies or swells', async () => {
    const services = Object.keys(SERVICE_ROUTERS) as ServiceName[];
    expect(services.sort()).toEqual(SERVICES.map((s) => s.name).sort());
    const rssBefore = Object.fromEntries(await Promise.all(services.map(async (s) => [s, await rssKb(s)])));
    const fiftyMegabytes = Buffer.alloc(50 * MB, ' ');

    const cases: Case[] = [];
    for (const service of services) {
      for (const { path: procedure, type, inputs } of proceduresOf(SERVICE_ROUTERS[service])) {
        const record = (what: string, answer: Answer) => cases.push({ service, procedure, what, answer });
        for (const { what, text } of badInputs(inputs[0]))
          record(what, await call(service, procedure, type, text));
        const url = `${stack.serviceUrls[service]}/trpc/${procedure}`;
        record('50 MB body', await send(url, { method: 'POST', body: fiftyMegabytes }));
        record(
          '50 MB body, chunked',
          await send(url, {
            method: 'POST',
            body: fiftyMegabytes,
            headers: { 'transfer-encoding': 'chunked' },
          }),
        );
      }
    }

    const procedures = new Set(cases.map((c) => `${c.service}.${c.procedure}`));
    expect(procedures.size).toBeGreaterThan(90);
    const wrong = cases
      .filter(({ answer }) => {
        if (answer.status < 400 || answer.status >= 500) return true;
        const said = whatItSays(answer.text);
        return !/[\u4e00-\u9fff]/.test(said.message) || said.texts.some((text) => INTERNAL_TEXT.test(text));
      })
      .map(
        ({ service, procedure, what, answer }) =>
          `${service}.${procedure} ${what}: ${answer.status} ${answer.text.slice(0, 300)}`,
      );
    expect(wrong, output.slice(-20).join('\n')).toEqual([]);

    for (const service of services) {
      const health = await fetch(`${stack.serviceUrls[service]}/health`);
      expect(health.status, `${service} still answers`).toBe(200);
      const rss = await rssKb(service);
      expect(
        rss - rssBefore[service],
        `${service} grew from ${rssBefore[service]} kB to ${rss} kB`,
      ).toBeLessThan(256 * 1024);
    }
  });
});
