import { startIdentityProvider, type RunningIdentityProvider } from '../src/index.ts';

export const PORTAL_ORIGIN = 'http://127.0.0.1:4100';
export const REDIRECT_URI = `${PORTAL_ORIGIN}/auth/callback`;

export function startTestProvider(accessTokenTtlSeconds?: number): Promise<RunningIdentityProvider> {
  return startIdentityProvider({
    port: 0,
    portalRedirectUris: [REDIRECT_URI],
    ...(accessTokenTtlSeconds ? { accessTokenTtlSeconds } : {}),
  });
}

export function decodeJwt(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  const [header = '', payload = ''] = token.split('.');
  const decode = (part: string) =>
    JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: decode(header), payload: decode(payload) };
}
