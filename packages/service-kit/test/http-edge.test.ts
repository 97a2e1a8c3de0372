import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Production mode, as deployed: set before anything builds the tRPC instance (imported below, dynamically).
vi.stubEnv('NODE_ENV', 'production');

const REDIRECT_URI = 'http://127.0.0.1:4100/auth/callback';
const LIMITS = { bodyLimitBytes: 64 * 1024, maxBatchSize: 3, requestsPerMinute: 30 };
const UPLOAD_LIMIT = 512 * 1024;

/** What no client may ever see: stacks, paths, database or driver words, English exception text. */
const INTERNAL_TEXT =
  /\bat \w|\/work\/|node_modules|\.ts:\d|stack|prisma|invocation|relation|constraint|violates|duplicate key|SELECT|INSERT|ECONN|TypeError|Error:|does not exist|[A-Za-z]{3,} [a-z]{3,} [a-z]{3,}/i;

let url: string;
let tokens: Record<string, string>;
let logs: string[];
let isDev: boolean;
let stop: () => Promise<void>;

/** Reads a failure as a client does: status, message and data of tRPC's error shape, and the raw text. */
async function call(path: string, init: RequestInit & { as?: string } = {}) {
  const response = await fetch(`${url}${path}`, {
    ...init,
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      authorization: `Bearer ${tokens[init.as ?? 'caseworker']}`,
      ...(init.headers as Record<string, string> | undefined),
    },
  });
  const text = await response.text();
  const body = JSON.parse(text) as {
    error?: { message: string; data: { code: string; httpStatus: number; traceId?: string } };
    result?: { data: unknown };
  };
  return { status: response.status, text, body, headers: response.headers };
}

const post = (procedure: string, input: unknown, as?: string) =>
  call(`/trpc/${procedure}`, { method: 'POST', body: JSON.stringify(input), ...(as ? { as } : {}) });

function expectClean(text: string) {
  expect(text).not.toMatch(INTERNAL_TEXT);
}

