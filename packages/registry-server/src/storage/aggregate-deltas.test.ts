import { describe, expect, it } from 'vitest'
import { AggregateDeltas } from './aggregate-deltas.js'

describe('AggregateDeltas', () => {
  it('folds events into count, first and last per customer and event, whatever the order', () => {
    const deltas = new AggregateDeltas()
    deltas.add('c', 'u2', 'x', 5)
    deltas.add('c', 'u1', 'x', 9)
    deltas.add('c', 'u1', 'x', 3)
    deltas.add('c', 'u1', 'x', 7)
    expect(deltas.sorted()).toEqual([
      { companyId: 'c', customerId: 'u1', eventName: 'x', count: 3, firstTs: 3, lastTs: 9 },
      { companyId: 'c', customerId: 'u2', eventName: 'x', count: 1, firstTs: 5, lastTs: 5 },
    ])
  })
})
