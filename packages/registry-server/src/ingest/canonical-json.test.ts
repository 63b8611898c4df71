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

/** The definition, written the plain way: what stored content hashes were computed from. */
const reference = (value: unknown): string => {
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : reference(v))).join(',')}]`
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
    .sort()
    .filter((k) => record[k] !== undefined)
  return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(record[k])}`).join(',')}}`
}

/** Any UTF-16 code unit: control characters, quotes, backslashes, lone and paired surrogates. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit))
const anyText = fc.string({ unit: anyCodeUnit, maxLength: 12 })

describe('canonicalJson', () => {
  it('matches the plain definition, byte for byte, on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(reference(value))
      }),
      { numRuns: 500 },
    )
  })

  it('matches the plain definition on any UTF-16 text: control characters, quotes, lone and paired surrogates', () => {
    fc.assert(
      fc.property(
        fc.dictionary(anyText, fc.oneof(anyText, fc.array(anyText, { maxLength: 3 })), { maxKeys: 8 }),
        (value) => {
          expect(canonicalJson(value)).toBe(reference(value))
        },
      ),
      { numRuns: 500 },
    )
  })

  it('sorts objects of any size the same way (small ones take another sort than large ones)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ unit: 'binary-ascii', maxLength: 4 }), fc.integer(), { maxKeys: 60 }),
        (value) => {
          expect(canonicalJson(value)).toBe(reference(value))
        },
      ),
      { numRuns: 300 },
    )
  })

  it('sorts integer-like keys as strings and keeps a "__proto__" key', () => {
    const parsed = JSON.parse('{"b":{"10":1,"2":2,"x":[{"__proto__":3,"a":4}]},"__proto__":{"z":1,"y":2}}')
    const text = '{"__proto__":{"y":2,"z":1},"b":{"10":1,"2":2,"x":[{"__proto__":3,"a":4}]}}'
    expect(canonicalJson(parsed)).toBe(text)
    expect(canonicalJson(JSON.parse('{"__proto__":{"y":2,"z":1},"a":1}'))).toBe(
      '{"__proto__":{"y":2,"z":1},"a":1}',
    )
  })

  it('leaves out the top-level key only, without changing the input', () => {
    const event = { a: 1, sent_at: 'x', nested: { sent_at: 'kept' } }
    expect(canonicalJson(event, 'sent_at')).toBe('{"a":1,"nested":{"sent_at":"kept"}}')
    expect(event).toEqual({ a: 1, sent_at: 'x', nested: { sent_at: 'kept' } })
  })

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
