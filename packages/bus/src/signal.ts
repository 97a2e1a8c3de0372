/**
 * A wake-up flag with a version: a waiter passes the version it saw before looking for work, so a wake-up that
 * arrives between the look and the wait is not lost.
 */
export class WakeSignal {
  version = 0;
  private readonly waiters = new Set<() => void>();

  fire(): void {
    this.version++;
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves on the next fire after `seenVersion`, after `timeoutMs`, or when `abort` aborts. */
  wait(seenVersion: number, timeoutMs: number, abort?: AbortSignal): Promise<void> {
    if (this.version !== seenVersion || abort?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        abort?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      abort?.addEventListener('abort', done, { once: true });
    });
  }
}

/** Named wake signals, created on first use. */
export class WakeSignals {
  private readonly signals = new Map<string, WakeSignal>();

  get(name: string): WakeSignal {
    let signal = this.signals.get(name);
    if (!signal) {
      signal = new WakeSignal();
      this.signals.set(name, signal);
    }
    return signal;
  }

  fireAll(): void {
    for (const signal of this.signals.values()) signal.fire();
  }
}
