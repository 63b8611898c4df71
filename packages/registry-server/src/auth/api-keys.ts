/**
 * API keys: 256 random bits, shown once, stored as their SHA-256 (ADR 0104). A fast hash is
 * enough for secrets of this entropy — there is nothing to brute-force — and lets a lookup be one
 * indexed equality on `key_hash`.
 */
import { createHash, randomBytes } from 'node:crypto'
import { uuidv7 } from 'uuidv7'
import type { KeyType } from '../storage/store.js'

export { READ_ROLES } from '../storage/store.js'

const KEY_PATTERN = /^cebe_(w|r)_[A-Za-z0-9_-]{43}$/

export interface GeneratedKey {
  id: string
  /** The secret, shown to the user once. */
  key: string
  keyHash: string
}

export function generateApiKey(type: KeyType): GeneratedKey {
  const key = `cebe_${type === 'write' ? 'w' : 'r'}_${randomBytes(32).toString('base64url')}`
  return { id: `key_${uuidv7()}`, key, keyHash: hashApiKey(key) }
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

/** Cheap shape check before any lookup, so junk never reaches the store. */
export function looksLikeApiKey(key: string): boolean {
  return KEY_PATTERN.test(key)
}
