import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startIdentityProvider } from '@jiuzhu/identity';
import { provideDatabase, type DatabaseHandle } from './database.ts';
import { SERVICES, type ServiceName } from './services.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface StackOptions {
  /** Where the platform keeps its data; created on a reachable server, else an embedded engine is used. */
  databaseUrl: string;
  /** Use the services' well-known ports (start command) or free random ones (tests, benchmarks). */
  ports: 'fixed' | 'random';
  /** A real Keycloak; when absent the embedded identity provider is started. */
  keycloak?: {
    url: string;
    /** The secrets Keycloak generated for the realm's confidential clients, by client id. */
    clientSecrets: Readonly<Record<string, string>>;
  };
  identityPort?: number;
  /**
   * Processes per service (default 1). They share the database and the bus: the consumer group shares the
   * partitions and one outbox relay publishes, as with two or more instances in production.
   */
  instances?: number;
  /** Extra environment for every service process (Kafka, OpenTelemetry, tuning). */
  serviceEnv?: NodeJS.ProcessEnv;
  /** Where service output goes, a line at a time. */
  onOutput?: (service: string, line: string) => void;
  embeddedDataDir?: string;
}

export interface Stack {
  databaseUrl: string;
  databaseKind: DatabaseHandle['kind'];
  authServerUrl: string;
  realm: string;
  /** The web portal agency staff sign in to. */
  portalUrl: string;
  /** The first instance of each service. */
  serviceUrls: Record<ServiceName, string>;
  /** Every instance of each service. */
  instanceUrls: Record<ServiceName, string[]>;
  /** The process id of a running service's first instance, to watch its memory. */
  pidOf(name: ServiceName): number | undefined;
  /** Stops every instance of one service the way an orchestrator would (SIGTERM), for failure drills. */
  stopService(name: ServiceName): Promise<void>;
  startService(name: ServiceName): Promise<void>;
  /** Kills one instance outright (SIGKILL), as a crashed machine would: no shutdown at all. */
  killInstance(name: ServiceName, instance: number): Promise<void>;
  stop(): Promise<void>;
}

export const REALM = 'jiuzhu';
export { PORTAL_CLIENT_ID } from '@jiuzhu/contracts';
export const PORTAL_REDIRECT_URI = 'http://127.0.0.1:4100/auth/callback';

/** `count` distinct free ports, all held at once while they are picked so that no two are the same. */
async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer().listen(0, '127.0.0.1'));
  await Promise.all(servers.map((server) => once(server, 'listening')));
  const ports = servers.map((server) => {
    const address = server.address();
    if (typeof address !== 'object' || !address) throw new Error('could not find a free port');
    return address.port;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

function pipeLines(child: ChildProcess, service: string, onOutput: (service: string, line: string) => void) {
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) onOutput(service, line);
    });
  }
}

