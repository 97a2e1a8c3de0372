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
 * late, twice, or never — and can be asked for a transfer's status.
 */
export interface PaymentGateway {
  send(order: PaymentOrder): Promise<void>;
  status(idempotencyKey: string): Promise<BankResult | 'pending' | 'unknown'>;
  /** One pass: hands each answer the bank has ready to `onResult`. The service calls it on a schedule. */
  settle(onResult: BankResultListener): Promise<void>;
}
