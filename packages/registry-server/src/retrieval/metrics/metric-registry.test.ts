import { METRIC_DEFINITIONS } from '@cebe/schemas'
import { describe, expect, it } from 'vitest'
import { METRIC_IMPLEMENTATIONS } from './metric-registry.js'

const keyOf = (m: { scope: string; id: string }) => `${m.scope}:${m.id}`

describe('metric implementations', () => {
  it('implement every definition of @cebe/schemas, and nothing else', () => {
    const defined = METRIC_DEFINITIONS.map(keyOf).sort()
    const implemented = METRIC_IMPLEMENTATIONS.map(keyOf).sort()
    expect(
      implemented.filter((key) => !defined.includes(key)),
      'implementations without a definition',
    ).toEqual([])
    expect(
      defined.filter((key) => !implemented.includes(key)),
      'definitions without an implementation',
    ).toEqual([])
  })

  it('implement each metric once', () => {
    const keys = METRIC_IMPLEMENTATIONS.map(keyOf)
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([])
  })

  it('give each source a name of its own', () => {
    const sources = [...new Set(METRIC_IMPLEMENTATIONS.map((m) => m.source))]
    const names = sources.map((source) => source.name)
    expect(new Set(names).size).toBe(names.length)
  })
})
