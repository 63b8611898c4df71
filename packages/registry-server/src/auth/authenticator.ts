/**
 * Bearer-key authentication. Lookups are cached for `keyCacheTtlMs` (hits and misses) so the
 * ingest hot path does not query the store per request; a revocation takes effect within that.
 */
import { ServerError } from '../errors.js'
import type { ApiKeyRecord, KeyStore, KeyType } from '../storage/store.js'
import { hashApiKey, looksLikeApiKey } from './api-keys.js'

export interface Principal {
  keyId: string
  companyId: string
  type: KeyType
  modules: ReadonlySet<string>
  role: ApiKeyRecord['role']
}

const MAX_CACHED = 10_000

export class Authenticator {
  readonly #cache = new Map<string, { principal: Principal | null; expires: number }>()
  // Unknown keys are cached apart: a flood of made-up keys must not evict the real ones.
  readonly #misses = new Map<string, number>()

  constructor(
    readonly keys: Pick<KeyStore, 'findKeyByHash'>,
    readonly ttlMs: number,
  ) {}

  async authenticate(header: string | undefined, type: KeyType): Promise<Principal> {
    const principal = await this.authenticateAny(header)
    if (principal.type !== type) {
      throw new ServerError(
        'forbidden',
        403,
        `this endpoint needs a ${type} key; this is a ${principal.type} key`,
      )
    }
    return principal
  }

  /** A valid key of either type. */
  async authenticateAny(header: string | undefined): Promise<Principal> {
    // The header is bounded by Node's header limit; the pattern is linear.
    const match = header === undefined ? null : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header)
    if (!match) {
      throw new ServerError('unauthorized', 401, 'send the API key as "Authorization: Bearer <key>"')
    }
    const key = match[1]!
    const principal = looksLikeApiKey(key) ? await this.#lookup(hashApiKey(key)) : null
    if (!principal) throw new ServerError('unauthorized', 401, 'unknown or revoked API key')
    return principal
  }

  async #lookup(keyHash: string): Promise<Principal | null> {
    const now = Date.now()
    const cached = this.#cache.get(keyHash)
    if (cached && cached.expires > now) return cached.principal
    const missExpires = this.#misses.get(keyHash)
    if (missExpires !== undefined && missExpires > now) return null
    const record = await this.keys.findKeyByHash(keyHash)
    const principal =
      record && record.revokedAt === null
        ? {
            keyId: record.id,
            companyId: record.companyId,
            type: record.type,
            modules: new Set(record.modules),
            role: record.role,
          }
        : null
    if (this.ttlMs > 0) {
      const cache = principal ? this.#cache : this.#misses
      if (cache.size >= MAX_CACHED) cache.clear()
      if (principal) this.#cache.set(keyHash, { principal, expires: now + this.ttlMs })
      else this.#misses.set(keyHash, now + this.ttlMs)
    }
    return principal
  }
}
