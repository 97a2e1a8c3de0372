import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { ConfigError, type Logger } from '@jiuzhu/service-kit';

/** Before key rotation: no key id, so a value is tried with each key (GCM's tag tells the right one). */
const LEGACY_PREFIX = 'enc:v1:';
/** `enc:v2:<key id>:<base64 of iv, tag, ciphertext>`: the key id names the key that sealed it. */
const PREFIX = 'enc:v2:';
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
  /**
   * Decrypts a stored value sealed with the current or a previous key; a value stored before encryption was
   * introduced is returned as it is.
   */
  decrypt(stored: string): string;
  isEncrypted(stored: string): boolean;
  /** Every value sealed with the current key starts with this (values without it need re-encrypting). */
  readonly currentPrefix: string;
  fingerprint(account: string): string;
}

/** A short public name for a key (not the key): which key sealed a value, without trying them all. */
const keyIdOf = (key: Buffer) =>
  Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'jiuzhu payments key id', 6)).toString('hex');

function open(key: Buffer, raw: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
    'utf8',
  );
}

/**
 * The cipher for the current key; `previous` keys (key rotation) only decrypt, until the re-encryption job has
 * moved every stored value to the current key.
 */
export function bankAccountCipher(key: Buffer, previous: Buffer[] = []): BankAccountCipher {
  for (const k of [key, ...previous])
    if (k.length !== 32) throw new ConfigError('payments data keys must be 32 bytes, base64-encoded');
  const hashKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'jiuzhu payments account hash', 32));
  const keys = [key, ...previous];
  const byId = new Map(keys.map((k) => [keyIdOf(k), k]));
  const currentPrefix = `${PREFIX}${keyIdOf(key)}:`;
  return {
    encrypt(account) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(account, 'utf8'), cipher.final()]);
      return currentPrefix + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    decrypt(stored) {
      if (stored.startsWith(PREFIX)) {
        const [keyId = '', body = ''] = stored.slice(PREFIX.length).split(':');
        const sealedWith = byId.get(keyId);
        if (!sealedWith)
          throw new Error(
            `bank account sealed with unknown key ${keyId}: set it in PAYMENTS_DATA_KEY_PREVIOUS`,
          );
        return open(sealedWith, Buffer.from(body, 'base64'));
      }
      if (!stored.startsWith(LEGACY_PREFIX)) return stored;
      const raw = Buffer.from(stored.slice(LEGACY_PREFIX.length), 'base64');
      for (const k of keys) {
        try {
          return open(k, raw);
        } catch {
          // not this key (or tampered): try the next
        }
      }
      throw new Error('bank account sealed with none of the configured keys, or tampered with');
    },
    isEncrypted: (stored) => stored.startsWith(PREFIX) || stored.startsWith(LEGACY_PREFIX),
    currentPrefix,
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

/** Keys that used to be current (PAYMENTS_DATA_KEY_PREVIOUS: base64 keys, comma-separated), for decrypting. */
export const previousKeysFrom = (configured: string | undefined): Buffer[] =>
  (configured ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .map((k) => Buffer.from(k, 'base64'));
