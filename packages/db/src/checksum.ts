import { createHash } from 'node:crypto';

/**
 * Prisma Migrate's checksum of a migration script: SHA-256 over the script's UTF-8 text, lower-case hex.
 * Prisma reads migration.sql as UTF-8 text before hashing, so we hash the decoded text, not raw bytes
 * (identical for valid UTF-8; invalid sequences become U+FFFD in both).
 */
export function migrationChecksum(script: string): string {
  return createHash('sha256').update(script, 'utf8').digest('hex');
}

/**
 * Whether a script matches a recorded checksum the way Prisma decides it: line endings are ignored (a checkout
 * may have turned LF into CRLF or back), and checksums written by old Prisma versions without zero-padding
 * of each byte still match.
 */
export function scriptMatchesChecksum(script: string, recorded: string): boolean {
  const variants = [script, script.replaceAll('\r\n', '\n'), script.replaceAll('\n', '\r\n')];
  return variants.some((variant) => {
    const digest = createHash('sha256').update(variant, 'utf8').digest();
    const hex =
      recorded.length === 64 || recorded.length === 0 ? digest.toString('hex') : unpaddedHex(digest);
    return hex === recorded;
  });
}

function unpaddedHex(digest: Buffer): string {
  return Array.from(digest, (byte) => byte.toString(16)).join('');
}
