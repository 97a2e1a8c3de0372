import { createHash, randomBytes } from 'node:crypto';
import { KEYCLOAK_PATHS, realmUrl } from './keycloak-shape.ts';

/**
 * Test helpers that talk to an OpenID Connect server exactly as a browser and a service would: over HTTP,
 * following redirects, posting the login form. They work against the embedded provider and a real Keycloak
 * (for Keycloak, only the login-form parsing differs: it reads the form's action and the error text).
 */

export interface TokenSet {
  access_token: string;
  token_type: string;
  expires_in: number;
  id_token?: string;
  refresh_token?: string;
  scope?: string;
}

export interface RealmLocation {
  /** Keycloak's auth-server-url, e.g. http://127.0.0.1:8080 */
  authServerUrl: string;
  realm: string;
}

export interface SignInOptions extends RealmLocation {
  clientId: string;
  redirectUri: string;
  username: string;
  password: string;
  /** Defaults to "openid profile". */
  scope?: string;
}

export interface SignOutOptions extends RealmLocation {
  idTokenHint: string;
  postLogoutRedirectUri: string;
}

export interface ClientCredentialsOptions extends RealmLocation {
  clientId: string;
  secret: string;
}

/** Sign-in stopped at the login page; `message` is the error the page showed (e.g. wrong password). */
export class SignInError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'SignInError';
    this.status = status;
  }
}

const MAX_REDIRECTS = 20;

function base64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

function decodeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function formAction(html: string): string | undefined {
  const match = /<form[^>]*\saction="([^"]+)"/i.exec(html);
  return match?.[1] ? decodeHtml(match[1]) : undefined;
}

function hiddenInputs(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input[^>]*type="hidden"[^>]*>/gi)) {
    const name = /name="([^"]*)"/i.exec(match[0])?.[1];
    const value = /value="([^"]*)"/i.exec(match[0])?.[1];
    if (name) fields[decodeHtml(name)] = decodeHtml(value ?? '');
  }
  return fields;
}

function pageError(html: string): string {
  const match = /<[^>]*(?:role="alert"|class="[^"]*(?:error|alert)[^"]*")[^>]*>([\s\S]*?)<\/[a-z]+>/i.exec(
    html,
  );
  return match?.[1]
    ? decodeHtml(match[1].replace(/<[^>]+>/g, '').trim())
    : 'login page returned without an error message';
}

async function tokenRequest(
  url: string,
  body: URLSearchParams,
  headers: Record<string, string> = {},
): Promise<TokenSet> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  const json = (await response.json()) as TokenSet & { error?: string; error_description?: string };
  if (!response.ok) {
    throw new Error(
      `token endpoint answered ${response.status}: ${json.error ?? ''} ${json.error_description ?? ''}`,
    );
  }
  return json;
}

/**
 * A minimal browser: a cookie jar (by name, for one server) and manual redirects, so that a test can sign in,
 * reuse the single sign-on session, and sign out again.
 */
export class TestBrowser {
  readonly #cookies = new Map<string, string>();

  async #request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.#cookies.size > 0) {
      headers.set('cookie', [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = cookie.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((attribute) => /^\s*expires=Thu, 01 Jan 1970/i.test(attribute));
      if (expired || value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    return response;
  }

  /**
   * Follows redirects from `url` until one points at `stopAt` (returned) or a page is shown (its response).
   */
  async #follow(
    url: string,
    stopAt: string,
    init?: RequestInit,
  ): Promise<{ landedAt?: URL; page?: Response }> {
    let response = await this.#request(url, init);
    let current = url;
    for (let hop = 0; hop < MAX_REDIRECTS; hop += 1) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { page: response };
      const next = new URL(location, current);
      if (next.href.startsWith(stopAt)) return { landedAt: next };
      current = next.href;
      response = await this.#request(current);
    }
    throw new Error(`more than ${MAX_REDIRECTS} redirects from ${url}`);
  }

