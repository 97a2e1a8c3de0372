import { parseArgs } from 'node:util';
import {
  missingPrerequisites,
  provisionEngines,
  startKafka,
  startKeycloak,
  type Engines,
} from '@jiuzhu/engines';
import { DEMO_PASSWORD, demoUsers } from '@jiuzhu/identity';
import { removeRuntimeFile, writeRuntimeFile } from './runtime-file.ts';
import { PORTAL_CLIENT_ID, REALM, startStack } from './stack.ts';

/**
 * `./jiuzhu start [--kafka] [--keycloak]`: the whole platform on one machine. Real PostgreSQL when reachable
 * (else embedded); the embedded identity provider, or with --keycloak a real Keycloak fetched and started
 * here (or the one KEYCLOAK_URL names); the PostgreSQL-backed bus, or with --kafka a real Kafka broker
 * fetched and started here (or the cluster KAFKA_BROKERS names); every service as its own process.
 */
const { values } = parseArgs({
  options: {
    kafka: { type: 'boolean' },
    keycloak: { type: 'boolean' },
    /** Processes per service, sharing the work as in production. */
    instances: { type: 'string', default: '1' },
  },
});
const say = (line: string) => process.stdout.write(`${line}\n`);
const instances = Number(values.instances);
if (!Number.isInteger(instances) || instances < 1 || instances > 8) {
  say('usage: ./jiuzhu start [--kafka] [--keycloak] [--instances 1…8]');
  process.exit(2);
}

const engines: Engines = {};
const stopEngines = () => Promise.allSettled([engines.kafka?.stop(), engines.keycloak?.stop()]);
if (values.kafka || values.keycloak) {
  const missing = missingPrerequisites();
  if (missing) say(`jiuzhu: ${missing}.`);
  else {
    say(
      `Starting ${[values.kafka && 'Kafka', values.keycloak && 'Keycloak'].filter(Boolean).join(' and ')}…`,
    );
    try {
      const install = await provisionEngines(say);
      const [kafka, keycloak] = await Promise.all([
        values.kafka ? startKafka(install) : undefined,
        // On Keycloak's usual port, where the portal and `./jiuzhu bench` look for the identity provider.
        values.keycloak ? startKeycloak(install, { httpPort: 8080 }) : undefined,
      ]);
      Object.assign(engines, { kafka, keycloak });
    } catch (error) {
      await stopEngines();
      say(`jiuzhu: the real engines could not be started: ${(error as Error).message}`);
      process.exit(1);
    }
  }
}

const kafkaBrokers = engines.kafka?.brokers ?? process.env['KAFKA_BROKERS'];
const externalKeycloak = process.env['KEYCLOAK_URL'];
// With an external Keycloak: the clients that read the organisation directory, and the variable naming each secret.
const SECRET_VARIABLES = {
  'jiuzhu-portal-server': 'PORTAL_SERVER_SECRET',
  'jiuzhu-intake': 'INTAKE_SECRET',
  'jiuzhu-referral': 'REFERRAL_SECRET',
  'jiuzhu-followup': 'FOLLOWUP_SECRET',
};
const externalSecrets: Record<string, string> = {};
for (const [clientId, variable] of Object.entries(SECRET_VARIABLES)) {
  const secret = process.env[variable];
  if (secret) externalSecrets[clientId] = secret;
}
const keycloak =
  engines.keycloak ??
  (externalKeycloak ? { url: externalKeycloak, clientSecrets: externalSecrets } : undefined);

let stack: Awaited<ReturnType<typeof startStack>>;
try {
  stack = await startStack({
    databaseUrl: process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/jiuzhu',
    ports: 'fixed',
    instances,
    ...(keycloak ? { keycloak } : {}),
    ...(kafkaBrokers ? { serviceEnv: { KAFKA_BROKERS: kafkaBrokers } } : {}),
  });
} catch (error) {
  await stopEngines();
  throw error;
}

writeRuntimeFile({
  databaseUrl: stack.databaseUrl,
  authServerUrl: stack.authServerUrl,
  instanceUrls: stack.instanceUrls,
  ...(kafkaBrokers ? { kafkaBrokers } : {}),
});

const lines = [
  '',
  'Jiuzhu is running / 救助平台已启动',
  `  database:  ${stack.databaseKind} ${stack.databaseUrl.replace(/\/\/[^@]*@/, '//')}`,
  `  bus:       ${kafkaBrokers ? `Kafka ${kafkaBrokers}` : 'embedded (PostgreSQL)'}`,
  `  portal:    ${stack.portalUrl}   ← sign in here / 在此登录`,
  `  identity:  ${stack.authServerUrl}/realms/${REALM} (${keycloak ? 'Keycloak' : 'embedded OpenID Connect provider'}; portal client ${PORTAL_CLIENT_ID}, PKCE)`,
  ...(engines.keycloak
    ? [
        `  Keycloak admin console / 管理控制台: ${engines.keycloak.url}/admin/  (user ${engines.keycloak.admin.username}, password ${engines.keycloak.admin.password})`,
      ]
    : []),
  ...Object.entries(stack.instanceUrls).map(
    ([name, urls]) =>
      `  ${name.padEnd(13)} ${urls.map((url) => `${url}/trpc`).join('  ')}   (health: ${urls[0]}/health)`,
  ),
  '',
  ...(externalKeycloak && !engines.keycloak
    ? []
    : [
        `Demo users (password "${DEMO_PASSWORD}") / 演示账号（密码 ${DEMO_PASSWORD}）:`,
        ...demoUsers().map(
          (u) => `  ${u.username.padEnd(24)} ${u.roles.join(',').padEnd(20)} ${u.displayName} · ${u.orgName}`,
        ),
      ]),
  '',
  'Press Ctrl-C to stop. / 按 Ctrl-C 停止。',
];
say(lines.join('\n'));

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  say('\nStopping… / 正在停止…');
  removeRuntimeFile();
  await stack.stop();
  await stopEngines();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
