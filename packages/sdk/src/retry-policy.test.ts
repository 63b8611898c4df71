import { describe, expect, it } from 'vitest'
import { backoff, classifyResponse, parseRetryAfter, retryDelay } from './retry-policy.js'

describe('classifyResponse', () => {
  it.each([
    [200, 'success'],
    [204, 'success'],
    [408, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [502, 'retry'],
    [503, 'retry'],
    [413, 'split'],
    [400, 'fatal'],
    [401, 'fatal'],
    [403, 'fatal'],
    [404, 'fatal'],
    [415, 'fatal'],
  ])('%i → %s', (status, kind) => {
    expect(classifyResponse(status, {}).kind).toBe(kind)
  })

  it('reads Retry-After on retryable answers', () => {
    expect(classifyResponse(429, { 'retry-after': '3' })).toEqual({ kind: 'retry', retryAfterMs: 3000 })
    const now = Date.UTC(2026, 0, 1, 0, 0, 0)
    expect(classifyResponse(503, { 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, now)).toEqual({
      kind: 'retry',
      retryAfterMs: 5000,
    })
    expect(classifyResponse(503, { 'retry-after': ['1'] })).toEqual({ kind: 'retry', retryAfterMs: 1000 })
  })
})

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 0, 1)
  it('parses seconds, HTTP-dates, past dates and garbage', () => {
    expect(parseRetryAfter('0', now)).toBe(0)
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000)
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60_000)
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter('-1', now)).toBeUndefined()
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
  })
})

describe('backoff', () => {
  it('is full jitter: uniform in [0, min(max, base·2^attempt))', () => {
    expect(backoff({ attempt: 0, baseMs: 100, maxMs: 10_000, random: () => 0 })).toBe(0)
    expect(backoff({ attempt: 0, baseMs: 100, maxMs: 10_000, random: () => 0.999 })).toBe(99)
    expect(backoff({ attempt: 3, baseMs: 100, maxMs: 10_000, random: () => 0.5 })).toBe(400)
    expect(backoff({ attempt: 20, baseMs: 100, maxMs: 10_000, random: () => 0.5 })).toBe(5000)
    expect(backoff({ attempt: 5000, baseMs: 100, maxMs: 10_000, random: () => 0.999 })).toBeLessThan(10_000)
  })

  it('spreads real random delays over the whole range', () => {
    const delays = Array.from({ length: 2000 }, () => backoff({ attempt: 4, baseMs: 100, maxMs: 10_000 }))
    expect(Math.min(...delays)).toBeLessThan(160)
    expect(Math.max(...delays)).toBeGreaterThan(1440)
    expect(delays.every((d) => d >= 0 && d < 1600)).toBe(true)
  })
})

describe('retryDelay', () => {
  it('waits at least Retry-After, capped', () => {
    expect(retryDelay(50, undefined, 60_000)).toBe(50)
    expect(retryDelay(50, 2000, 60_000)).toBe(2000)
    expect(retryDelay(5000, 2000, 60_000)).toBe(5000)
    expect(retryDelay(50, 3_600_000, 60_000)).toBe(60_000)
  })
})
