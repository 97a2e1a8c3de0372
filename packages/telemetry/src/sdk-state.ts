/**
 * The running SDK lives on globalThis so `shutdownTelemetry()` finds it even when the register hook and the
 * service load this package through different entry points (source vs. built files).
 */
const STATE_KEY = Symbol.for('jiuzhu.telemetry.sdk');
const SHUTDOWN_LIMIT_MS = 5_000;

interface TelemetryState {
  shutdown: () => Promise<void>;
  stopping?: Promise<void>;
}

type GlobalWithState = typeof globalThis & { [STATE_KEY]?: TelemetryState };

export function setTelemetryState(shutdown: () => Promise<void>): boolean {
  const holder = globalThis as GlobalWithState;
  if (holder[STATE_KEY]) return false;
  holder[STATE_KEY] = { shutdown };
  return true;
}

export function isTelemetryStarted(): boolean {
  return (globalThis as GlobalWithState)[STATE_KEY] !== undefined;
}

/**
 * Flushes pending spans and stops the SDK; call it last in a service's graceful shutdown. Safe to call more
 * than once, or when telemetry was never started. Gives up after 5 s so an unreachable collector cannot hold
 * the process.
 */
export function shutdownTelemetry(): Promise<void> {
  const state = (globalThis as GlobalWithState)[STATE_KEY];
  if (!state) return Promise.resolve();
  state.stopping ??= new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, SHUTDOWN_LIMIT_MS);
    timer.unref();
    state.shutdown().then(
      () => resolve(),
      () => resolve(),
    );
  });
  return state.stopping;
}
