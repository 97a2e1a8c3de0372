import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { ConfigError, type Logger } from '@jiuzhu/service-kit';

const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The embedded development key. It is public (it is in the source), so it protects nothing: it only lets a
 * development stack run without configuration, and it is refused when NODE_ENV=production.
 */
const DEVELOPMENT_KEY = Buffer.from('amlhemh1LWRldmVsb3BtZW50LWtleS1iYW5rLWFjY3Q=', 'base64');

/** Encrypts bank accounts at rest (AES-256-GCM) and fingerprints them (HMAC-SHA256) for counting payees. */
export interface BankAccountCipher {
  encrypt(account: string): string;
  /** Decrypts a stored value; a value stored before encryption was introduced is returned as it is. */
  decrypt(stored: string): string;
  isEncrypted(stored: string): boolean;
  fingerprint(account: string): string;
}

export function bankAccountCipher(key: Buffer): BankAccountCipher {
  if (key.length !== 32) throw new ConfigError('PAYMENTS_DATA_KEY must be 32 bytes, base64-encoded');
  const hashKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'jiuzhu payments account hash', 32));
  return {
    encrypt(account) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(account, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    decrypt(stored) {
      if (!stored.startsWith(PREFIX)) return stored;
      const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    },
    isEncrypted: (stored) => stored.startsWith(PREFIX),
    fingerprint: (account) => createHmac('sha256', hashKey).update(account).digest('hex'),
  };
}

/** The data key from PAYMENTS_DATA_KEY; outside production, the embedded development key (loudly). */
export function dataKeyFrom(configured: string | undefined, env: NodeJS.ProcessEnv, logger: Logger): Buffer {
  if (configured) return Buffer.from(configured, 'base64');
  if (env['NODE_ENV'] === 'production')
    throw new ConfigError(
      'Invalid configuration for payments:\n  - PAYMENTS_DATA_KEY: required in production (32 random bytes, base64)',
    );
  logger.warn(
    'PAYMENTS_DATA_KEY is not set: bank accounts are encrypted with the embedded DEVELOPMENT key, which is public; set PAYMENTS_DATA_KEY outside development',
  );
  return DEVELOPMENT_KEY;
}
