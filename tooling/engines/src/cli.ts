import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { enginesEnv, type Engines } from './env.ts';
import { startKafka } from './kafka.ts';
import { startKeycloak } from './keycloak.ts';
import { missingPrerequisites, provisionEngines } from './provision.ts';

/**
 * `./jiuzhu engines [--kafka] [--keycloak] -- <command…>`: fetches and starts the real engines, runs the
 * command with their locations in its environment (ENGINE_ENV), and stops them when the command ends,
 * whether it passed, failed or was interrupted. Without Java or Maven it says so in one line and runs the
 * command without them.
 */
const separator = process.argv.indexOf('--');
const { values } = parseArgs({
  args: process.argv.slice(2, separator === -1 ? undefined : separator),
  options: { kafka: { type: 'boolean' }, keycloak: { type: 'boolean' } },
});
const command = separator === -1 ? [] : process.argv.slice(separator + 1);
if (command.length === 0) {
  process.stderr.write('usage: ./jiuzhu engines [--kafka] [--keycloak] -- <command…>\n');
  process.exit(2);
}
const log = (line: string) => process.stderr.write(`${line}\n`);

const engines: Engines = {};
const stopEngines = async () => {
  await Promise.allSettled([engines.kafka?.stop(), engines.keycloak?.stop()]);
};
let interrupted = false;
let commandRunning = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    // The command (same terminal, same process group) gets the signal too; stop the engines once it ends.
    interrupted = true;
    if (!commandRunning) void stopEngines().then(() => process.exit(130));
  });

const missing = missingPrerequisites();
if (missing) log(`jiuzhu: ${missing}.`);
else if (values.kafka || values.keycloak) {
  const started = Date.now();
  try {
    const install = await provisionEngines(log);
    const [kafka, keycloak] = await Promise.all([
      values.kafka ? startKafka(install) : undefined,
      values.keycloak ? startKeycloak(install) : undefined,
    ]);
    Object.assign(engines, { kafka, keycloak });
  } catch (error) {
    log(`jiuzhu: the real engines could not be started: ${(error as Error).message}`);
    await stopEngines();
    process.exit(1);
  }
  const names = [
    engines.kafka && `Kafka ${engines.kafka.brokers}`,
    engines.keycloak && `Keycloak ${engines.keycloak.url}`,
  ].filter(Boolean);
  log(`jiuzhu: ${names.join(' and ')} ready in ${Math.round((Date.now() - started) / 1000)} s`);
}
if (interrupted) {
  await stopEngines();
  process.exit(130);
}

commandRunning = true;
const child = spawn(command[0]!, command.slice(1), {
  stdio: 'inherit',
  env: { ...process.env, ...enginesEnv(engines) },
});
const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
await stopEngines();
process.exit(code ?? (signal ? 128 + 1 : 1));
