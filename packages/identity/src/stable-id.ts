import { createHash } from 'node:crypto';

// Fixed namespace so the same name always yields the same id, in the embedded provider and in the Keycloak
// realm export alike (the `sub` of a demo user is therefore the same in both).
const NAMESPACE = 'jiuzhu-demo-directory';

/** A deterministic, RFC 4122-shaped (version 5 style, SHA-1) UUID for a directory entry. */
export function stableUuid(name: string): string {
  const bytes = createHash('sha1').update(`${NAMESPACE}:${name}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
