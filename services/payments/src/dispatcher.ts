import type { Logger } from '@jiuzhu/service-kit';
import type { BankAccountCipher } from './bank-account-crypto.ts';
import type { Db } from './database.ts';
import type { BankResultListener, PaymentGateway } from './gateway.ts';
import type { PaymentsSettings } from './settings.ts';

export const attemptKey = (paymentId: string, attempt: number) => `${paymentId}:${attempt}`;

/**
 * One pass of the dispatcher: sends reserved instructions to the gateway (instalments once their planned date
 * has come), schedules retries, and chases the bank about transfers it has not answered. Safe to stop at any
 * point: an instruction is marked sent just before the gateway is asked; one the bank never got is found by
 * the chase (status unknown) and sent again under the same idempotency key, so the bank pays it once.
 */
export async function dispatchOnce(
  db: Db,
  gateway: PaymentGateway,
  settings: PaymentsSettings,
  applyResult: BankResultListener,
  cipher: BankAccountCipher,
  logger: Logger,
): Promise<void> {
  await scheduleRetries(db);
  await sendReady(db, gateway, cipher, logger);
  await chaseUnanswered(db, gateway, settings, applyResult, logger);
}

/** A failed attempt is retried under a new key once its delay has passed. */
async function scheduleRetries(db: Db) {
  const retries = await db.paymentInstruction.findMany({
    where: { status: 'retry', nextAttemptAt: { lte: new Date() } },
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
}

/**
 * Sends the reserved instructions that are due. A send that times out or fails on the way leaves its
 * instruction sent — the bank may have taken it — for the chase to settle, and the others are still sent.
 */
export async function sendReady(db: Db, gateway: PaymentGateway, cipher: BankAccountCipher, logger: Logger) {
  const now = new Date();
  const ready = await db.paymentInstruction.findMany({
    where: { status: 'reserved', OR: [{ plannedAt: null }, { plannedAt: { lte: now } }] },
    take: 50,
  });
  for (const instruction of ready) {
    const key = instruction.idempotencyKey!;
    // Claimed before the bank is asked, so that an instruction cancelled meanwhile (e.g. by a recovery) is
    // never sent. If the send then fails or the process stops, the claimed instruction is chased.
    const claimed = await db.paymentInstruction.updateMany({
      where: { id: instruction.id, status: 'reserved', idempotencyKey: key },
      data: { status: 'sent', sentAt: new Date() },
    });
    if (claimed.count !== 1) continue;
    try {
      await gateway.send({
        idempotencyKey: key,
        amountFen: Number(instruction.amountFen),
        payeeName: instruction.payeeName!,
        bankAccount: cipher.decrypt(instruction.bankAccount!),
        bankName: instruction.bankName!,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      logger.warn(
        { paymentId: instruction.id, idempotencyKey: key, reason },
        'no answer to the transfer sent: the chase will ask the bank whether it has it',
      );
      await db.paymentInstruction.updateMany({
        where: { id: instruction.id, status: 'sent', idempotencyKey: key },
        data: { lastError: `${reason}，待向银行查询是否已受理` },
      });
    }
  }
}

/**
 * Asks the bank about transfers it has not answered within PAYMENTS_CONFIRM_TIMEOUT_MS: one it does not have
 * is sent again under the same key, one it has is waited for or recorded with the bank's answer.
 */
async function chaseUnanswered(
  db: Db,
  gateway: PaymentGateway,
  settings: PaymentsSettings,
  applyResult: BankResultListener,
  logger: Logger,
) {
  const unanswered = await db.paymentInstruction.findMany({
    where: {
      status: 'sent',
      sentAt: { lte: new Date(Date.now() - settings.PAYMENTS_CONFIRM_TIMEOUT_MS) },
    },
    take: 50,
  });
  for (const instruction of unanswered) {
    const key = instruction.idempotencyKey!;
    let status: Awaited<ReturnType<PaymentGateway['status']>>;
    try {
      status = await gateway.status(key);
    } catch (error) {
      // Asked again on the next pass.
      logger.warn({ paymentId: instruction.id, idempotencyKey: key, err: error }, 'status query failed');
      continue;
    }
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
