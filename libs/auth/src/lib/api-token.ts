import { createHash, randomBytes } from 'node:crypto';

/** What every hub token starts with, so a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = 'hubt_';

/** A new bearer token: 256 random bits, URL-safe. Shown to its creator once, never stored. */
export function newApiToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * What is stored and looked up: SHA-256 of the token. Tokens are 256-bit random values, not
 * passwords: nobody can guess one from its hash, so a slow KDF (scrypt, as for webhook passwords)
 * would add nothing but latency, and a plain digest can be looked up through a unique index.
 */
export function apiTokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Cheap shape check before any lookup. */
export function looksLikeApiToken(token: string): boolean {
  return /^hubt_[A-Za-z0-9_-]{43}$/.test(token);
}
