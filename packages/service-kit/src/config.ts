import { DEVELOPMENT_SECRET_REFUSED, isDevelopmentSecret } from '@jiuzhu/auth';
import { PORTAL_CLIENT_ID } from '@jiuzhu/contracts';
import { z } from 'zod';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Validates the environment against a schema and fails fast with one line per problem, naming the variable,
 * so a misconfigured deployment stops at start-up instead of at the first request.
 */
export function loadConfig<S extends z.ZodType>(
  service: string,
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `  - ${issue.path.join('.') || '(environment)'}: ${issue.message}`,
  );
  throw new ConfigError(`Invalid configuration for ${service}:\n${problems.join('\n')}`);
}

const PostgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, { message: 'must be a postgresql:// connection URL' });

/**
 * What every Jiuzhu service reads from its environment. A service that checks organisations against the SSO
 * directory (`readsDirectory`) needs its client's secret in production.
 */
export function serviceConfigSchema(
  service: string,
  defaultPort: number,
  options: { readsDirectory?: boolean | undefined } = {},
) {
  return z
    .object({
      NODE_ENV: z.string().optional(),
      HOST: z.string().default('127.0.0.1'),
      PORT: z.coerce.number().int().min(0).max(65535).default(defaultPort),
      DATABASE_URL: PostgresUrl.default('postgresql://postgres@127.0.0.1:5432/jiuzhu'),
      DB_SCHEMA: z
        .string()
        .regex(/^[a-z_][a-z0-9_]*$/, { message: 'must be a lower-case PostgreSQL schema name' })
        .default(service),
      KEYCLOAK_URL: z
        .url({ message: 'must be the Keycloak auth-server URL, e.g. http://127.0.0.1:8080' })
        .default('http://127.0.0.1:8080'),
      KEYCLOAK_REALM: z.string().min(1).default('jiuzhu'),
      KEYCLOAK_CLIENT_ID: z.string().min(1).default(`jiuzhu-${service}`),
      /** The secret of this service's client, for its service account (client credentials). */
      KEYCLOAK_CLIENT_SECRET: z.string().min(1).optional(),
      /** Clients people sign in with (comma-separated); tokens of any other client are refused. */
      KEYCLOAK_PERSON_CLIENTS: z
        .string()
        .default(PORTAL_CLIENT_ID)
        .transform((value) =>
          value
            .split(',')
            .map((client) => client.trim())
            .filter(Boolean),
        ),
      /** Connections this service's database client may hold; six services share one server's limit. */
      DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(4),
      KAFKA_BROKERS: z.string().optional(),
      SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
      /** Days published outbox rows and handled inbox rows are kept before the relay deletes them. */
      OUTBOX_RETENTION_DAYS: z.coerce.number().positive().default(14),
      /** Largest request body a call may send, in bytes; a procedure that takes files declares its own. */
      HTTP_BODY_LIMIT_BYTES: z.coerce
        .number()
        .int()
        .min(1024)
        .max(1024 ** 3)
        .default(1024 * 1024),
      /** Most calls one tRPC batch request may carry. */
      TRPC_MAX_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
      /**
       * Calls one person may make to one instance of this service per minute (a burst of as many, then refilled
       * evenly); 0 turns the limit off. With several instances each keeps its own count.
       */
      REQUESTS_PER_MINUTE: z.coerce.number().int().min(0).default(1200),
      /** Audited reveals of personal data one person may make per minute, counted from the audit rows. */
      REVEALS_PER_MINUTE: z.coerce.number().int().min(1).default(10),
    })
    .superRefine((config, ctx) => {
      const secret = config.KEYCLOAK_CLIENT_SECRET;
      if (config.NODE_ENV === 'production' && secret === undefined && options.readsDirectory)
        ctx.addIssue({
          code: 'custom',
          path: ['KEYCLOAK_CLIENT_SECRET'],
          message: `required in production (the secret of ${config.KEYCLOAK_CLIENT_ID}, whose service account checks organisations against the SSO directory)`,
        });
      if (config.NODE_ENV === 'production' && secret !== undefined && isDevelopmentSecret(secret))
        ctx.addIssue({
          code: 'custom',
          path: ['KEYCLOAK_CLIENT_SECRET'],
          message: DEVELOPMENT_SECRET_REFUSED,
        });
    });
}
export type ServiceConfig = z.output<ReturnType<typeof serviceConfigSchema>>;
