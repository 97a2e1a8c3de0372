import { TRPCClientError } from '@trpc/client';
import pg from 'pg';
import { createPgTransport, envelopeMessage, type SqlExecutor } from '@jiuzhu/bus';
import { caseOpened, type EventDefinition, type EventEnvelope, type PayloadOf } from '@jiuzhu/contracts';
import { createTestSchema } from '@jiuzhu/db/testing';
import { DEMO_PASSWORD, startIdentityProvider } from '@jiuzhu/identity';
import { signIn } from '@jiuzhu/identity/testing';
import { CASE_REGISTRY_TABLE } from './case-access.ts';
import { startService, type Database, type ServiceModule } from './service.ts';

export {
  sampleInput,
  type InputPath,
  type SampleOptions,
  type SampleValues,
} from './testing/sample-input.ts';
export { proceduresOf, type ProcedureShape } from './testing/procedures.ts';

const REDIRECT_URI = 'http://127.0.0.1:4100/auth/callback';

/**
 * One service under test, as it runs in production: its own fresh PostgreSQL schema (migrated on start),
 * a private embedded bus, the embedded identity provider for real tokens, and its HTTP endpoint.
 */
export async function startServiceUnderTest<Db extends Database<Tx>, Tx extends SqlExecutor>(
  module: ServiceModule<Db, Tx>,
  env: NodeJS.ProcessEnv = {},
) {
  const schema = createTestSchema(module.name);
  const busSchema = `${schema.schema}_bus`;
  const identity = await startIdentityProvider({
    port: 0,
    portalRedirectUris: [REDIRECT_URI],
  });
  const logLines: string[] = [];
  const service = await startService(
    module,
    {
      // The service's own client, as the stack gives it: its service account reads the organisation directory.
      KEYCLOAK_CLIENT_SECRET: identity.clientSecrets[`jiuzhu-${module.name}`],
      ...env,
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: schema.connectionString,
      DB_SCHEMA: schema.schema,
      BUS_SCHEMA: busSchema,
      KEYCLOAK_URL: identity.url,
    },
    // Written to stdout as always, and kept for tests that look for what was logged.
    { logDestination: { write: (line: string) => logLines.push(line) && process.stdout.write(line) } },
  );
  const transport = createPgTransport({ connectionString: schema.connectionString, schema: busSchema });
  const sql = new pg.Pool({ connectionString: schema.connectionString, max: 2 });

  /** Publishes an upstream event the way another service's relay would; returns its envelope. */
  async function deliver<P>(
    def: EventDefinition<P>,
    payload: P,
    overrides: Partial<EventEnvelope<P>> = {},
  ): Promise<EventEnvelope<P>> {
    const envelope: EventEnvelope<P> = {
      id: crypto.randomUUID(),
      type: def.type,
      version: def.version,
      occurredAt: new Date().toISOString(),
      caseKey: (payload as { caseId?: string }).caseId ?? crypto.randomUUID(),
      actor: { userId: 'test:upstream', orgId: 'test' },
      payload,
      ...overrides,
    };
    await transport.publish(def.topic, [envelopeMessage(envelope)]);
    return envelope;
  }

  /** Reads this service's own tables directly, to assert what it stored. */
  async function query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    const client = await sql.connect();
    try {
      await client.query(`SET search_path TO ${client.escapeIdentifier(schema.schema)}`);
      return (await client.query<R>(text, values)).rows;
    } finally {
      client.release();
    }
  }

  /**
   * Delivers intake's opening of a case (by default at 信宜市人民法院, whose parent is 茂名市中级人民法院) and waits
   * until this service has recorded it, so its procedures may be called on the case; returns the opening.
   */
  async function openCase(
    overrides: Partial<PayloadOf<typeof caseOpened>> = {},
  ): Promise<PayloadOf<typeof caseOpened>> {
    const opening: PayloadOf<typeof caseOpened> = {
      caseId: crypto.randomUUID(),
      caseNumber: `（2026）粤0983司救${Math.floor(Math.random() * 100_000)}号`,
      handlingOrgId: 'court-440983',
      handlingOrgParentId: 'court-440900',
      handlingRegion: '440983',
      leadSource: 'ex_officio',
      urgent: false,
      requestedAmountFen: 2_000_000,
      ...overrides,
    };
    await deliver(caseOpened, opening);
    await eventually(async () => {
      const rows = await query(`SELECT 1 FROM ${CASE_REGISTRY_TABLE} WHERE case_id = $1`, [opening.caseId]);
      return rows.length > 0 ? rows : undefined;
    }, `the opening of case ${opening.caseId}`);
    return opening;
  }

  return {
    url: service.url,
    schema: schema.schema,
    /** Of the database holding `schema`, for tests that open their own client on it. */
    connectionString: schema.connectionString,

    /** An access token for a demo user, obtained through the real sign-in flow. */
    async tokenFor(username: string): Promise<string> {
      const tokens = await signIn({
        authServerUrl: identity.url,
        realm: identity.realm,
        clientId: identity.portalClientId,
        redirectUri: REDIRECT_URI,
        username,
        password: DEMO_PASSWORD,
      });
      return tokens.access_token;
    },

    deliver,
    openCase,
    query,

    /** The service's log lines so far, parsed. */
    logs(): Record<string, unknown>[] {
      return logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    },

    async stop() {
      await service.stop();
      await transport.close();
      await sql.end();
      await identity.close();
      await schema.drop();
      const admin = new pg.Client({ connectionString: schema.connectionString });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS ${admin.escapeIdentifier(busSchema)} CASCADE`);
      await admin.end();
    },
  };
}

/** Polls until the probe returns something other than undefined (or throws), or fails after the timeout. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Awaits a call that must fail over tRPC and returns what the caller saw: HTTP status and message. */
export async function failureOf(
  call: Promise<unknown>,
): Promise<{ status: number | undefined; message: string }> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof TRPCClientError))
    throw new Error(`expected the call to fail over tRPC, got ${String(outcome)}`);
  const data = outcome.data as { httpStatus?: number } | undefined;
  return { status: data?.httpStatus, message: outcome.message };
}
