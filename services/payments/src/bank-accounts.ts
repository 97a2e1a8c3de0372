import type { BankAccountCipher } from './bank-account-crypto.ts';
import type { Db } from './database.ts';
import type { PaymentInstruction } from './generated/prisma/client.ts';
import { maskAccount } from './views.ts';

/** The columns a bank account is stored in: encrypted, masked for views, and fingerprinted. */
export const storedAccount = (cipher: BankAccountCipher, account: string) => ({
  bankAccount: cipher.encrypt(account),
  bankAccountMasked: maskAccount(account),
  bankAccountHash: cipher.fingerprint(account),
});

/** The person a ledger movement of this instruction is for: the payee's name and account hash, never the account. */
export const ledgerPerson = (instruction: Pick<PaymentInstruction, 'payeeName' | 'bankAccountHash'>) => ({
  payeeName: instruction.payeeName,
  payeeRef: instruction.bankAccountHash,
});

const BATCH = 200;

/**
 * Brings every stored account to the current key: accounts stored in plain text before encryption was
 * introduced (the SQL migration cannot: it has no key) and accounts sealed with a previous key (key rotation),
 * whose fingerprint is recomputed too, in the decision's ledger movements as well. Runs at start and then on schedule; finds nothing once done. An account
 * no configured key opens is left as it is and counted, so the caller can say so.
 */
export async function reencryptAccounts(
  db: Db,
  cipher: BankAccountCipher,
): Promise<{ reencrypted: number; unreadable: number }> {
  let reencrypted = 0;
  let unreadable = 0;
  let after: string | undefined;
  for (;;) {
    const rows = await db.paymentInstruction.findMany({
      where: {
        bankAccount: { not: null },
        NOT: { bankAccount: { startsWith: cipher.currentPrefix } },
        ...(after ? { id: { gt: after } } : {}),
      },
      select: { id: true, bankAccount: true, bankAccountHash: true, decisionId: true },
      orderBy: { id: 'asc' },
      take: BATCH,
    });
    for (const row of rows) {
      let account: string;
      try {
        account = cipher.decrypt(row.bankAccount!);
      } catch {
        unreadable += 1;
        continue;
      }
      const stored = storedAccount(cipher, account);
      reencrypted += await db.$transaction(async (tx) => {
        // Only if unchanged meanwhile: a payee entered at the same time is already sealed with the current key.
        const moved = await tx.paymentInstruction.updateMany({
          where: { id: row.id, bankAccount: row.bankAccount },
          data: stored,
        });
        if (moved.count === 1 && row.bankAccountHash !== stored.bankAccountHash)
          await tx.ledgerEntry.updateMany({
            where: { decisionId: row.decisionId, payeeRef: row.bankAccountHash },
            data: { payeeRef: stored.bankAccountHash },
          });
        return moved.count;
      });
    }
    if (rows.length < BATCH) return { reencrypted, unreadable };
    after = rows.at(-1)!.id;
  }
}
