import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { openSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** `count` distinct free ports on 127.0.0.1, all held at once while they are picked. */
export async function freePorts(count: number): Promise<number[]> {
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

export interface EngineProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Where the engine's output goes. */
  readonly logFile: string;
  /** SIGTERM to the engine's whole process group, SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<EngineProcess>();

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

// However this process ends, the engines end with it: on a normal exit here, and through the watchdog
// (below) when this process is killed outright.
process.once('exit', () => {
  for (const engine of running) if (engine.child.pid) killGroup(engine.child.pid, 'SIGKILL');
});

/**
 * A watchdog in its own process: when `parentPid` is gone (killed with SIGKILL, a CI timeout), it stops the
 * engine's process group, so no broker or Keycloak outlives the run that started it.
 */
function watch(parentPid: number, enginePid: number): void {
  const script = `while kill -0 ${parentPid} 2>/dev/null && kill -0 -${enginePid} 2>/dev/null; do sleep 1; done; kill -0 -${enginePid} 2>/dev/null || exit 0; kill -TERM -${enginePid} 2>/dev/null; sleep 10; kill -KILL -${enginePid} 2>/dev/null`;
  spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' }).unref();
}

/** Starts an engine as the leader of its own process group, its output appended to `logFile`. */
export function spawnEngine(
  name: string,
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; logFile: string },
): EngineProcess {
  const out = openSync(options.logFile, 'a');
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', out, out],
    detached: true,
  });
  if (!child.pid) throw new Error(`${name} could not be started (${command})`);
  watch(process.pid, child.pid);
  let stopped: Promise<void> | undefined;
  const engine: EngineProcess = {
    name,
    child,
    logFile: options.logFile,
    stop(graceMs = 15_000) {
      stopped ??= (async () => {
        running.delete(engine);
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        killGroup(child.pid!, 'SIGTERM');
        const timer = setTimeout(() => killGroup(child.pid!, 'SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
        // Anything the leader left behind in its group.
        killGroup(child.pid!, 'SIGKILL');
      })();
      return stopped;
    },
  };
  running.add(engine);
  return engine;
}

/** Polls `probe` until it resolves true; fails early when the engine exits, or after `timeoutMs`. */
export async function waitUntilReady(
  engine: EngineProcess,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (engine.child.exitCode !== null)
      throw new Error(`${engine.name} exited with code ${engine.child.exitCode}; see ${engine.logFile}`);
    if (await probe().catch(() => false)) return;
    await sleep(500);
  }
  throw new Error(`${engine.name} was not ready within ${timeoutMs / 1000} s; see ${engine.logFile}`);
}
