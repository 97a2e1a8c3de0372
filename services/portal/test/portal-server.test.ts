import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_NAMES, startPortal, type RunningPortal, type ServiceName } from '../src/index.ts';
import { portalOptionsFromEnv } from '../src/server/options.ts';
import { CSP_NONCE_PLACEHOLDER } from '../src/shared/csp-nonce.ts';
import { freePort } from './free-port.ts';

/** A stand-in upstream that answers like a tRPC endpoint and remembers what reached it. */
let upstream: Server;
let seen: { url: string; headers: IncomingHttpHeaders }[] = [];
let portal: RunningPortal;
let webRoot: string;
let downUrl: string;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ result: { data: [] } }));
  });
  upstream.listen(0, '127.0.0.1');
  await once(upstream, 'listening');
  const address = upstream.address();
  const upstreamUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  downUrl = `http://127.0.0.1:${await freePort()}`;

  webRoot = await mkdtemp(join(tmpdir(), 'portal-web-'));
  await writeFile(
    join(webRoot, 'index.html'),
    `<!doctype html><title>portal shell</title><meta property="csp-nonce" nonce="${CSP_NONCE_PLACEHOLDER}">`,
  );
  await mkdir(join(webRoot, 'assets'));
  await writeFile(join(webRoot, 'assets', 'index-abc123.js'), 'console.log("portal");');
  const serviceUrls = Object.fromEntries(SERVICE_NAMES.map((name) => [name, downUrl])) as Record<
    ServiceName,
    string
  >;
  portal = await startPortal(
    {
      port: 0,
      authServerUrl: 'http://127.0.0.1:8080/',
      realm: 'jiuzhu',
      serviceUrls: { ...serviceUrls, intake: upstreamUrl },
      webRoot,
    },
    () => {},
  );
});

afterAll(async () => {
  await portal?.close();
  upstream?.close();
  if (webRoot) await rm(webRoot, { recursive: true, force: true });
});

describe('portal server', () => {
  it('tells the browser where the identity provider and each service API are', async () => {
    const config = await (await fetch(`${portal.url}/config.json`)).json();
    expect(config).toEqual({
      authServerUrl: 'http://127.0.0.1:8080',
      realm: 'jiuzhu',
      clientId: 'jiuzhu-portal',
      services: {
        intake: '/api/intake',
        investigation: '/api/investigation',
        approval: '/api/approval',
        payments: '/api/payments',
        referral: '/api/referral',
        followup: '/api/followup',
      },
    });
  });

  it('forwards /api/<service>/<procedure> to the service tRPC endpoint with the bearer token', async () => {
    seen = [];
    const response = await fetch(`${portal.url}/api/intake/listCases?input=%7B%7D`, {
      headers: { authorization: 'Bearer token-of-a-person' },
    });
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe('/trpc/listCases?input=%7B%7D');
    expect(seen[0]?.headers.authorization).toBe('Bearer token-of-a-person');
  });

  it('answers 502 in tRPC error shape, naming the service in Chinese, when a service is down', async () => {
    const response = await fetch(`${portal.url}/api/payments/listDisbursements`);
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: { message: string; data: { httpStatus: number } } };
    expect(body.error.message).toContain('救助金发放服务暂时无法访问');
    expect(body.error.data.httpStatus).toBe(502);
  });

  it('answers what fails outside the services in Chinese with a trace id, the detail only in its log', async () => {
    const answers = await Promise.all(
      ['/assets/missing-chunk.js', '/api/nonexistent/x', '/%E0%A4%A', '/api/directory/nothing'].map(
        async (path) => {
          const response = await fetch(`${portal.url}${path}`);
          const text = await response.text();
          return { path, status: response.status, text, traceId: response.headers.get('x-trace-id') };
        },
      ),
    );
    expect(answers.map(({ path, status }) => [path, status])).toEqual([
      ['/assets/missing-chunk.js', 404],
      ['/api/nonexistent/x', 404],
      ['/%E0%A4%A', 400],
      ['/api/directory/nothing', 401],
    ]);
    for (const { text, traceId } of answers.slice(0, 3)) {
      const { error } = JSON.parse(text) as { error: { message: string; data: { traceId: string } } };
      expect(error.message).toMatch(/[\u4e00-\u9fff]/);
      expect(error.data.traceId).toBe(traceId);
      expect(text).not.toMatch(/\bat \w|\/tmp\/|node_modules|Error|stack/);
    }
  });

  it('serves the single-page app for any page address, so typed and bookmarked URLs work', async () => {
    const response = await fetch(`${portal.url}/cases/3f1f9a56-7f62-4a51-9d9b-7a4e1c3f0a11`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('portal shell');
    expect((await fetch(`${portal.url}/api/nonexistent/x`)).status).toBe(404);
  });

  it('reads its settings from the environment, naming a bad variable', () => {
    const options = portalOptionsFromEnv({
      PORT: '4100',
      KEYCLOAK_URL: 'http://sso.example',
      INTAKE_URL: 'http://intake:4101',
    });
    expect(options).toMatchObject({
      port: 4100,
      authServerUrl: 'http://sso.example',
      realm: 'jiuzhu',
      serviceUrls: { intake: 'http://intake:4101', followup: 'http://127.0.0.1:4106' },
    });
    expect(() => portalOptionsFromEnv({ PAYMENTS_URL: 'not a url' })).toThrow(/PAYMENTS_URL/);
  });

  it('reads the directory with the configured secret; production needs one, never a development secret', () => {
    expect(portalOptionsFromEnv({}).directoryClient).toBeUndefined();
    const generated = 'Qm4sV9xR1cT7yB3nH6pL5dA0k8Jz2f0W';
    expect(portalOptionsFromEnv({ KEYCLOAK_CLIENT_SECRET: generated }).directoryClient).toEqual({
      clientId: 'jiuzhu-portal-server',
      secret: generated,
    });
    expect(() => portalOptionsFromEnv({ NODE_ENV: 'production' })).toThrow(
      /KEYCLOAK_CLIENT_SECRET: required/,
    );
    expect(() =>
      portalOptionsFromEnv({ NODE_ENV: 'production', KEYCLOAK_CLIENT_SECRET: 'dev-secret-portal-server' }),
    ).toThrow(/KEYCLOAK_CLIENT_SECRET: is a development secret/);
    expect(
      portalOptionsFromEnv({ NODE_ENV: 'production', KEYCLOAK_CLIENT_SECRET: generated }).directoryClient,
    ).toEqual({ clientId: 'jiuzhu-portal-server', secret: generated });
  });
});

