// Share ids and delete tokens: random, base64url, compared by hash in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 16 random bytes = 128 bits = 22 base64url characters. */
export const SHARE_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newShareId(): string {
  return randomBytes(16).toString('base64url');
}

/** 32 random bytes = 256 bits. */
export function newDeleteToken(): string {
  return randomBytes(32).toString('base64url');
}

export function isShareId(id: string): boolean {
  return SHARE_ID_PATTERN.test(id);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares the hash of a presented token with a stored hash, in time independent of where they differ. */
export function tokenMatches(presented: string, storedHash: string): boolean {
  const a = Buffer.from(hashToken(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b) && TOKEN_PATTERN.test(presented);
}
