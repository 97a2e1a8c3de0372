import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withLock } from './lock.ts';
import { freePorts, spawnEngine, waitUntilReady } from './process.ts';
import { REPO_ROOT, type EngineInstall } from './provision.ts';

export const REALM_FILE = join(REPO_ROOT, 'infra', 'keycloak', 'jiuzhu-realm.json');
export const REALM = 'jiuzhu';
const ADMIN_USERNAME = 'admin';

export interface RunningKeycloak {
  /** Keycloak's base URL (KEYCLOAK_URL). */
  url: string;
  /** The bootstrap administrator of the master realm, for the admin console and the admin API. */
  admin: { username: string; password: string };
  /** Secrets Keycloak generated for the realm's confidential clients at import, by client id. */
  clientSecrets: Record<string, string>;
  /** Keycloak's server log, import messages included. */
  logFile: string;
  stop(): Promise<void>;
}

async function adminToken(url: string, admin: RunningKeycloak['admin']): Promise<string> {
  const response = await fetch(`${url}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'admin-cli',
      username: admin.username,
      password: admin.password,
    }),
  });
  if (!response.ok) throw new Error(`Keycloak admin sign-in failed: HTTP ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** The secret of every confidential client of the realm, read through the admin API. */
async function confidentialClientSecrets(
  url: string,
  admin: RunningKeycloak['admin'],
): Promise<Record<string, string>> {
  const token = await adminToken(url, admin);
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}/admin/realms/${REALM}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`Keycloak admin API ${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  };
  const clients =
    await get<{ id: string; clientId: string; publicClient?: boolean; bearerOnly?: boolean }[]>(
      '/clients?max=1000',
    );
  const secrets: Record<string, string> = {};
  for (const client of clients) {
    if (client.publicClient || client.bearerOnly || !client.clientId.startsWith('jiuzhu-')) continue;
    const { value } = await get<{ value?: string }>(`/clients/${client.id}/client-secret`);
    if (value) secrets[client.clientId] = value;
  }
  return secrets;
}

/**
 * Keycloak in development mode on free ports, with an in-memory database (nothing survives the run) and
 * the platform's realm (infra/keycloak/jiuzhu-realm.json) imported; ready once the realm answers.
 */
export async function startKeycloak(
  install: EngineInstall,
  options: { httpPort?: number } = {},
): Promise<RunningKeycloak> {
  const [freeHttpPort, managementPort] = (await freePorts(2)) as [number, number];
  const httpPort = options.httpPort ?? freeHttpPort;
  const home = mkdtempSync(join(tmpdir(), 'jiuzhu-keycloak-'));
  const logFile = join(home, 'keycloak.log');
  // Keycloak imports from its own data/import folder; the realm file is the repository's, copied fresh.
  const importDir = join(install.keycloakHome, 'data', 'import');
  mkdirSync(importDir, { recursive: true });
  copyFileSync(REALM_FILE, join(importDir, `${REALM}-realm.json`));

  const admin = { username: ADMIN_USERNAME, password: randomBytes(12).toString('base64url') };
  const url = `http://127.0.0.1:${httpPort}`;
  const launch = async () => {
    const server = spawnEngine(
      'Keycloak',
      join(install.keycloakHome, 'bin', 'kc.sh'),
      [
        'start-dev',
        '--db=dev-mem',
        '--http-host=127.0.0.1',
        `--http-port=${httpPort}`,
        `--http-management-port=${managementPort}`,
        '--import-realm',
      ],
      {
        logFile,
        env: {
          KC_BOOTSTRAP_ADMIN_USERNAME: admin.username,
          KC_BOOTSTRAP_ADMIN_PASSWORD: admin.password,
          JAVA_OPTS_KC_HEAP: '-Xms128m -Xmx768m',
        },
      },
    );
    try {
      await waitUntilReady(
        server,
        async () => (await fetch(`${url}/realms/${REALM}/.well-known/openid-configuration`)).ok,
        240_000,
      );
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  };
  // The first start of a fresh distribution builds it for development mode, writing into lib/; one process
  // at a time does that, the rest find it built.
  const built = join(install.keycloakHome, '.built-for-dev');
  const server = existsSync(built)
    ? await launch()
    : await withLock(join(install.keycloakHome, '.build.lock'), async () => {
        const started = await launch();
        writeFileSync(built, new Date().toISOString());
        return started;
      });
  const stop = async () => {
    await server.stop();
    rmSync(home, { recursive: true, force: true });
  };
  try {
    return { url, admin, clientSecrets: await confidentialClientSecrets(url, admin), logFile, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
