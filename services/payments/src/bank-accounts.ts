import type { BankAccountCipher } from './bank-account-crypto.ts';
import type { Db } from './database.ts';
import { maskAccount } from './views.ts';

/** The columns a bank account is stored in: encrypted, masked for views, and fingerprinted. */
export const storedAccount = (cipher: BankAccountCipher, account: string) => ({
  bankAccount: cipher.encrypt(account),
  bankAccountMasked: maskAccount(account),
  bankAccountHash: cipher.fingerprint(account),
});

/**
 * Encrypts accounts stored in plain text before encryption was introduced (the SQL migration cannot: it has
 * no key). Runs at start and then on schedule; finds nothing once done.
 */
export async function encryptLegacyAccounts(db: Db, cipher: BankAccountCipher): Promise<number> {
  const rows = await db.paymentInstruction.findMany({
    where: { bankAccount: { not: null }, NOT: { bankAccount: { startsWith: 'enc:' } } },
    select: { id: true, bankAccount: true },
    take: 200,
  });
  for (const row of rows)
    await db.paymentInstruction.updateMany({
      where: { id: row.id, bankAccount: row.bankAccount },
      data: storedAccount(cipher, row.bankAccount!),
    });
  return rows.length;
}
