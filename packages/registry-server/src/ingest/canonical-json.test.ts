import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from './canonical-json.js'

const shuffleKeys = (value: unknown, seed: number): unknown => {
  if (Array.isArray(value)) return value.map((v, i) => shuffleKeys(v, seed + i))
  if (value === null || typeof value !== 'object') return value
  const entries = Object.entries(value)
  entries.sort(
    (a, b) => ((a[0].length * 31 + seed) % 7) - ((b[0].length * 31 + seed) % 7) || (seed % 2 ? 1 : -1),
  )
  return Object.fromEntries(entries.map(([k, v]) => [k, shuffleKeys(v, seed + 1)]))
}

describe('canonicalJson', () => {
  it('is valid JSON of the same value, whatever the key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), (value, seed) => {
        const text = canonicalJson(value)
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)))
        expect(canonicalJson(shuffleKeys(value, seed))).toBe(text)
      }),
    )
  })

  it('sorts keys at every level and leaves out one top-level key', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: null }, sent_at: 'x' }, 'sent_at')).toBe(
      '{"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1}',
    )
  })
})