beforeAll(async () => {
  const { z } = await import('zod');
  const pg = (await import('pg')).default;
  const { procedure, router } = await import('@jiuzhu/contracts');
  const { createAuthGuard } = await import('@jiuzhu/auth');
  const { createTestSchema } = await import('@jiuzhu/db/testing');
  const { DEMO_PASSWORD, startIdentityProvider } = await import('@jiuzhu/identity');
  const { signIn } = await import('@jiuzhu/identity/testing');
  const { createHttpApp, createLogger } = await import('../src/index.ts');

  const schema = createTestSchema('http_edge');
  await schema.create();
  const db = new pg.Pool({ connectionString: schema.connectionString, max: 2 });
  await db.query(`CREATE TABLE ${schema.schema}.note (id text PRIMARY KEY, body text NOT NULL)`);
  const identity = await startIdentityProvider({
    port: 0,
    portalRedirectUris: [REDIRECT_URI],
  });

  const testRouter = router({
    save: procedure
      .input(z.object({ id: z.string().max(100), body: z.string().max(100_000) }))
      .mutation(async ({ input }) => {
        await db.query(`INSERT INTO ${schema.schema}.note (id, body) VALUES ($1, $2)`, [
          input.id,
          input.body,
        ]);
        return input.id;
      }),
    find: procedure.input(z.object({ id: z.string().max(100) })).query(async ({ input }) => {
      const { rows } = await db.query(`SELECT body FROM ${schema.schema}.note WHERE id = $1`, [input.id]);
      return rows[0]?.body ?? null;
    }),
    broken: procedure.query(async () => {
      await db.query(`SELECT * FROM ${schema.schema}.no_such_table`);
    }),
    upload: procedure
      .meta({ bodyLimitBytes: UPLOAD_LIMIT })
      .input(z.object({ content: z.string().max(UPLOAD_LIMIT) }))
      .mutation(({ input }) => input.content.length),
  });
  isDev = testRouter._def._config.isDev;

  logs = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const app = createHttpApp({
    service: 'edge-test',
    router: testRouter,
    authGuard: createAuthGuard({ authServerUrl: identity.url, realm: identity.realm, clientId: 'edge-test' }),
    // A real database failure: a database that does not exist on the real server.
    readiness: async () => {
      const missing = new pg.Client({
        connectionString: schema.connectionString.replace(/\/[^/]*$/, '/jiuzhu_no_such_database'),
      });
      try {
        await missing.connect();
      } finally {
        await missing.end().catch(() => {});
      }
    },
    logger: createLogger('edge-test', { destination }),
    limits: LIMITS,
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const tokenOf = async (username: string) =>
    (
      await signIn({
        authServerUrl: identity.url,
        realm: identity.realm,
        clientId: identity.portalClientId,
        redirectUri: REDIRECT_URI,
        username,
        password: DEMO_PASSWORD,
      })
    ).access_token;
  tokens = {
    caseworker: await tokenOf('xinyi.caseworker'),
    head: await tokenOf('xinyi.head'),
    chief: await tokenOf('xinyi.chief'),
  };
  stop = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await identity.close();
    await db.end();
    await schema.drop();
  };
});
afterAll(async () => {
  await stop?.();
  vi.unstubAllEnvs();
});

describe('the HTTP edge every service is assembled with', () => {
  it('runs in production mode here, as deployed', () => {
    expect(isDev).toBe(false);
  });

  it('refuses a NUL character or a lone surrogate anywhere in the input with 400 and a Chinese message', async () => {
    const nul = await post('save', { id: 'n1', body: 'before\u0000after' });
    expect(nul.status).toBe(400);
    expect(nul.body.error?.message).toBe('内容中含有空字符（U+0000），请删除后重新提交。');
    expect(nul.body.error?.data.traceId).toMatch(/^[0-9a-f]{32}$/);

    const inKey = await post('save', { id: 'n2', body: 'ok', ['k\u0000']: 1 });
    expect(inKey.status).toBe(400);

    // JSON.stringify would escape a lone surrogate as \ud800; send it the way an attacker would.
    const surrogate = await call('/trpc/save', { method: 'POST', body: '{"id":"n3","body":"\\ud800x"}' });
    expect(surrogate.status).toBe(400);
    expect(surrogate.body.error?.message).toContain('不成对的 UTF-16 代理项');

    const query = await call(`/trpc/find?input=${encodeURIComponent(JSON.stringify({ id: 'a\u0000' }))}`);
    expect(query.status).toBe(400);
    expect(query.body.error?.message).toContain('空字符');

    for (const answer of [nul, inKey, surrogate, query]) expectClean(answer.text);
    expect(await post('save', { id: 'n4', body: '正常的内容' })).toMatchObject({ status: 200 });
  });

  it('refuses a body over the limit with 413, and the procedure that takes files gets its own', async () => {
    const over = await post('save', { id: 'big', body: 'x'.repeat(LIMITS.bodyLimitBytes) });
    expect(over.status).toBe(413);
    expect(over.body.error?.message).toBe('提交的内容过大（上限 0.1 MB），请精简后重试。');
    expectClean(over.text);

    // 60 MB sent in chunks without a length (the fuzz test in tooling/stack watches the memory of this).
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = request(`${url}/trpc/save`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens['caseworker']}` },
      });
      req.on('response', (response) => {
        resolve(response.statusCode ?? 0);
        response.resume();
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(256 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 60 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      req.write('{"id":"s","body":"');
      pump();
    });
    expect(streamed).toBe(413);

    expect(await post('upload', { content: 'y'.repeat(300 * 1024) })).toMatchObject({
      status: 200,
      body: { result: { data: 300 * 1024 } },
    });
    expect((await post('upload', { content: 'y'.repeat(UPLOAD_LIMIT + 1) })).status).toBe(413);
  });

  it('refuses more calls in one batch than the cap with 400, and JSON nested 10,000 deep', async () => {
    const batch = await call(
      `/trpc/${Array(LIMITS.maxBatchSize + 1)
        .fill('find')
        .join(',')}?batch=1`,
      {
        as: 'head',
      },
    );
    expect(batch.status).toBe(400);
    expect(batch.body.error?.message).toBe(`一次请求最多合并${LIMITS.maxBatchSize}个调用，请分批提交。`);

    const allowed = await call(
      `/trpc/find,find?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { id: 'n4' }, 1: { id: 'x' } }))}`,
      { as: 'head' },
    );
    expect(allowed.status).toBe(200);
    expect(allowed.body).toEqual([{ result: { data: '正常的内容' } }, { result: { data: null } }]);

    const deep = await call('/trpc/save', {
      method: 'POST',
      body: '['.repeat(10_000) + ']'.repeat(10_000),
      as: 'head',
    });
    expect(deep.status).toBe(400);
    expect(deep.body.error?.message).toBe('提交的内容嵌套层级过深，请检查后重新提交。');

    const notJson = await call('/trpc/save', { method: 'POST', body: '{"id": NaN}', as: 'head' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error?.message).toBe('请求内容不是有效的 JSON，请检查后重试。');
    for (const answer of [batch, deep, notJson]) expectClean(answer.text);
  });

  it('answers a failure inside a procedure with a Chinese message and its trace id; the log has the detail under it', async () => {
    const failed = await call('/trpc/broken', { as: 'head' });
    expect(failed.status).toBe(500);
    const traceId = failed.body.error?.data.traceId;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(failed.headers.get('x-trace-id')).toBe(traceId);
    expect(failed.body.error?.message).toBe(
      `服务器处理请求时出错，请稍后重试。如问题持续，请联系系统管理员并提供追踪编号：${traceId}`,
    );
    expect(Object.keys(failed.body.error!.data).sort()).toEqual([
      'code',
      'httpStatus',
      'path',
      'traceId',
      'validation',
    ]);
    expectClean(failed.text.replace(traceId!, ''));

    const logged = logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    const entry = logged.find((line) => line['trace_id'] === traceId);
    expect(entry).toMatchObject({ level: 'error', msg: 'procedure failed', path: 'broken' });
    expect(JSON.stringify(entry)).toContain('no_such_table');
  });

  it('turns a database refusal caused by the input into 409 in Chinese, the same in every service', async () => {
    expect((await post('save', { id: 'twice', body: '第一次' }, 'chief')).status).toBe(200);
    const again = await post('save', { id: 'twice', body: '第二次' }, 'chief');
    expect(again.status).toBe(409);
    expect(again.body.error?.message).toBe('该记录已存在，请勿重复提交。');
    expectClean(again.text);
  });

  it('keeps the field errors a form shows, in Chinese, and nothing of the schema', async () => {
    const invalid = await post('save', { id: 5 }, 'chief');
    expect(invalid.status).toBe(400);
    expect(invalid.body.error?.message).toBe('填写的内容类型不正确；缺少必填内容');
    expect(invalid.body.error?.data).toMatchObject({
      validation: { formErrors: [], fieldErrors: { id: ['填写的内容类型不正确'], body: ['缺少必填内容'] } },
    });
    expectClean(invalid.text);
  });

  it('does not show why it is not ready; the log does', async () => {
    const response = await fetch(`${url}/ready`);
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ status: 'not_ready', service: 'edge-test' });
    expect(logs.some((line) => line.includes('jiuzhu_no_such_database') && line.includes('not ready'))).toBe(
      true,
    );
  });

  it('answers unknown paths, malformed URLs and other methods in Chinese JSON', async () => {
    const unknown = await call('/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.message).toBe('没有这个服务接口。');
    const noProcedure = await call('/trpc/nothing', { as: 'chief' });
    expect(noProcedure.status).toBe(404);
    expect(noProcedure.body.error?.message).toBe('没有找到要访问的内容或服务接口。');
    const malformed = await call('/trpc/%E0%A4%A', { as: 'chief' });
    expect(malformed.status).toBe(400);
    const put = await call('/trpc/save', { method: 'PUT', body: '{}', as: 'chief' });
    expect(put.status).toBe(405);
    for (const answer of [unknown, noProcedure, malformed, put]) {
      expect(answer.body.error?.message).toMatch(/[\u4e00-\u9fff]/);
      expectClean(answer.text);
    }
  });

  it('limits the calls one person makes per minute with 429, counting each call of a batch, others unaffected', async () => {
    // The caseworker has made fewer than 10 calls above; 30 per minute are allowed.
    const answers = [];
    for (let i = 0; i < 8; i += 1)
      answers.push(await call(`/trpc/find,find,find?batch=1&input=${encodeURIComponent('{}')}`));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses).toContain(429);
    const refused = answers.find((answer) => answer.status === 429)!;
    expect(refused.body.error?.message).toMatch(/^操作过于频繁（每分钟最多 30 次），请 \d+ 秒后再试。$/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(
      (await call(`/trpc/find?input=${encodeURIComponent('{"id":"n4"}')}`, { as: 'chief' })).status,
    ).toBe(200);
  });
});
