import { describe, expect, it } from 'vitest'
import { generateApiKey, hashApiKey, looksLikeApiKey } from './api-keys.js'

describe('API keys', () => {
  it('generates distinct, well-formed keys whose hash is stable and not the key', () => {
    const a = generateApiKey('write')
    const b = generateApiKey('read')
    expect(a.key).toMatch(/^cebe_w_/)
    expect(b.key).toMatch(/^cebe_r_/)
    expect(looksLikeApiKey(a.key) && looksLikeApiKey(b.key)).toBe(true)
    expect(a.keyHash).toBe(hashApiKey(a.key))
    expect(a.keyHash).not.toContain(a.key.slice(7))
    expect(a.id).not.toBe(b.id)
    expect(looksLikeApiKey('cebe_w_short')).toBe(false)
  })
})
