import { describe, expect, it } from 'vitest'
import {
  EVENT_NAMES,
  getMetricDefinition,
  HEALTH_SCORE_FACTORS,
  METRIC_DEFINITIONS,
  metricsFedBy,
  metricsForScope,
} from '../src/index.js'

describe('metric definitions', () => {
  it('lists each (scope, id) once and reads only catalog events', () => {
    const keys = METRIC_DEFINITIONS.map((m) => `${m.scope}:${m.id}`)
    expect(new Set(keys).size).toBe(keys.length)
    for (const metric of METRIC_DEFINITIONS) {
      for (const event of metric.sourceEvents)
        expect(EVENT_NAMES, `${metric.id} reads ${event}`).toContain(event)
    }
  })

  it('covers both scopes of METRICS.md', () => {
    expect(metricsForScope('customer').map((m) => m.id)).toEqual(
      expect.arrayContaining([
        'campaign.reply_rate',
        'conversion.purchase_frequency_30d',
        'health.score',
        'cdp.segments',
      ]),
    )
    expect(metricsForScope('company').map((m) => m.id)).toEqual(
      expect.arrayContaining([
        'ads.roas',
        'deals.pipeline_value',
        'loyalty.tier_distribution',
        'communication.nps',
      ]),
    )
  })

  it('answers which metrics an event feeds', () => {
    const fed = metricsFedBy('campaign.replied').map((m) => `${m.scope}:${m.id}`)
    expect(fed).toEqual(expect.arrayContaining(['customer:campaign.reply_rate', 'company:campaign.replies']))
    expect(getMetricDefinition('ads.cpl', 'company')?.sourceEvents).toEqual(
      expect.arrayContaining(['ad.spend_recorded', 'ad.lead_captured']),
    )
  })

  it('has health score weights that sum to 100', () => {
    expect(HEALTH_SCORE_FACTORS.reduce((sum, f) => sum + f.defaultWeight, 0)).toBe(100)
  })
})
