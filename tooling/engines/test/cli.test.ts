import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { missingPrerequisites } from '../src/provision.ts';

const cli = join(dirname(fileURLToPath(import.meta.url)), '../src/cli.ts');
// Prints what a test run would be handed, then exits with the code it is given.
const reporter = (exitCode: number) => [
  process.execPath,
  '-e',
  `console.log('BROKERS=' + (process.env.JIUZHU_TEST_KAFKA_BROKERS ?? '')); process.exit(${exitCode})`,
];

async function runCli(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(process.execPath, ['--conditions=jiuzhu-source', cli, ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

function accepts(hostPort: string): Promise<boolean> {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port) }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

describe('./jiuzhu engines', () => {
  it('without Java and Maven says so in one line and runs the command on the embedded defaults', async () => {
    // Only node itself on the PATH: no java, no mvn.
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: dirname(process.execPath) };
    delete env.JIUZHU_TEST_KAFKA_BROKERS;
    const result = await runCli(['--kafka', '--keycloak', '--', ...reporter(3)], env);
    const said = result.stderr.split('\n').filter((line) => line.startsWith('jiuzhu:'));
    expect(said).toEqual([
      'jiuzhu: Java (java) and Maven (mvn) not found: Kafka and Keycloak are not run; everything else runs on the embedded defaults.',
    ]);
    expect(result.stdout).toContain('BROKERS=\n');
    expect(result.code).toBe(3);
  });

  it('refuses to run without a command', async () => {
    const result = await runCli(['--kafka']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: ./jiuzhu engines');
  });

  it.skipIf(missingPrerequisites() !== undefined)(
    'hands a ready broker to the command and stops it when the command fails',
    async () => {
      const result = await runCli(['--kafka', '--', ...reporter(1)]);
      const brokers = /BROKERS=(\S+)/.exec(result.stdout)?.[1];
      expect(brokers, result.stderr).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(result.stderr).toMatch(/jiuzhu: Kafka 127\.0\.0\.1:\d+ ready in \d+ s/);
      expect(result.code).toBe(1);
      expect(await accepts(brokers!)).toBe(false);
    },
    240_000,
  );
});