  /** Authorization code + PKCE (S256), posting the login form if the session does not already cover it. */
  async signIn(options: SignInOptions): Promise<TokenSet> {
    const base = realmUrl(options.authServerUrl, options.realm);
    const verifier = base64url(randomBytes(32));
    const state = base64url(randomBytes(16));
    const authorize = new URL(`${base}${KEYCLOAK_PATHS.authorization}`);
    authorize.search = new URLSearchParams({
      client_id: options.clientId,
      redirect_uri: options.redirectUri,
      response_type: 'code',
      scope: options.scope ?? 'openid profile',
      state,
      nonce: base64url(randomBytes(16)),
      code_challenge: base64url(createHash('sha256').update(verifier).digest()),
      code_challenge_method: 'S256',
    }).toString();

    let outcome = await this.#follow(authorize.href, options.redirectUri);
    if (outcome.page) {
      const html = await outcome.page.text();
      const action = formAction(html);
      if (!action)
        throw new SignInError(
          `expected the login page, got HTTP ${outcome.page.status}`,
          outcome.page.status,
        );
      const loginUrl = new URL(action, outcome.page.url || authorize.href).href;
      outcome = await this.#follow(loginUrl, options.redirectUri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          ...hiddenInputs(html),
          username: options.username,
          password: options.password,
        }),
      });
      if (outcome.page) {
        const status = outcome.page.status;
        throw new SignInError(pageError(await outcome.page.text()), status);
      }
    }
    const callback = outcome.landedAt!;
    const error = callback.searchParams.get('error');
    if (error)
      throw new Error(
        `authorization failed: ${error} ${callback.searchParams.get('error_description') ?? ''}`,
      );
    if (callback.searchParams.get('state') !== state)
      throw new Error('authorization response lost the state');
    const code = callback.searchParams.get('code');
    if (!code) throw new Error('authorization response carries no code');

    return tokenRequest(
      `${base}${KEYCLOAK_PATHS.token}`,
      new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: options.redirectUri,
        client_id: options.clientId,
        code_verifier: verifier,
      }),
    );
  }

  /** RP-initiated logout, confirming the provider's logout page; resolves where the browser ends up. */
  async signOut(options: SignOutOptions): Promise<URL> {
    const base = realmUrl(options.authServerUrl, options.realm);
    const logout = new URL(`${base}${KEYCLOAK_PATHS.endSession}`);
    logout.search = new URLSearchParams({
      id_token_hint: options.idTokenHint,
      post_logout_redirect_uri: options.postLogoutRedirectUri,
    }).toString();
    let outcome = await this.#follow(logout.href, options.postLogoutRedirectUri);
    if (outcome.page) {
      const html = await outcome.page.text();
      const action = formAction(html);
      if (!action) throw new Error(`expected the logout confirmation page, got HTTP ${outcome.page.status}`);
      outcome = await this.#follow(new URL(action, logout.href).href, options.postLogoutRedirectUri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...hiddenInputs(html), logout: 'yes' }),
      });
    }
    if (!outcome.landedAt) throw new Error(`logout did not return to ${options.postLogoutRedirectUri}`);
    return outcome.landedAt;
  }
}

/** Signs a person in through the real authorization-code + PKCE flow and returns the token response. */
export function signIn(options: SignInOptions): Promise<TokenSet> {
  return new TestBrowser().signIn(options);
}

/** A service-account token (client credentials, client_secret_basic). */
export function clientCredentialsToken({
  authServerUrl,
  realm,
  clientId,
  secret,
}: ClientCredentialsOptions): Promise<TokenSet> {
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString(
    'base64',
  );
  return tokenRequest(
    `${realmUrl(authServerUrl, realm)}${KEYCLOAK_PATHS.token}`,
    new URLSearchParams({ grant_type: 'client_credentials' }),
    { authorization: `Basic ${basic}` },
  );
}

/**
 * How `./jiuzhu test` (tooling/engines) hands a real Keycloak, with the realm imported, to the tests it runs.
 */
