/** The rule builder's translation to the rule JSON of docs/guides/segments.md. */
import { describe, expect, it } from 'vitest'
import { customerMetric } from '../src/metric-catalog.js'
import { type Condition, toRule } from '../src/views/segment-rule.js'

const metric = (change: Partial<Condition> = {}): Condition =>
  ({
    kind: 'metric',
    key: 1,
    negate: false,
    metric: 'ticketing.tickets_total',
    op: '>=',
    value: '2',
    within: '',
    ...change,
  }) as Condition
const event = (change: Partial<Condition> = {}): Condition =>
  ({
    kind: 'event',
    key: 2,
    negate: false,
    event: 'order.paid',
    countOp: '>=',
    countValue: '1',
    within: '90d',
    ...change,
  }) as Condition

describe('toRule', () => {
  it('builds all/any of metric and event leaves, with not and windows', () => {
    expect(
      toRule({ combinator: 'all', conditions: [metric(), event({ negate: true })] }, customerMetric),
    ).toEqual({
      rule: {
        all: [
          { metric: 'ticketing.tickets_total', op: '>=', value: 2 },
          { not: { event: 'order.paid', within: '90d' } },
        ],
      },
    })
    expect(
      toRule(
        {
          combinator: 'any',
          conditions: [metric({ within: '30d' }), event({ countOp: '<', countValue: '3', within: '' })],
        },
        customerMetric,
      ),
    ).toEqual({
      rule: {
        any: [
          { metric: 'ticketing.tickets_total', op: '>=', value: 2, within: '30d' },
          { event: 'order.paid', count: { op: '<', value: 3 } },
        ],
      },
    })
  })

  it('types values by the metric: booleans and labels as such', () => {
    const repeat = toRule(
      {
        combinator: 'all',
        conditions: [metric({ metric: 'ticketing.repeat_issue', op: '=', value: 'true' })],
      },
      customerMetric,
    )
    expect(repeat).toEqual({ rule: { all: [{ metric: 'ticketing.repeat_issue', op: '=', value: true }] } })
    const channel = toRule(
      {
        combinator: 'all',
        conditions: [metric({ metric: 'communication.preferred_channel', op: '=', value: ' whatsapp ' })],
      },
      customerMetric,
    )
    expect(channel).toEqual({
      rule: { all: [{ metric: 'communication.preferred_channel', op: '=', value: 'whatsapp' }] },
    })
  })

  it('names the condition to fix instead of building a bad rule', () => {
    expect(toRule({ combinator: 'all', conditions: [] }, customerMetric)).toEqual({
      problem: 'Add a condition.',
    })
    expect(
      toRule({ combinator: 'all', conditions: [metric(), metric({ value: 'two' })] }, customerMetric),
    ).toEqual({
      problem: 'Condition 2: the value must be a number.',
    })
    expect(toRule({ combinator: 'all', conditions: [metric({ value: '' })] }, customerMetric)).toEqual({
      problem: 'Condition 1: the value must be a number.',
    })
    expect(
      toRule({ combinator: 'all', conditions: [metric({ metric: 'no.such_metric' })] }, customerMetric),
    ).toEqual({
      problem: 'Condition 1: choose a metric.',
    })
    expect(
      toRule(
        { combinator: 'all', conditions: [metric({ metric: 'ticketing.repeat_issue', value: 'maybe' })] },
        customerMetric,
      ),
    ).toEqual({ problem: 'Condition 1: the value is true or false.' })
    for (const countValue of ['-1', '1.5', '', 'x'])
      expect(toRule({ combinator: 'all', conditions: [event({ countValue })] }, customerMetric)).toEqual({
        problem: 'Condition 1: the count must be a whole number ≥ 0.',
      })
  })
})
