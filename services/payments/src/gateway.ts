/** What the payments service asks a bank or treasury to pay. */
export interface PaymentOrder {
  /** The same key always means the same transfer: the bank pays it at most once. */
  idempotencyKey: string;
  amountFen: number;
  payeeName: string;
  bankAccount: string;
  bankName: string;
}

export interface BankResult {
  idempotencyKey: string;
  outcome: 'confirmed' | 'failed';
  bankRef: string;
  reason?: string;
}

export type BankResultListener = (result: BankResult) => Promise<void>;

/**
 * The payment gateway port. A bank adapter accepts orders (idempotently), answers asynchronously — possibly
 * late, twice, or never — and can be asked for a transfer's status. A call may also get no answer at all;
 * `signal` tells the adapter when the caller has given up waiting (see withCallTimeout).
 */
export interface PaymentGateway {
  send(order: PaymentOrder, signal?: AbortSignal): Promise<void>;
  status(idempotencyKey: string, signal?: AbortSignal): Promise<BankResult | 'pending' | 'unknown'>;
  /** One pass: hands each answer the bank has ready to `onResult`. The service calls it on a schedule. */
  settle(onResult: BankResultListener): Promise<void>;
}

/** The bank did not answer a call in time. Whether it acted on it (e.g. accepted the transfer) is unknown. */
export class BankTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`银行接口超时（${timeoutMs / 1000} 秒内未应答）`);
    this.name = 'BankTimeoutError';
  }
}

/** The gateway with each call to the bank bounded: one not answered within `timeoutMs` fails with BankTimeoutError. */
export function withCallTimeout(gateway: PaymentGateway, timeoutMs: number): PaymentGateway {
  return {
    send: (order) => withinTime(timeoutMs, (signal) => gateway.send(order, signal)),
    status: (idempotencyKey) => withinTime(timeoutMs, (signal) => gateway.status(idempotencyKey, signal)),
    settle: (onResult) => gateway.settle(onResult),
  };
}

async function withinTime<T>(timeoutMs: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new BankTimeoutError(timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([call(controller.signal), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
