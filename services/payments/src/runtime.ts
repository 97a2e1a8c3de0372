import type { ServiceContext } from '@jiuzhu/service-kit';
import {
  bankAccountCipher,
  dataKeyFrom,
  previousKeysFrom,
  type BankAccountCipher,
} from './bank-account-crypto.ts';
import type { Db, Tx } from './database.ts';
import { withCallTimeout, type BankResultListener, type PaymentGateway } from './gateway.ts';
import { applyBankResult } from './money.ts';
import { loadPaymentsSettings, type PaymentsSettings } from './settings.ts';
import { createSimulatedBank } from './simulated-bank.ts';

/** What the API and the background jobs of one running payments service share. */
export interface PaymentsRuntime {
  settings: PaymentsSettings;
  gateway: PaymentGateway;
  /** Records the bank's answer to a transfer (idempotent: answers may come twice). */
  applyResult: BankResultListener;
  /** Bank accounts are stored encrypted with it. */
  cipher: BankAccountCipher;
}

const runtimes = new WeakMap<ServiceContext<Db, Tx>, PaymentsRuntime>();

/** The runtime of the service running with `ctx`, built on first use (the kit asks for jobs before the router). */
export function runtimeFor(ctx: ServiceContext<Db, Tx>): PaymentsRuntime {
  let runtime = runtimes.get(ctx);
  if (!runtime) {
    const settings = loadPaymentsSettings(ctx.env);
    runtime = {
      settings,
      gateway: withCallTimeout(createSimulatedBank(ctx.db, settings), settings.PAYMENTS_BANK_TIMEOUT_MS),
      applyResult: (result) => applyBankResult(ctx.db, ctx, settings, result),
      cipher: bankAccountCipher(
        dataKeyFrom(settings.PAYMENTS_DATA_KEY, ctx.env, ctx.logger),
        previousKeysFrom(settings.PAYMENTS_DATA_KEY_PREVIOUS),
      ),
    };
    runtimes.set(ctx, runtime);
  }
  return runtime;
}
