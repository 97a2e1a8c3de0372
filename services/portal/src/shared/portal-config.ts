/** The services the portal talks to; the browser reaches each at `/api/<name>` (proxied to its `/trpc`). */
export const SERVICE_NAMES = [
  'intake',
  'investigation',
  'approval',
  'payments',
  'referral',
  'followup',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export { PORTAL_CLIENT_ID } from '@jiuzhu/contracts';
export const CALLBACK_PATH = '/auth/callback';

/** What the portal server tells the browser at `/config.json`. */
export interface PortalConfig {
  /** Keycloak's auth-server URL (or the embedded provider's), as the browser reaches it. */
  authServerUrl: string;
  realm: string;
  clientId: string;
  /** Browser-facing base URL of each service's tRPC API (same origin, through the portal's proxy). */
  services: Record<ServiceName, string>;
}

export function apiPath(service: ServiceName): string {
  return `/api/${service}`;
}

/** The portal server's read-only organisation directory (bearer token required). */
export const DIRECTORY_API_PATH = '/api/directory';
export const ORGANISATIONS_PATH = `${DIRECTORY_API_PATH}/organisations`;
