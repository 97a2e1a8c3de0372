import type { Db } from './database.ts';
import type { BankResult, BankResultListener, PaymentGateway, PaymentOrder } from './gateway.ts';
import type { PaymentsSettings } from './settings.ts';

const FAILURE_REASON = '收款账户状态异常，银行退回';

/** How often the simulated bank looks for transfers due to settle. */
export const simulatedBankSettleEveryMs = (settings: PaymentsSettings) =>
  Math.max(50, Math.min(settings.SIM_BANK_SETTLE_MS, 500));

/** A call the bank never answers: it ends only when the caller gives up waiting. */
const noAnswer = (signal: AbortSignal | undefined) =>
  new Promise<never>((_, reject) =>
    signal?.addEventListener(
      'abort',
      () => reject(signal.reason instanceof Error ? signal.reason : new Error('银行接口未应答')),
      { once: true },
    ),
  );

/**
 * The embedded default bank. Its records live in its own table so that it survives restarts like a real
 * bank would; it settles transfers after a delay, fails some, and sometimes loses or repeats notifications.
 * Now and then a send gets no answer at all, whether or not the bank took the transfer.
 */
export function createSimulatedBank(db: Db, settings: PaymentsSettings): PaymentGateway {
  const resultOf = (row: { idempotencyKey: string; status: string; bankRef: string }): BankResult =>
    row.status === 'confirmed'
      ? { idempotencyKey: row.idempotencyKey, outcome: 'confirmed', bankRef: row.bankRef }
      : {
          idempotencyKey: row.idempotencyKey,
          outcome: 'failed',
          bankRef: row.bankRef,
          reason: FAILURE_REASON,
        };

  return {
    async send(order: PaymentOrder, signal?: AbortSignal) {
      const timesOut = Math.random() < settings.SIM_BANK_SEND_TIMEOUT_RATE;
      if (timesOut && Math.random() >= settings.SIM_BANK_SEND_TIMEOUT_ACCEPTED_RATE) {
        // The order never reached the bank (e.g. the line dropped on the way).
        await noAnswer(signal);
      }
      await db.simBankTransfer.createMany({
        data: {
          idempotencyKey: order.idempotencyKey,
          amountFen: BigInt(order.amountFen),
          status: 'pending',
          bankRef: `SIM${Date.now()}${Math.floor(Math.random() * 1000)}`,
          settleAt: new Date(Date.now() + settings.SIM_BANK_SETTLE_MS),
        },
        skipDuplicates: true,
      });
      // The bank took the transfer, but its answer never comes back.
      if (timesOut) await noAnswer(signal);
    },
    async status(idempotencyKey) {
      const row = await db.simBankTransfer.findUnique({ where: { idempotencyKey } });
      if (!row) return 'unknown';
      return row.status === 'pending' ? 'pending' : resultOf(row);
    },
    async settle(onResult: BankResultListener) {
      const due = await db.simBankTransfer.findMany({
        where: { status: 'pending', settleAt: { lte: new Date() } },
        take: 50,
      });
      for (const transfer of due) {
        const status = Math.random() < settings.SIM_BANK_FAILURE_RATE ? 'failed' : 'confirmed';
        const lost = Math.random() < settings.SIM_BANK_LOST_NOTIFICATION_RATE;
        const moved = await db.simBankTransfer.updateMany({
          where: { idempotencyKey: transfer.idempotencyKey, status: 'pending' },
          data: { status, notifiedAt: lost ? null : new Date() },
        });
        if (moved.count !== 1 || lost) continue;
        const result = resultOf({ ...transfer, status });
        await onResult(result);
        if (Math.random() < settings.SIM_BANK_DUPLICATE_NOTIFICATION_RATE) await onResult(result);
      }
    },
  };
}
