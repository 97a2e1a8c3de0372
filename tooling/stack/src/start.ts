import { DEMO_PASSWORD, demoUsers } from '@jiuzhu/identity';
import { PORTAL_CLIENT_ID, REALM, startStack } from './stack.ts';

/**
 * `./jiuzhu start`: the whole platform on one machine. Real PostgreSQL when reachable (else embedded),
 * the embedded identity provider unless KEYCLOAK_URL names a real Keycloak, Kafka when KAFKA_BROKERS is
 * set (else the PostgreSQL-backed bus), and every service as its own process.
 */
const stack = await startStack({
  databaseUrl: process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/jiuzhu',
  ports: 'fixed',
  keycloakUrl: process.env['KEYCLOAK_URL'],
});

const lines = [
  '',
  'Jiuzhu is running / 救助平台已启动',
  `  database:  ${stack.databaseKind} ${stack.databaseUrl.replace(/\/\/[^@]*@/, '//')}`,
  `  bus:       ${process.env['KAFKA_BROKERS'] ? `kafka ${process.env['KAFKA_BROKERS']}` : 'embedded (PostgreSQL)'}`,
  `  portal:    ${stack.portalUrl}   ← sign in here / 在此登录`,
  `  identity:  ${stack.authServerUrl}/realms/${REALM} (OpenID Connect; portal client ${PORTAL_CLIENT_ID}, PKCE)`,
  ...Object.entries(stack.serviceUrls).map(
    ([name, url]) => `  ${name.padEnd(13)} ${url}/trpc   (health: ${url}/health)`,
  ),
  '',
  process.env['KEYCLOAK_URL']
    ? ''
    : `Demo users (password "${DEMO_PASSWORD}") / 演示账号（密码 ${DEMO_PASSWORD}）:`,
  ...(process.env['KEYCLOAK_URL']
    ? []
    : demoUsers().map(
        (u) => `  ${u.username.padEnd(24)} ${u.roles.join(',').padEnd(20)} ${u.displayName} · ${u.orgName}`,
      )),
  '',
  'Press Ctrl-C to stop. / 按 Ctrl-C 停止。',
];
process.stdout.write(`${lines.join('\n')}\n`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nStopping… / 正在停止…\n');
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
