import { z } from 'zod';
import { SERVICE_NAMES, type ServiceName } from '../shared/portal-config.ts';

export interface PortalOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Keycloak's auth-server URL as the browser reaches it, e.g. http://127.0.0.1:8080 */
  authServerUrl: string;
  realm: string;
  /** Where each service listens (the portal proxies `/api/<name>/*` to `<url>/trpc/*`). */
  serviceUrls: Record<ServiceName, string>;
  /** The built web app; defaults to this package's dist/web, built on first start when missing. */
  webRoot?: string;
}

export const DEFAULT_SERVICE_PORTS: Record<ServiceName, number> = {
  intake: 4101,
  investigation: 4102,
  approval: 4103,
  payments: 4104,
  referral: 4105,
  followup: 4106,
};

const serviceUrlVariable = (name: ServiceName) => `${name.toUpperCase()}_URL`;

const EnvSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4100),
  KEYCLOAK_URL: z.url().default('http://127.0.0.1:8080'),
  KEYCLOAK_REALM: z.string().min(1).default('jiuzhu'),
  PORTAL_WEB_ROOT: z.string().optional(),
  ...Object.fromEntries(
    SERVICE_NAMES.map((name) => [
      serviceUrlVariable(name),
      z.url().default(`http://127.0.0.1:${DEFAULT_SERVICE_PORTS[name]}`),
    ]),
  ),
});

/** Reads PORT, HOST, KEYCLOAK_URL, KEYCLOAK_REALM and INTAKE_URL … FOLLOWUP_URL; fails naming the variable. */
export function portalOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): PortalOptions {
  const result = EnvSchema.safeParse(env);
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
    ...(values.PORTAL_WEB_ROOT ? { webRoot: values.PORTAL_WEB_ROOT } : {}),
    serviceUrls: Object.fromEntries(
      SERVICE_NAMES.map((name) => [name, String(values[serviceUrlVariable(name)])]),
    ) as Record<ServiceName, string>,
  };
}