async function waitUntilReady(
  name: string,
  url: string,
  child: ChildProcess,
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with code ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(`${url}/ready`);
      // Another process on the port would answer too: only this one's own name counts.
      if (response.ok && ((await response.json()) as { service?: string }).service === name) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${name} was not ready within ${timeoutMs} ms`);
}

async function terminate(child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/** Brings up the database, the identity provider and the six services as separate processes. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const onOutput = options.onOutput ?? ((service, line) => process.stdout.write(`[${service}] ${line}\n`));
  const instances = options.instances ?? 1;
  // Random mode: the database, portal, identity provider and services get distinct ports, picked together.
  // Fixed mode: a service's further instances listen 10, 20 … above its own port (4111, 4121 …).
  const [databasePort, portalPort, identityPort, ...servicePorts] = (
    options.ports === 'fixed'
      ? [
          5433,
          4100,
          8080,
          ...SERVICES.flatMap((s) => Array.from({ length: instances }, (_, i) => s.port + 10 * i)),
        ]
      : await freePorts(3 + SERVICES.length * instances)
  ) as [number, number, number, ...number[]];
  const database = await provideDatabase(
    options.databaseUrl,
    options.embeddedDataDir ?? `${REPO_ROOT}.data/pglite`,
    databasePort,
  );

  const portalUrl = `http://127.0.0.1:${portalPort}`;
  const identity = options.keycloak
    ? undefined
    : await startIdentityProvider({
        port: options.identityPort ?? identityPort,
        realm: REALM,
        portalRedirectUris: [...new Set([PORTAL_REDIRECT_URI, `${portalUrl}/auth/callback`])],
      });
  const authServerUrl = options.keycloak?.url ?? identity!.url;
  const clientSecrets = options.keycloak?.clientSecrets ?? identity!.clientSecrets;
  // Each process gets its own client's secret (the portal server's reads the organisation directory).
  const secretOf = (clientId: string) =>
    clientSecrets[clientId] ? { KEYCLOAK_CLIENT_SECRET: clientSecrets[clientId] } : {};

  const instanceUrls = Object.fromEntries(
    SERVICES.map((s, index) => [
      s.name,
      servicePorts
        .slice(index * instances, (index + 1) * instances)
        .map((port) => `http://127.0.0.1:${port}`),
    ]),
  ) as Record<ServiceName, string[]>;
  const serviceUrls = Object.fromEntries(SERVICES.map((s) => [s.name, instanceUrls[s.name][0]!])) as Record<
    ServiceName,
    string
  >;

  const children = new Map<string, ChildProcess>();
  const spawnProcess = async (
    name: ServiceName | 'portal',
    url: string,
    env: NodeJS.ProcessEnv,
    instance = 0,
  ) => {
    const port = new URL(url).port;
    const child = spawn(
      process.execPath,
      ['--conditions=jiuzhu-source', '--import', '@jiuzhu/telemetry/register', 'src/main.ts'],
      {
        cwd: `${REPO_ROOT}services/${name}`,
        env: {
          ...process.env,
          ...options.serviceEnv,
          ...env,
          HOST: '127.0.0.1',
          PORT: port,
          KEYCLOAK_URL: authServerUrl,
          KEYCLOAK_REALM: REALM,
          OTEL_SERVICE_NAME: `jiuzhu-${name}`,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const label = instance === 0 ? name : `${name}#${instance + 1}`;
    pipeLines(child, label, onOutput);
    children.set(label, child);
    await waitUntilReady(name, url, child);
  };
  const launch = async (name: ServiceName) => {
    for (const [instance, url] of instanceUrls[name].entries())
      await spawnProcess(name, url, { DATABASE_URL: database.url, ...secretOf(`jiuzhu-${name}`) }, instance);
  };
  const instancesOf = (name: ServiceName) =>
    [...children]
      .filter(([label]) => label === name || label.startsWith(`${name}#`))
      .map(([, child]) => child);

  const stop = async () => {
    await Promise.all([...children.values()].map((child) => terminate(child)));
    await identity?.close();
    await database.close();
  };

  try {
    // Services migrate their own schemas on start; starting them one by one keeps first-run logs readable.
    for (const { name } of SERVICES) await launch(name);
    await spawnProcess('portal', portalUrl, {
      // Every instance: the portal spreads calls over them and passes over one that is down.
      ...Object.fromEntries(
        SERVICES.map(({ name }) => [`${name.toUpperCase()}_URL`, instanceUrls[name].join(',')]),
      ),
      ...secretOf('jiuzhu-portal-server'),
    });
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    databaseUrl: database.url,
    databaseKind: database.kind,
    authServerUrl,
    realm: REALM,
    portalUrl,
    serviceUrls,
    instanceUrls,
    pidOf: (name) => {
      const child = children.get(name);
      return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
    },
    stopService: async (name) => {
      await Promise.all(instancesOf(name).map((child) => terminate(child)));
    },
    startService: launch,
    killInstance: async (name, instance) => {
      const child = children.get(instance === 0 ? name : `${name}#${instance + 1}`);
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
    stop,
  };
}
