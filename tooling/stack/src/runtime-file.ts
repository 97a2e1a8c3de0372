import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICES, type ServiceName } from './services.ts';

/** Where `./jiuzhu start` says what it runs, for the commands run beside it (bench, dlq). */
const RUNTIME_FILE = fileURLToPath(new URL('../../../.data/platform.json', import.meta.url));

export interface RunningPlatform {
  databaseUrl: string;
  /** Kafka's brokers when the platform runs on Kafka. */
  kafkaBrokers?: string;
  authServerUrl: string;
  /** Every instance of each service. */
  instanceUrls: Record<ServiceName, string[]>;
}

export function writeRuntimeFile(platform: RunningPlatform): void {
  mkdirSync(dirname(RUNTIME_FILE), { recursive: true });
  writeFileSync(RUNTIME_FILE, `${JSON.stringify(platform, null, 2)}\n`);
}

export function removeRuntimeFile(): void {
  rmSync(RUNTIME_FILE, { force: true });
}

/** What the running platform wrote, or nothing when none runs here. */
export function readRuntimeFile(): RunningPlatform | undefined {
  try {
    return JSON.parse(readFileSync(RUNTIME_FILE, 'utf8')) as RunningPlatform;
  } catch {
    return undefined;
  }
}

/**
 * The environment for talking to the platform: what the caller set, else what `./jiuzhu start` wrote, else
 * the defaults of a laptop.
 */
export function platformEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const running = readRuntimeFile();
  return {
    ...env,
    DATABASE_URL:
      env['DATABASE_URL'] ?? running?.databaseUrl ?? 'postgresql://postgres@127.0.0.1:5432/jiuzhu',
    KEYCLOAK_URL: env['KEYCLOAK_URL'] ?? running?.authServerUrl ?? 'http://127.0.0.1:8080',
    ...((env['KAFKA_BROKERS'] ?? running?.kafkaBrokers)
      ? { KAFKA_BROKERS: env['KAFKA_BROKERS'] ?? running?.kafkaBrokers }
      : {}),
  };
}

/**
 * Where each service's instances listen: `<NAME>_URL` (comma-separated) when set, else what `./jiuzhu start`
 * wrote, else the usual ports.
 */
export function platformInstanceUrls(env: NodeJS.ProcessEnv = process.env): Record<ServiceName, string[]> {
  const running = readRuntimeFile();
  return Object.fromEntries(
    SERVICES.map(({ name, port }) => [
      name,
      env[`${name.toUpperCase()}_URL`]?.split(',').map((url) => url.trim()) ??
        running?.instanceUrls[name] ?? [`http://127.0.0.1:${port}`],
    ]),
  ) as Record<ServiceName, string[]>;
}
