import type { BankAccountCipher } from './bank-account-crypto.ts';
import type { Db } from './database.ts';
import { maskAccount } from './views.ts';

/** The columns a bank account is stored in: encrypted, masked for views, and fingerprinted. */
export const storedAccount = (cipher: BankAccountCipher, account: string) => ({
  bankAccount: cipher.encrypt(account),
  bankAccountMasked: maskAccount(account),
  bankAccountHash: cipher.fingerprint(account),
});

const BATCH = 200;

/**
 * Brings every stored account to the current key: accounts stored in plain text before encryption was
 * introduced (the SQL migration cannot: it has no key) and accounts sealed with a previous key (key rotation),
 * whose fingerprint is recomputed too. Runs at start and then on schedule; finds nothing once done. An account
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
      select: { id: true, bankAccount: true },
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
      // Only if unchanged meanwhile: a payee entered at the same time is already sealed with the current key.
      const moved = await db.paymentInstruction.updateMany({
        where: { id: row.id, bankAccount: row.bankAccount },
        data: storedAccount(cipher, account),
      });
      reencrypted += moved.count;
    }
    if (rows.length < BATCH) return { reencrypted, unreadable };
    after = rows.at(-1)!.id;
  }
}