export const KEYCLOAK_TEST_ENV = {
  url: 'JIUZHU_TEST_KEYCLOAK_URL',
  /** `username:password` of Keycloak's bootstrap administrator (master realm). */
  admin: 'JIUZHU_TEST_KEYCLOAK_ADMIN',
  /** JSON object: confidential client id → the secret Keycloak generated at import. */
  clientSecrets: 'JIUZHU_TEST_KEYCLOAK_SECRETS',
  log: 'JIUZHU_TEST_KEYCLOAK_LOG',
} as const;

export interface AdminApi {
  /** GET below `/admin/realms/{realm}`; `''` is the realm itself. */
  get(path: string): Promise<unknown>;
  /** PUT below `/admin/realms/{realm}` with a JSON body. */
  put(path: string, body: unknown): Promise<void>;
}

export interface RealKeycloak extends RealmLocation {
  clientSecrets: Readonly<Record<string, string>>;
  logFile: string;
  /** The admin REST API of the realm, as Keycloak's bootstrap administrator. */
  admin(): Promise<AdminApi>;
}

/**
 * The real Keycloak of this test run, or undefined (saying so in one line, under `label`) where the run has
 * none: `./jiuzhu test` starts one where Java and Maven exist.
 */
export function realKeycloak(label: string, env: NodeJS.ProcessEnv = process.env): RealKeycloak | undefined {
  const url = env[KEYCLOAK_TEST_ENV.url];
  if (!url) {
    console.warn(
      `${label} not run: no Keycloak. \`./jiuzhu test\` starts one where Java and Maven exist ` +
        '(or `./jiuzhu engines --keycloak -- <test command>`).',
    );
    return undefined;
  }
  const [username = '', password = ''] = (env[KEYCLOAK_TEST_ENV.admin] ?? '').split(/:(.*)/s);
  const realm = 'jiuzhu';
  return {
    authServerUrl: url,
    realm,
    clientSecrets: JSON.parse(env[KEYCLOAK_TEST_ENV.clientSecrets] ?? '{}') as Record<string, string>,
    logFile: env[KEYCLOAK_TEST_ENV.log] ?? '',
    async admin() {
      const response = await fetch(`${url}/realms/master/protocol/openid-connect/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username, password }),
      });
      if (!response.ok) throw new Error(`Keycloak admin sign-in failed: HTTP ${response.status}`);
      const { access_token: token } = (await response.json()) as { access_token: string };
      const call = async (method: string, path: string, body?: unknown) => {
        const result = await fetch(`${url}/admin/realms/${realm}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        if (!result.ok) throw new Error(`Keycloak admin API ${method} ${path}: HTTP ${result.status}`);
        return result;
      };
      return {
        get: async (path) => (await call('GET', path)).json(),
        put: async (path, body) => void (await call('PUT', path, body)),
      };
    },
  };
}

/**
 * Lets a portal at `origin` (a test's random port) sign people in through the realm's portal client, as a
 * deployer registers the portal's real address; returns how to take it back.
 */
export async function registerPortalOrigin(
  keycloak: RealKeycloak,
  origin: string,
): Promise<() => Promise<void>> {
  const admin = await keycloak.admin();
  const [client] = (await admin.get('/clients?clientId=jiuzhu-portal')) as {
    id: string;
    redirectUris: string[];
    webOrigins: string[];
    attributes: Record<string, string>;
  }[];
  if (!client) throw new Error('the realm has no jiuzhu-portal client');
  const original = structuredClone(client);
  const logoutUris = client.attributes['post.logout.redirect.uris'] ?? '';
  await admin.put(`/clients/${client.id}`, {
    ...client,
    redirectUris: [...client.redirectUris, `${origin}/*`],
    webOrigins: [...client.webOrigins, origin],
    attributes: { ...client.attributes, 'post.logout.redirect.uris': `${logoutUris}##${origin}/*` },
  });
  return () => admin.put(`/clients/${client.id}`, original);
}
