import { DEVELOPMENT_SECRET_REFUSED, isDevelopmentSecret } from '@jiuzhu/auth';
import { z } from 'zod';
import { SERVICE_NAMES, type ServiceName } from '../shared/portal-config.ts';
import type { DirectoryClient } from '@jiuzhu/auth';

export interface PortalOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Keycloak's auth-server URL as the browser reaches it, e.g. http://127.0.0.1:8080 */
  authServerUrl: string;
  realm: string;
  /**
   * Where each service listens (the portal proxies `/api/<name>/*` to `<url>/trpc/*`); several instances of a
   * service are comma-separated and share the calls.
   */
  serviceUrls: Record<ServiceName, string>;
  /** The built web app; defaults to this package's dist/web, built on first start when missing. */
  webRoot?: string;
  /**
   * The portal server's confidential client, whose service account reads the organisation directory. Without
   * it the directory (and so the organisation pickers) is unavailable.
   */
  directoryClient?: DirectoryClient;
}

export const DIRECTORY_CLIENT_ID = 'jiuzhu-portal-server';

export const DEFAULT_SERVICE_PORTS: Record<ServiceName, number> = {
  intake: 4101,
  investigation: 4102,
  approval: 4103,
  payments: 4104,
  referral: 4105,
  followup: 4106,
};

const serviceUrlVariable = (name: ServiceName) => `${name.toUpperCase()}_URL`;

/** One URL, or several instances' URLs separated by commas. */
const InstanceUrls = z
  .string()
  .refine((value) => value.split(',').every((url) => z.url().safeParse(url.trim()).success), {
    message: 'must be a URL, or several separated by commas',
  });

const EnvSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4100),
  KEYCLOAK_URL: z.url().default('http://127.0.0.1:8080'),
  KEYCLOAK_REALM: z.string().min(1).default('jiuzhu'),
  KEYCLOAK_CLIENT_ID: z.string().min(1).default(DIRECTORY_CLIENT_ID),
  KEYCLOAK_CLIENT_SECRET: z.string().min(1).optional(),
  NODE_ENV: z.string().optional(),
  PORTAL_WEB_ROOT: z.string().optional(),
  ...Object.fromEntries(
    SERVICE_NAMES.map((name) => [
      serviceUrlVariable(name),
      InstanceUrls.default(`http://127.0.0.1:${DEFAULT_SERVICE_PORTS[name]}`),
    ]),
  ),
});

const ProductionNeedsSecret = EnvSchema.superRefine((values, ctx) => {
  if (values.NODE_ENV !== 'production') return;
  const secret = values.KEYCLOAK_CLIENT_SECRET;
  if (secret === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['KEYCLOAK_CLIENT_SECRET'],
      message: 'required in production (the secret of the portal server client, e.g. jiuzhu-portal-server)',
    });
  else if (isDevelopmentSecret(secret))
    ctx.addIssue({ code: 'custom', path: ['KEYCLOAK_CLIENT_SECRET'], message: DEVELOPMENT_SECRET_REFUSED });
});

/**
 * Reads PORT, HOST, KEYCLOAK_URL, KEYCLOAK_REALM, KEYCLOAK_CLIENT_ID/KEYCLOAK_CLIENT_SECRET (the portal server's
 * client; required in production, never a development secret) and INTAKE_URL … FOLLOWUP_URL; fails naming
 * the variable.
 */
export function portalOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): PortalOptions {
  const result = ProductionNeedsSecret.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration for portal:\n${problems.join('\n')}`);
  }
  const values = result.data as Record<string, unknown> & z.output<typeof EnvSchema>;
  return {
    port: values.PORT,
    host: values.HOST,
    authServerUrl: values.KEYCLOAK_URL,
    realm: values.KEYCLOAK_REALM,
    ...(values.KEYCLOAK_CLIENT_SECRET
      ? { directoryClient: { clientId: values.KEYCLOAK_CLIENT_ID, secret: values.KEYCLOAK_CLIENT_SECRET } }
      : {}),
    ...(values.PORTAL_WEB_ROOT ? { webRoot: values.PORTAL_WEB_ROOT } : {}),
    serviceUrls: Object.fromEntries(
      SERVICE_NAMES.map((name) => [name, String(values[serviceUrlVariable(name)])]),
    ) as Record<ServiceName, string>,
  };
}
