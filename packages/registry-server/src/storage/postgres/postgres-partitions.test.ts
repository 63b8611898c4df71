import { describe, expect, it } from 'vitest'
import { monthOf, partitionName } from './postgres-partitions.js'

describe('monthly partitions', () => {
  it('names a month by its UTC year and month', () => {
    const ts = Date.parse('2026-11-30T23:59:59.999Z')
    expect(new Date(monthOf(ts)).toISOString()).toBe('2026-11-01T00:00:00.000Z')
    expect(partitionName(monthOf(ts))).toBe('events_p202611')
    expect(partitionName(monthOf(Date.parse('2027-01-01T00:00:00+07:00')))).toBe('events_p202612')
  })
})
