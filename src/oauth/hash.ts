// Every code, token, session id and client secret is stored only as this digest: a database dump
// yields nothing that can be presented back to the server.
import { hash, timingSafeEqual } from 'node:crypto';

export function sha256(value: string): string {
  // One-shot: no Hash object. Every verification hashes its grant id (grant-status.ts).
  return hash('sha256', value, 'base64url');
}

/** Compares a presented secret with a stored sha256 digest in constant time. */
export function matchesHash(presented: string, storedHash: string): boolean {
  const a = Buffer.from(sha256(presented));
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}
