import type { BankAccountCipher } from './bank-account-crypto.ts';
import type { Db } from './database.ts';
import type { BankResultListener, PaymentGateway } from './gateway.ts';
import type { PaymentsSettings } from './settings.ts';

export const attemptKey = (paymentId: string, attempt: number) => `${paymentId}:${attempt}`;

/**
 * One pass of the dispatcher: sends reserved instructions to the gateway (instalments once their planned date
 * has come), schedules retries, and chases the
 * bank about transfers it has not answered. Safe to stop at any point: an instruction is marked sent just
 * before the gateway is asked; one the bank never got is found by the chase (status unknown) and sent again
 * under the same idempotency key, so the bank pays it once.
 */
export async function dispatchOnce(
  db: Db,
  gateway: PaymentGateway,
  settings: PaymentsSettings,
  applyResult: BankResultListener,
  cipher: BankAccountCipher,
): Promise<void> {
  const now = new Date();
  // A failed attempt is retried under a new key once its delay has passed.
  const retries = await db.paymentInstruction.findMany({
    where: { status: 'retry', nextAttemptAt: { lte: now } },
    take: 50,
  });
  for (const retry of retries) {
    await db.paymentInstruction.updateMany({
      where: { id: retry.id, status: 'retry', attempts: retry.attempts },
      data: {
        status: 'reserved',
        attempts: retry.attempts + 1,
        idempotencyKey: attemptKey(retry.id, retry.attempts + 1),
      },
    });
  }
  const ready = await db.paymentInstruction.findMany({
    where: { status: 'reserved', OR: [{ plannedAt: null }, { plannedAt: { lte: now } }] },
    take: 50,
  });
  for (const instruction of ready) {
    // Claimed before the bank is asked, so that an instruction cancelled meanwhile (e.g. by a recovery) is
    // never sent. If the send then fails or the process stops, the claimed instruction is chased below.
    const claimed = await db.paymentInstruction.updateMany({
      where: { id: instruction.id, status: 'reserved', idempotencyKey: instruction.idempotencyKey },
      data: { status: 'sent', sentAt: new Date() },
    });
    if (claimed.count !== 1) continue;
    await gateway.send({
      idempotencyKey: instruction.idempotencyKey!,
      amountFen: Number(instruction.amountFen),
      payeeName: instruction.payeeName!,
      bankAccount: cipher.decrypt(instruction.bankAccount!),
      bankName: instruction.bankName!,
    });
  }
  const unanswered = await db.paymentInstruction.findMany({
    where: {
      status: 'sent',
      sentAt: { lte: new Date(now.getTime() - settings.PAYMENTS_CONFIRM_TIMEOUT_MS) },
    },
    take: 50,
  });
  for (const instruction of unanswered) {
    const key = instruction.idempotencyKey!;
    const status = await gateway.status(key);
    if (status === 'unknown') {
      // The bank never received it: send again under the same key.
      await db.paymentInstruction.updateMany({
        where: { id: instruction.id, status: 'sent', idempotencyKey: key },
        data: { status: 'reserved' },
      });
    } else if (status === 'pending') {
      await db.paymentInstruction.updateMany({
        where: { id: instruction.id, status: 'sent', idempotencyKey: key },
        data: { sentAt: new Date() },
      });
    } else {
      await applyResult(status);
    }
  }
}
