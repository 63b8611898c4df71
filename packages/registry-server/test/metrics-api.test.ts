/**
 * GET /v1/customers/{id}/metrics and GET /v1/metrics over real HTTP on every store: the response
 * shapes, every metric id present, group_by, clear 400s naming the parameter, 401/403 for keys,
 * tenant isolation, and the OpenAPI document.
 */
import { metricsForScope } from '@cebe/schemas'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { READ_ROLES } from '../src/storage/store.js'
import type { Envelope } from './support/events.js'
import { DAY, event, iso, T0 } from './support/metric-events.js'
import { startTestServer, type TestServer } from './support/test-server.js'
import { STORES } from './support/test-stores.js'

const FROM = iso(T0)
const TO = iso(T0 + 10 * DAY)
const window = `from=${FROM}&to=${TO}`

for (const flavour of STORES) {
  describe.skipIf(flavour.skipReason !== undefined)(`metrics API: ${flavour.name}`, () => {
    let server: TestServer
    let writeA: string
    let readA: string

    beforeAll(async () => {
      server = await startTestServer(flavour)
      writeA = await server.writeKey('co_a')
      readA = await server.readKey('co_a', 'analyst')
      const events: Envelope[] = [
        event('co_a', 'campaign.sent', { at: T0 + DAY, customer: 'c1', attributes: { campaign_id: 'cA' } }),
        event('co_a', 'campaign.sent', { at: T0 + DAY, customer: 'c2', attributes: { campaign_id: 'cA' } }),
        event('co_a', 'campaign.replied', {
          at: T0 + 2 * DAY,
          customer: 'c1',
          attributes: { campaign_id: 'cA' },
        }),
        event('co_a', 'ad.clicked', {
          at: T0 + DAY,
          customer: 'c1',
          attributes: { campaign_id: 'cX', ad_platform: 'tiktok' },
        }),
        event('co_a', 'ad.spend_recorded', {
          at: T0 + DAY,
          customer: null,
          attributes: { campaign_id: 'cX', ad_platform: 'tiktok', ad_spend: 40 },
        }),
      ]
      const res = await server.post('/v1/events', { events }, { key: writeA })
      expect(res.body.results).toEqual(events.map(() => 'accepted'))
    })
    afterAll(async () => server?.close())

    it("answers a customer's metrics: every customer metric, the window, the health explanation", async () => {
      const res = await server.get(`/v1/customers/c1/metrics?${window}`, readA)
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({ customer_id: 'c1', from: FROM, to: TO })
      expect(Object.keys(res.body.metrics).sort()).toEqual(
        metricsForScope('customer')
          .map((d) => d.id)
          .sort(),
      )
      expect(res.body.metrics).toMatchObject({
        'campaign.received_total': 1,
        'campaign.reply_rate': 1,
        'ads.clicks': 1,
        'deals.won_rate': null,
      })
      expect(res.body.health.factors.map((f: { id: string }) => f.id)).toEqual([
        'ticket_volume',
        'sla_breaches',
        'csat_trend',
        'deal_outcome',
        'loyalty_tier',
        'engagement_recency',
      ])
      expect(res.body.health.score).toBe(res.body.metrics['health.score'])
    })

    it('answers the company metrics, pooled, and defaults to = now, from = the beginning', async () => {
      const res = await server.get(`/v1/metrics?${window}`, readA)
      expect(res.status).toBe(200)
      expect(Object.keys(res.body.metrics).sort()).toEqual(
        metricsForScope('company')
          .map((d) => d.id)
          .sort(),
      )
      expect(res.body.metrics).toMatchObject({
        'campaign.sent': 2,
        'campaign.reply_rate': 0.5,
        'ads.spend': 40,
        'ads.cpl': null,
      })
      const open = await server.get('/v1/metrics', readA)
      expect(open.status).toBe(200)
      expect(open.body.from).toBeNull()
      expect(Date.parse(open.body.to)).toBeGreaterThan(Date.now() - 60_000)
      expect(open.body.metrics['campaign.sent']).toBe(2)
    })

    it('groups by campaign_id and by ad_platform', async () => {
      const byCampaign = await server.get(`/v1/metrics?${window}&group_by=campaign_id`, readA)
      expect(byCampaign.status).toBe(200)
      expect(byCampaign.body).toMatchObject({ from: FROM, to: TO, group_by: 'campaign_id' })
      expect(byCampaign.body.groups.map((g: { key: unknown }) => g.key)).toEqual([
        { campaign_id: 'cA' },
        { campaign_id: 'cX' },
      ])
      expect(byCampaign.body.groups[0].metrics).toMatchObject({
        'campaign.sent': 2,
        'campaign.reply_rate': 0.5,
      })
      expect(byCampaign.body.groups[1].metrics).toMatchObject({ 'ads.clicks': 1, 'ads.spend': 40 })
      const byPlatform = await server.get(`/v1/metrics?${window}&group_by=ad_platform`, readA)
      expect(byPlatform.body.groups).toEqual([
        {
          key: { ad_platform: 'tiktok' },
          metrics: expect.objectContaining({ 'ads.clicks': 1, 'ads.spend': 40, 'ads.ctr': null }),
        },
      ])
      expect(
        Object.keys(byPlatform.body.groups[0].metrics).every((id: string) => id.startsWith('ads.')),
      ).toBe(true)
    })

    it('answers 400 naming the parameter for bad input, never a 500', async () => {
      const cases: [string, string][] = [
        ['/v1/metrics?from=yesterday', 'from'],
        ['/v1/metrics?to=2026-13-01T00:00:00Z', 'to'],
        [`/v1/metrics?from=${TO}&to=${FROM}`, 'from'],
        [`/v1/metrics?from=${FROM}&to=${FROM}`, 'from'],
        ['/v1/metrics?group_by=channel', 'group_by'],
        ['/v1/metrics?group_by=campaign_id&group_by=ad_platform', 'group_by'],
        ['/v1/metrics?limit=5', 'limit'],
        ['/v1/customers/c1/metrics?group_by=campaign_id', 'group_by'],
        ['/v1/customers/c1/metrics?from=2026-11-01', 'from'],
        [`/v1/customers/${'x'.repeat(65)}/metrics`, 'id'],
      ]
      for (const [path, parameter] of cases) {
        const res = await server.get(path, readA)
        expect(res.status, path).toBe(400)
        expect(res.body.error.code).toBe('bad_request')
        expect(res.body.error.details.parameter, path).toBe(parameter)
        expect(res.body.error.message).toContain(parameter)
      }
    })

    it('answers the widest windows RFC 3339 can write (derived bounds stay representable)', async () => {
      const wide = 'from=0000-01-01T00:00:00Z&to=9999-12-31T23:59:59Z'
      const company = await server.get(`/v1/metrics?${wide}`, readA)
      expect(company.status).toBe(200)
      expect(company.body.metrics).toMatchObject({ 'campaign.sent': 2, 'cdp.new_customer_growth_rate': null })
      expect((await server.get(`/v1/customers/c1/metrics?${wide}`, readA)).status).toBe(200)
      expect((await server.get(`/v1/metrics?${wide}&group_by=campaign_id`, readA)).status).toBe(200)
    })

    it('answers every read role the same numbers (metrics carry no personal data)', async () => {
      const answers = []
      for (const role of ['admin', 'marketing', 'service', 'ai_agent', 'analyst']) {
        const key = await server.readKey('co_a', role)
        const res = await server.get(`/v1/customers/c1/metrics?${window}`, key)
        expect(res.status).toBe(200)
        answers.push(res.body)
      }
      for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0])
    })

    it('answers every read role the same company metrics, pooled and grouped', async () => {
      const answers = []
      for (const role of READ_ROLES) {
        const key = await server.readKey('co_a', role)
        const pooled = await server.get(`/v1/metrics?${window}`, key)
        const grouped = await server.get(`/v1/metrics?${window}&group_by=ad_platform`, key)
        expect([pooled.status, grouped.status], role).toEqual([200, 200])
        answers.push({ pooled: pooled.body, grouped: grouped.body })
      }
      expect(answers[0]!.pooled.metrics['campaign.sent']).toBeGreaterThan(0)
      for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0])
    })

    it('401 without a valid key, 403 for a write key', async () => {
      for (const path of ['/v1/metrics', '/v1/customers/c1/metrics']) {
        expect((await server.get(path)).status).toBe(401)
        expect((await server.get(path, 'cebe_r_notakey')).status).toBe(401)
        expect((await server.get(path, writeA)).status).toBe(403)
      }
    })

    it("a read key of another company never sees this company's metrics", async () => {
      const readB = await server.readKey('co_b', 'admin')
      const customer = await server.get(`/v1/customers/c1/metrics?${window}`, readB)
      expect(customer.status).toBe(200)
      expect(customer.body.metrics).toMatchObject({ 'campaign.received_total': 0, 'ads.clicks': 0 })
      expect(customer.body.metrics['health.score']).toBeNull()
      const company = await server.get(`/v1/metrics?${window}`, readB)
      expect(company.body.metrics).toMatchObject({ 'campaign.sent': 0, 'ads.spend': 0 })
      const grouped = await server.get(`/v1/metrics?${window}&group_by=campaign_id`, readB)
      expect(grouped.body.groups).toEqual([])
    })

    it('documents both routes in /openapi.json', async () => {
      const openapi = (await server.get('/openapi.json')).body
      for (const path of ['/v1/metrics', '/v1/customers/{id}/metrics']) {
        expect(Object.keys(openapi.paths[path].get.responses).sort()).toEqual([
          '200',
          '400',
          '401',
          '403',
          '503',
        ])
      }
      expect(openapi.paths['/v1/metrics'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual(
        ['from', 'group_by', 'to'],
      )
    })
  })
}
