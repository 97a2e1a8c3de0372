import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { AnyRouter } from '@trpc/server';
import { createAuthGuard } from '@jiuzhu/auth';
import {
  createTransportFromEnv,
  enqueue,
  startConsumer,
  startOutboxRelay,
  type Handler,
  type SqlExecutor,
} from '@jiuzhu/bus';
import type { Actor, EventDefinition, EventEnvelope } from '@jiuzhu/contracts';
import { applyMigrations } from '@jiuzhu/db';
import { shutdownTelemetry, type CreateLoggerOptions } from '@jiuzhu/telemetry';
import { assertCaseRegistry, createCaseAccess, withCaseRegistry, type CaseAccess } from './case-access.ts';
import { loadConfig, serviceConfigSchema, type ServiceConfig } from './config.ts';
import { serviceDirectory, type Directory } from './directory.ts';
import { answerClientErrors } from './edge/client-error.ts';
import { createHttpApp } from './http-app.ts';
import { createLogger, type Logger } from './logger.ts';
import { startPeriodicJobs, type PeriodicJob } from './periodic.ts';

/** The part of a Prisma client the kit relies on. */
export interface Database<Tx extends SqlExecutor> extends SqlExecutor {
  $transaction<R>(fn: (tx: Tx) => Promise<R>): Promise<R>;
  $disconnect(): Promise<void>;
}

export interface ServiceContext<Db extends Database<Tx>, Tx extends SqlExecutor> {
  db: Db;
  config: ServiceConfig;
  /** The environment the service was started with, for its own settings (read them with loadConfig). */
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Who may touch which case: every procedure naming a case asks it first (see case-access.ts). */
  cases: CaseAccess;
  /** The SSO's organisation directory: every organisation a caller names is checked here (see directory.ts). */
  directory: Directory;
  /** Records an event in this service's outbox, inside the caller's transaction. */
  publish<P>(
    tx: Tx,
    def: EventDefinition<P>,
    event: { caseKey: string; actor: Actor; payload: P },
  ): Promise<EventEnvelope<P>>;
}

export interface ServiceModule<Db extends Database<Tx>, Tx extends SqlExecutor> {
  name: string;
  defaultPort: number;
  /** Prisma Migrate layout: `<dir>/<timestamp_name>/migration.sql`. */
  migrationsDir: URL;
  openDatabase(options: { connectionString: string; schema: string; poolMax: number }): Db;
  /**
   * The service that opens cases (intake) records each one itself, in the transaction that opens it
   * (`ctx.cases.record`); every other service learns them from `intake.case-opened`, which the kit handles.
   */
  opensCases?: boolean;
  /**
   * The service checks organisations people name against the SSO directory (`ctx.directory`): its client's
   * secret is then required in production, and its service account needs query-groups and view-users.
   */
  readsDirectory?: boolean;
  router(ctx: ServiceContext<Db, Tx>): AnyRouter;
  /** Event handlers; each runs once per event, in the same transaction as the inbox record. */
  handlers?(ctx: ServiceContext<Db, Tx>): Handler<Tx>[];
  /** Background work on a schedule; stopped (and awaited) before the database closes. */
  jobs?(ctx: ServiceContext<Db, Tx>): PeriodicJob[];
}

export function defineService<Db extends Database<Tx>, Tx extends SqlExecutor>(
  module: ServiceModule<Db, Tx>,
) {
  return module;
}

export interface RunningService {
  url: string;
  /** How long stopping may take before the process gives up and exits (SHUTDOWN_TIMEOUT_MS). */
  shutdownTimeoutMs: number;
  /** Stops taking requests, lets in-flight requests and event handlers finish, then releases everything. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Where log lines go instead of stdout (tests read them). */
  logDestination?: CreateLoggerOptions['destination'];
}

