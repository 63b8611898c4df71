import { describe, expect, it } from 'vitest'
import { DEFAULTS, resolveConfig } from './config.js'
import { CebeError } from './errors.js'

const base = {
  endpoint: 'http://127.0.0.1:4747/',
  writeKey: 'wk',
  companyId: 'company_acme',
  companySsoId: 'sso_acme',
  sourceModule: 'campaign',
} as const

describe('resolveConfig', () => {
  it('fills every default and freezes the result', () => {
    const config = resolveConfig(base)
    expect(config.endpoint).toBe('http://127.0.0.1:4747')
    expect(config.flushIntervalMs).toBeLessThanOrEqual(1000)
    expect(config.maxBatchEvents).toBe(500)
    expect(config.maxBatchBytes).toBe(512 * 1024)
    expect(config.maxEventBytes).toBe(32 * 1024)
    expect(config.overflow).toBe(DEFAULTS.overflow)
    expect(config.spool).toBeUndefined()
    expect(Object.isFrozen(config)).toBe(true)
  })

  it('defaults validation to throw under NODE_ENV=test and report otherwise', () => {
    const previous = process.env.NODE_ENV
    try {
      process.env.NODE_ENV = 'test'
      expect(resolveConfig(base).validation).toBe('throw')
      process.env.NODE_ENV = 'production'
      expect(resolveConfig(base).validation).toBe('report')
      expect(resolveConfig({ ...base, validation: 'off' }).validation).toBe('off')
    } finally {
      process.env.NODE_ENV = previous
    }
  })

  it('keeps caller values and spool defaults', () => {
    const config = resolveConfig({ ...base, maxInFlight: 2, spool: { dir: '/tmp/x', fsync: 'always' } })
    expect(config.maxInFlight).toBe(2)
    expect(config.spool).toEqual({
      dir: '/tmp/x',
      fsync: 'always',
      fsyncIntervalMs: 1000,
      segmentBytes: 8 * 1024 * 1024,
    })
  })

  it.each([
    [{ endpoint: '' }, 'endpoint is required'],
    [{ endpoint: 'not a url' }, 'not a URL'],
    [{ writeKey: undefined }, 'writeKey is required'],
    [{ maxBatchEvents: 501 }, "maxBatchEvents must be ≤ 500 (the server's limit)"],
    [{ maxBatchBytes: 2 * 1024 * 1024 }, 'maxBatchBytes must be ≤'],
    [{ maxInFlight: 0 }, 'maxInFlight must be a number ≥ 1'],
    [{ overflow: 'explode' }, 'overflow must be'],
    [{ spool: { dir: '' } }, 'spool.dir is required'],
  ])('refuses %j', (override, message) => {
    const attempt = () => resolveConfig({ ...base, ...override } as never)
    expect(attempt).toThrow(CebeError)
    expect(attempt).toThrow(message)
  })
})
