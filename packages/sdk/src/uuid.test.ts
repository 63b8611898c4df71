import { describe, expect, it } from 'vitest'
import { createUuidV7, uuidv7 } from './uuid.js'

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const msOf = (id: string) => Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)
/** The 26-bit counter: rand_a and the 14 bits after the variant. */
const counterOf = (id: string) => {
  const hex = id.replace(/-/g, '')
  return (Number.parseInt(hex.slice(13, 16), 16) << 14) | (Number.parseInt(hex.slice(16, 20), 16) & 0x3fff)
}

describe('uuidv7', () => {
  it('is an RFC 9562 version 7, variant 10 UUID carrying the current Unix milliseconds', () => {
    const before = Date.now()
    const id = uuidv7()
    expect(id).toMatch(V7)
    expect(msOf(id)).toBeGreaterThanOrEqual(before)
    expect(msOf(id)).toBeLessThanOrEqual(Date.now())
  })

  it('is strictly increasing and unique over many ids in the same milliseconds', () => {
    const ids = Array.from({ length: 100_000 }, () => uuidv7())
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.every((id) => V7.test(id))).toBe(true)
  })

  it('counts up within a millisecond from a random start below 2^24', () => {
    const next = createUuidV7({ now: () => 1_700_000_000_000 })
    const [a, b] = [next(), next()]
    expect(msOf(a)).toBe(1_700_000_000_000)
    expect(counterOf(a)).toBeLessThan(2 ** 24)
    expect(counterOf(b)).toBe(counterOf(a) + 1)
  })

  it('stays ordered when the clock steps back a little, restarts when it steps back a lot', () => {
    let clock = 1_700_000_010_000
    const next = createUuidV7({ now: () => clock })
    const first = next()
    clock -= 5_000
    const second = next()
    expect(second > first).toBe(true)
    expect(msOf(second)).toBe(msOf(first))
    clock -= 60_000
    expect(msOf(next())).toBe(clock)
  })

  it('moves to the next millisecond when the counter is exhausted', () => {
    const next = createUuidV7({ now: () => 1_700_000_000_000, fillRandom: (bytes) => bytes.fill(0xff) })
    let id = next()
    const start = counterOf(id)
    for (let i = start; i < 2 ** 26 - 1; i++) id = next()
    expect(counterOf(id)).toBe(2 ** 26 - 1)
    const after = next()
    expect(msOf(after)).toBe(1_700_000_000_001)
    expect(after > id).toBe(true)
    // ~50 million ids: seconds on an idle machine, several times that on a loaded one.
  }, 300_000)

  it('draws its random bits from the pool it is given', () => {
    // Counter 0xababab: rand_a 0x2ae, then variant 10 + 0x2bab = 0xabab; then six random 0xab bytes.
    const next = createUuidV7({ now: () => 0, fillRandom: (bytes) => bytes.fill(0xab) })
    expect(next()).toBe('00000000-0000-72ae-abab-abababababab')
  })
})
