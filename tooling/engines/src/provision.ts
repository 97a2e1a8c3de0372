import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withLock } from './lock.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const POM = fileURLToPath(new URL('../engines.pom.xml', import.meta.url));
const ENGINES_DIR = join(REPO_ROOT, '.tools', 'engines');

export interface EngineVersions {
  kafka: string;
  keycloak: string;
}

/** The versions named in engines.pom.xml, the one place they are kept. */
export function engineVersions(): EngineVersions {
  const pom = readFileSync(POM, 'utf8');
  const property = (name: string) => {
    const value = new RegExp(`<${name}>([^<]+)</${name}>`).exec(pom)?.[1];
    if (!value) throw new Error(`engines.pom.xml names no ${name}`);
    return value;
  };
  return { kafka: property('kafka.version'), keycloak: property('keycloak.version') };
}

function runs(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return result.status === 0;
}

/**
 * What is missing on this machine to run the real engines, in one line, or undefined when nothing is.
 * Java runs Kafka and Keycloak; Maven fetches them from Maven Central.
 */
export function missingPrerequisites(): string | undefined {
  const missing = [
    ...(runs('java', ['-version']) ? [] : ['Java (java)']),
    ...(runs('mvn', ['--version']) ? [] : ['Maven (mvn)']),
  ];
  if (missing.length === 0) return undefined;
  return `${missing.join(' and ')} not found: Kafka and Keycloak are not run; everything else runs on the embedded defaults`;
}

export interface EngineInstall {
  versions: EngineVersions;
  /** Directory holding the broker's jars (kafka_2.13 and its runtime dependencies). */
  kafkaLibs: string;
  /** The unpacked Keycloak distribution (bin/kc.sh, lib/, conf/ …). */
  keycloakHome: string;
}

function mvn(args: string[], log: (line: string) => void): void {
  const result = spawnSync('mvn', ['-B', '-q', '-f', POM, ...args], { encoding: 'utf8' });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
    log(output);
    throw new Error(`Maven could not fetch the engines (mvn ${args[0]} exited with ${result.status})`);
  }
}

/** Fills `target` through a scratch directory, so a fetch cut short never leaves a half-filled one behind. */
function fillOnce(target: string, fill: (scratch: string) => void): void {
  if (existsSync(join(target, '.complete'))) return;
  const scratch = `${target}.partial`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  fill(scratch);
  writeFileSync(join(scratch, '.complete'), new Date().toISOString());
  rmSync(target, { recursive: true, force: true });
  renameSync(scratch, target);
}

/**
 * Fetches Kafka and Keycloak with Maven into `.tools/engines/` the first time, like the toolchain script
 * installs Node; later calls find them there. Safe to call from several processes at once.
 */
export async function provisionEngines(log: (line: string) => void = () => {}): Promise<EngineInstall> {
  const versions = engineVersions();
  const kafkaDir = join(ENGINES_DIR, `kafka-${versions.kafka}`);
  const keycloakDir = join(ENGINES_DIR, `keycloak-${versions.keycloak}`);
  mkdirSync(ENGINES_DIR, { recursive: true });
  await withLock(join(ENGINES_DIR, '.provision.lock'), async () => {
    fillOnce(kafkaDir, (scratch) => {
      log(`jiuzhu: fetching Apache Kafka ${versions.kafka} from Maven Central into .tools/engines/`);
      mvn(
        [
          'dependency:copy-dependencies',
          `-DoutputDirectory=${join(scratch, 'libs')}`,
          '-DincludeScope=runtime',
          '-DexcludeTypes=tar.gz',
        ],
        log,
      );
    });
    fillOnce(keycloakDir, (scratch) => {
      log(`jiuzhu: fetching Keycloak ${versions.keycloak} from Maven Central into .tools/engines/`);
      const archives = join(scratch, 'archive');
      mvn(['dependency:copy-dependencies', `-DoutputDirectory=${archives}`, '-DincludeTypes=tar.gz'], log);
      const [archive] = readdirSync(archives).filter((name) => name.startsWith('keycloak-quarkus-dist'));
      if (!archive) throw new Error('Maven fetched no Keycloak distribution');
      const untar = spawnSync('tar', ['xzf', join(archives, archive), '-C', scratch, '--strip-components=1']);
      if (untar.status !== 0) throw new Error(`could not unpack ${archive}`);
      rmSync(archives, { recursive: true });
    });
  });
  return { versions, kafkaLibs: join(kafkaDir, 'libs'), keycloakHome: keycloakDir };
}