export async function startService<Db extends Database<Tx>, Tx extends SqlExecutor>(
  module: ServiceModule<Db, Tx>,
  env: NodeJS.ProcessEnv = process.env,
  options: StartOptions = {},
): Promise<RunningService> {
  const config = loadConfig(
    module.name,
    serviceConfigSchema(module.name, module.defaultPort, { readsDirectory: module.readsDirectory }),
    env,
  );
  const logger = createLogger(
    module.name,
    options.logDestination ? { destination: options.logDestination } : {},
  );
  const schema = config.DB_SCHEMA;

  const { applied } = await applyMigrations({
    connectionString: config.DATABASE_URL,
    schema,
    migrationsDir: fileURLToPath(module.migrationsDir),
  });
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');

  const db = module.openDatabase({
    connectionString: config.DATABASE_URL,
    schema,
    poolMax: config.DATABASE_POOL_MAX,
  });
  await assertCaseRegistry(db, module.name, schema).catch(async (error: unknown) => {
    await db.$disconnect();
    throw error;
  });
  const transport = createTransportFromEnv({ BUS_POOL_MAX: '3', ...env, DATABASE_URL: config.DATABASE_URL });
  const cases = createCaseAccess(db, schema);
  const ctx: ServiceContext<Db, Tx> = {
    db,
    config,
    env,
    logger,
    cases,
    directory: serviceDirectory(config, logger),
    publish: (tx, def, event) => enqueue(tx, schema, def, event),
  };

  // Build everything the module declares first, so a bad setting fails the start before anything runs.
  const router = module.router(ctx);
  const ownHandlers = module.handlers?.(ctx) ?? [];
  const handlers = module.opensCases ? ownHandlers : withCaseRegistry(ownHandlers, cases);
  const jobDefinitions = module.jobs?.(ctx) ?? [];

  const relay = await startOutboxRelay({
    connectionString: config.DATABASE_URL,
    schema,
    transport,
    retentionMs: config.OUTBOX_RETENTION_DAYS * 86_400_000,
    logger,
  });
  const consumer =
    handlers.length > 0
      ? await startConsumer<Tx>({
          transport,
          groupId: module.name,
          schema,
          transaction: (fn) => db.$transaction(fn),
          handlers,
          logger,
        })
      : undefined;

  const jobs = startPeriodicJobs(jobDefinitions, logger);

  let accepting = true;
  const app = createHttpApp({
    service: module.name,
    router,
    authGuard: createAuthGuard({
      authServerUrl: config.KEYCLOAK_URL,
      realm: config.KEYCLOAK_REALM,
      clientId: config.KEYCLOAK_CLIENT_ID,
      personClients: config.KEYCLOAK_PERSON_CLIENTS,
    }),
    readiness: async () => {
      if (!accepting) throw new Error('shutting down');
      await db.$queryRawUnsafe('SELECT 1');
    },
    logger,
    limits: {
      bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES,
      maxBatchSize: config.TRPC_MAX_BATCH_SIZE,
      requestsPerMinute: config.REQUESTS_PER_MINUTE,
    },
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
    s.once('error', reject);
    answerClientErrors(s);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://${config.HOST}:${port}`;
  logger.info({ url, transport: config.KAFKA_BROKERS ? 'kafka' : 'embedded-postgres' }, 'service started');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      accepting = false;
      logger.info('stopping: finishing in-flight work');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      await jobs.stop();
      await consumer?.stop();
      await relay.stop();
      await transport.close();
      await db.$disconnect();
      logger.info('stopped');
    })());
  return { url, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS, stop };
}

/** Entry point of a service process: start, then stop cleanly on SIGTERM/SIGINT within the configured time. */
export async function runService<Db extends Database<Tx>, Tx extends SqlExecutor>(
  module: ServiceModule<Db, Tx>,
): Promise<void> {
  let running: RunningService;
  try {
    running = await startService(module);
  } catch (error) {
    process.stderr.write(`${module.name} failed to start: ${(error as Error).message}\n`);
    await shutdownTelemetry();
    process.exit(1);
  }
  const timeoutMs = running.shutdownTimeoutMs;
  const onSignal = (signal: string) => {
    const timer = setTimeout(() => {
      process.stderr.write(
        `${module.name}: shutdown took longer than ${timeoutMs} ms after ${signal}; exiting\n`,
      );
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    void running
      .stop()
      .then(() => shutdownTelemetry())
      .then(() => process.exit(0));
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
}
