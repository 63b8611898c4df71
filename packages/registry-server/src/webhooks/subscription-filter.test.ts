import { describe, expect, it } from 'vitest'
import { filterProblems, matchesFilter } from './subscription-filter.js'

const envelope = {
  source_module: 'ticketing',
  event_attributes: {
    priority: 'high',
    amount: 120,
    tags: ['a'],
    custom_fields: { tier: 'gold' },
    note: null,
  },
}

describe('subscription filters', () => {
  it('match scalars strictly, on attributes or ($.) the envelope', () => {
    expect(matchesFilter({ priority: 'high' }, envelope)).toBe(true)
    expect(matchesFilter({ amount: '120' }, envelope)).toBe(false)
    expect(matchesFilter({ note: null }, envelope)).toBe(true)
    expect(matchesFilter({ absent: null }, envelope)).toBe(false)
    expect(matchesFilter({ 'custom_fields.tier': 'gold' }, envelope)).toBe(true)
    expect(matchesFilter({ '$.source_module': 'ticketing', priority: 'high' }, envelope)).toBe(true)
    expect(matchesFilter({ '$.source_module': 'campaign' }, envelope)).toBe(false)
    expect(matchesFilter({ source_module: 'ticketing' }, envelope)).toBe(false)
  })

  it('apply operators, comparing only like with like', () => {
    const m = (op: string, value: unknown, key = 'amount') =>
      matchesFilter({ [key]: { op, value } }, envelope)
    expect([m('>', 100), m('>=', 120), m('<', 120), m('<=', 119), m('!=', 1), m('=', 120)]).toEqual([
      true,
      true,
      false,
      false,
      true,
      true,
    ])
    expect(m('>', '100')).toBe(false)
    expect(m('in', ['high', 'urgent'], 'priority')).toBe(true)
    expect(m('in', ['low'], 'priority')).toBe(false)
    expect(m('exists', true, 'priority')).toBe(true)
    expect(m('exists', false, 'nothing')).toBe(true)
    expect(m('!=', 'x', 'nothing')).toBe(true)
    expect(m('=', 'x', 'nothing')).toBe(false)
    expect(m('=', 'a', 'tags')).toBe(false)
  })

  it('report every problem with its path', () => {
    expect(
      filterProblems({ ok: 1, 'bad key': 1, x: { op: 'like', value: 1 }, y: { op: 'in', value: 3 }, z: [1] }),
    ).toEqual([
      { path: '/filter/bad key', message: expect.any(String) },
      { path: '/filter/x/op', message: expect.any(String) },
      { path: '/filter/y/value', message: expect.any(String) },
      { path: '/filter/z', message: expect.any(String) },
    ])
    expect(filterProblems([])).toHaveLength(1)
    expect(filterProblems({ a: { op: '=', value: 1, extra: true } })).toHaveLength(1)
  })
})
