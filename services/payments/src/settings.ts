import { z } from 'zod';
import { loadConfig } from '@jiuzhu/service-kit';

const rate = z.coerce.number().min(0).max(1);

/** Payments' own settings, from the environment. */
export const paymentsSettingsSchema = z.object({
  /** `off` stops the dispatcher (instructions are reserved but not sent), e.g. for maintenance. */
  PAYMENTS_DISPATCHER: z.enum(['on', 'off']).default('on'),
  PAYMENTS_DISPATCH_INTERVAL_MS: z.coerce.number().int().positive().default(500),
  /** After this long without an answer from the bank, ask it for the transfer's status. */
  PAYMENTS_CONFIRM_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  PAYMENTS_MAX_ATTEMPTS: z.coerce.number().int().positive().default(3),
  PAYMENTS_RETRY_DELAY_MS: z.coerce.number().int().nonnegative().default(5_000),
  /**
   * How long a call to the bank (sending a transfer, asking for its status) may take before the service stops
   * waiting. A timed-out send may or may not have reached the bank: it is chased like an unanswered one.
   */
  PAYMENTS_BANK_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Payment is due this many days after approval ("within one week"). */
  PAYMENTS_DUE_DAYS: z.coerce.number().int().positive().default(7),
  /** How often overdue payments are announced (each once) and accounts stored in plain text are encrypted. */
  PAYMENTS_HOUSEKEEPING_INTERVAL_MS: z.coerce.number().int().positive().default(60_000),
  /**
   * AES-256 key for bank accounts at rest: 32 random bytes, base64 (e.g. `openssl rand -base64 32`). Required
   * in production; elsewhere an embedded development key is used, with a warning.
   */
  PAYMENTS_DATA_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, { message: 'must be 32 bytes, base64-encoded' })
    .optional(),
  /**
   * Key rotation: the former PAYMENTS_DATA_KEY (or several, comma-separated). Accounts sealed with them stay
   * readable, and a job (at start, then with housekeeping) re-encrypts them with the current key.
   */
  PAYMENTS_DATA_KEY_PREVIOUS: z
    .string()
    .refine(
      (v) =>
        v
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean)
          .every((k) => Buffer.from(k, 'base64').length === 32),
      { message: 'must be 32-byte keys, base64-encoded, comma-separated' },
    )
    .optional(),
  /** Embedded simulated bank: how long a transfer takes to settle, and how often things go wrong. */
  SIM_BANK_SETTLE_MS: z.coerce.number().int().nonnegative().default(1_000),
  SIM_BANK_FAILURE_RATE: rate.default(0.05),
  /** The bank settles but its notification never arrives (the payment times out and is chased). */
  SIM_BANK_LOST_NOTIFICATION_RATE: rate.default(0.05),
  SIM_BANK_DUPLICATE_NOTIFICATION_RATE: rate.default(0.05),
  /** The send itself gets no answer (the service gives up after PAYMENTS_BANK_TIMEOUT_MS)… */
  SIM_BANK_SEND_TIMEOUT_RATE: rate.default(0.02),
  /** …though the bank took the transfer in this share of those timeouts; the others never reached it. */
  SIM_BANK_SEND_TIMEOUT_ACCEPTED_RATE: rate.default(0.5),
});
export type PaymentsSettings = z.output<typeof paymentsSettingsSchema>;

export const loadPaymentsSettings = (env: NodeJS.ProcessEnv) =>
  loadConfig('payments', paymentsSettingsSchema, env);