function directives(response: Response): Map<string, string[]> {
  const policy = response.headers.get('content-security-policy') ?? '';
  return new Map(
    policy
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name = '', ...values]) => [name, values]),
  );
}

describe("portal server's browser hardening", () => {
  it('serves the page under a strict Content Security Policy with a fresh style nonce for each response', async () => {
    const first = await fetch(`${portal.url}/cases`);
    const csp = directives(first);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    // Fetches and sign-in/sign-out go to the portal and the identity provider the configuration names.
    expect(csp.get('connect-src')).toEqual(["'self'", 'http://127.0.0.1:8080']);
    expect(csp.get('form-action')).toEqual(["'self'", 'http://127.0.0.1:8080']);
    expect(first.headers.get('content-security-policy')).not.toMatch(/unsafe-inline|unsafe-eval/);

    const [, nonce] = /'nonce-([^']+)'/.exec(csp.get('style-src')?.join(' ') ?? '') ?? [];
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{24}$/);
    const html = await first.text();
    expect(html).toContain(`<meta property="csp-nonce" nonce="${nonce}">`);
    expect(html).not.toContain(CSP_NONCE_PLACEHOLDER);
    expect(first.headers.get('cache-control')).toBe('no-store');

    const second = await fetch(`${portal.url}/index.html`);
    const secondNonce = /'nonce-([^']+)'/.exec(second.headers.get('content-security-policy') ?? '')?.[1];
    expect(secondNonce).not.toBe(nonce);
    expect(await second.text()).toContain(`nonce="${secondNonce}"`);
  });

  it('sends the hardening headers on the page, assets, /config.json and API responses, proxied or not', async () => {
    const responses = await Promise.all([
      fetch(`${portal.url}/`),
      fetch(`${portal.url}/assets/index-abc123.js`),
      fetch(`${portal.url}/config.json`),
      fetch(`${portal.url}/api/intake/listCases?input=%7B%7D`),
      fetch(`${portal.url}/api/payments/listDisbursements`),
      fetch(`${portal.url}/api/nonexistent/x`),
    ]);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 502, 404]);
    for (const response of responses) {
      expect(directives(response).get('frame-ancestors')).toEqual(["'none'"]);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it("allows the identity provider's origin from the configuration, wherever it is", async () => {
    const elsewhere = await startPortal(
      {
        port: 0,
        authServerUrl: 'https://sso.example.gov.cn/auth',
        realm: 'jiuzhu',
        serviceUrls: Object.fromEntries(SERVICE_NAMES.map((name) => [name, downUrl])) as Record<
          ServiceName,
          string
        >,
        webRoot,
      },
      () => {},
    );
    try {
      const csp = directives(await fetch(`${elsewhere.url}/`));
      expect(csp.get('connect-src')).toEqual(["'self'", 'https://sso.example.gov.cn']);
      expect(csp.get('form-action')).toEqual(["'self'", 'https://sso.example.gov.cn']);
    } finally {
      await elsewhere.close();
    }
  });
});
