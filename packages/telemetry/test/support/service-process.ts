import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

export interface LogLine {
  level: string;
  service: string;
  msg: string;
  trace_id?: string;
  span_id?: string;
  [key: string]: unknown;
}

/** Runs a fixture the way services start: `node --import @jiuzhu/telemetry/register <entry>`. */
export async function startServiceProcess(fixture: string, env: Record<string, string>) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')),
  );
  const child = spawn(
    process.execPath,
    [
      '--conditions=jiuzhu-source',
      '--import',
      '@jiuzhu/telemetry/register',
      fileURLToPath(new URL(`../fixtures/${fixture}`, import.meta.url)),
    ],
    {
      cwd: packageDir,
      env: { ...inherited, OTEL_BSP_SCHEDULE_DELAY: '50', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const logLines = (): LogLine[] =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);

  const port = await new Promise<number>((resolve, reject) => {
    const check = () => {
      const listening = logLines().find((line) => line.msg === 'listening');
      if (listening) {
        child.stdout.off('data', check);
        resolve(listening['port'] as number);
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) =>
      reject(new Error(`${fixture} exited with ${code} before listening:\n${stderr}`)),
    );
  });

  return {
    url: `http://127.0.0.1:${port}`,
    logLines,
    output: () => stdout + stderr,
    /** SIGTERM, then wait for the process to flush and exit. */
    async stop(): Promise<number | null> {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      return child.exitCode ?? (child.signalCode === 'SIGTERM' ? 143 : null);
    },
  };
}
