import { describe, expect, it } from 'vitest'
import {
  DEFAULT_RETRY_SCHEDULE_MS,
  MAX_RETRY_AFTER_MS,
  nextDelayMs,
  parseRetryAfter,
} from './retry-schedule.js'

describe('retry schedule', () => {
  it('is 10 attempts over about three days', () => {
    expect(DEFAULT_RETRY_SCHEDULE_MS.length + 1).toBe(10)
    const days = DEFAULT_RETRY_SCHEDULE_MS.reduce((a, b) => a + b, 0) / 86_400_000
    expect(days).toBeGreaterThan(2.9)
    expect(days).toBeLessThan(3.3)
  })

  it('jitters ±20 %, then gives up', () => {
    expect(nextDelayMs([1000, 2000], 1, undefined, () => 0)).toBe(800)
    expect(nextDelayMs([1000, 2000], 1, undefined, () => 1)).toBe(1200)
    expect(nextDelayMs([1000, 2000], 2, undefined, () => 0.5)).toBe(2000)
    expect(nextDelayMs([1000, 2000], 3, undefined)).toBeNull()
  })

  it('waits for Retry-After when it asks for longer, up to a day', () => {
    expect(nextDelayMs([1000], 1, 30_000, () => 0.5)).toBe(30_000)
    expect(nextDelayMs([60_000], 1, 1_000, () => 0.5)).toBe(60_000)
    expect(nextDelayMs([1000], 1, 10 * MAX_RETRY_AFTER_MS, () => 0.5)).toBe(MAX_RETRY_AFTER_MS)
    expect(parseRetryAfter('120', 0)).toBe(120_000)
    expect(parseRetryAfter(new Date(5_000).toUTCString(), 0)).toBe(5_000)
    expect(parseRetryAfter('soon', 0)).toBeUndefined()
    expect(parseRetryAfter(null, 0)).toBeUndefined()
  })
})
