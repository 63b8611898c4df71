/**
 * GET /v1/customers/{id} — the customer 360 profile — over real HTTP on every store: attributes
 * folded in event_timestamp order whatever the arrival order (ties by event_id in binary order),
 * segments and loyalty as METRICS.md defines their state, identifiers, activity, PII masking for
 * every role, tenant isolation, errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Envelope, makeEvent } from './support/events.js'
import { startTestServer, type TestServer } from './support/test-server.js'
import { STORES } from './support/test-stores.js'

const at = (minutes: number) => new Date(Date.parse('2026-09-01T00:00:00Z') + minutes * 60_000).toISOString()

/** A catalog event for co_a about `customer`, at minute `m`, with these attributes (and event id). */
const event = (
  name: string,
  customer: string,
  m: number,
  attributes: Record<string, unknown> = {},
  eventId?: string,
): Envelope => {
  const e = makeEvent(name, { company: 'co_a', customer, timestamp: at(m) })
  e.event_attributes = { ...e.event_attributes, ...attributes }
  if (eventId) e.event_id = eventId
  return e
}
const change = (name: string, old_value: unknown, new_value: unknown) => ({ name, old_value, new_value })

for (const flavour of STORES) {
  describe.skipIf(flavour.skipReason !== undefined)(`GET /v1/customers/{id}: ${flavour.name}`, () => {
    let server: TestServer
    let writeA: string
    let adminA: string

    const ingest = async (events: Envelope[], key = writeA) => {
      const res = await server.post('/v1/events', { events }, { key })
      expect(res.body.results).toEqual(events.map(() => 'accepted'))
    }
    const profile = (customer: string, key = adminA, query = '') =>
      server.get(`/v1/customers/${encodeURIComponent(customer)}${query}`, key)

    beforeAll(async () => {
      server = await startTestServer(flavour)
      writeA = await server.writeKey('co_a')
      adminA = await server.readKey('co_a', 'admin')
      const created = event('customer.created', 'c_sari', 0, {
        default_fields: [
          { name: 'full_name', value: 'Sari Wulandari' },
          { name: 'phone', value: '+6281234567890' },
          { name: 'city', value: 'Bandung' },
        ],
        custom_fields: [
          { name: 'preferred_outlet', value: 'outlet_bdg_dago' },
          { name: 'is_reseller', value: false },
        ],
        phone: '+6281234567890',
        email: 'sari.wulandari@example.co.id',
      })
      // Arrival order is not time order: the later update arrives first.
      await ingest([
        event('customer.updated', 'c_sari', 20, {
          change_fields: [change('city', 'Bogor', 'Jakarta Selatan'), change('is_reseller', false, true)],
          email: 'sari@new.example.co.id',
        }),
        created,
        event('customer.updated', 'c_sari', 10, { change_fields: [change('city', 'Bandung', 'Bogor')] }),
        // Same timestamp: the greater event_id in binary order is the later one ('a' > 'B').
        event(
          'customer.updated',
          'c_sari',
          30,
          { change_fields: [change('tier_note', null, 'from upd-a')] },
          'upd-a',
        ),
        event(
          'customer.updated',
          'c_sari',
          30,
          { change_fields: [change('tier_note', null, 'from upd-B')] },
          'upd-B',
        ),
        event('segment.entered', 'c_sari', 0, { segment_id: 'seg_vip', segment_name: 'VIP' }),
        event('segment.exited', 'c_sari', 5, { segment_id: 'seg_vip', segment_name: 'VIP' }),
        event('segment.entered', 'c_sari', 6, { segment_id: 'seg_vip', segment_name: 'VIP Jabodetabek' }),
        event('segment.entered', 'c_sari', 1, { segment_id: 'seg_old', segment_name: 'Old' }),
        event('segment.exited', 'c_sari', 2, { segment_id: 'seg_old', segment_name: 'Old' }),
        event('segment.entered', 'c_sari', 3, { segment_id: 'seg_tie', segment_name: 'Tie' }, 'seg-b'),
        event('segment.exited', 'c_sari', 3, { segment_id: 'seg_tie', segment_name: 'Tie' }, 'seg-A'),
        event('membership.enrolled', 'c_sari', 0, {
          program_id: 'prg_1',
          initial_tier: 'Silver',
          available_point: 100,
        }),
        event('points.earned', 'c_sari', 1, { available_point: 250 }),
        event('tier.upgraded', 'c_sari', 2, {
          old_tier: 'Silver',
          new_tier: 'Gold',
          available_point: undefined,
        }),
        event('membership.unenrolled', 'c_sari', 3, {
          program_id: 'prg_1',
          last_tier: 'Gold',
          available_point: 0,
        }),
        event('ticket.created', 'c_sari', 40),
      ])
      await ingest([
        event('membership.enrolled', 'c_two', 0, {
          program_id: 'prg_1',
          initial_tier: 'Bronze',
          available_point: 5,
        }),
        event('membership.enrolled', 'c_two', 1, {
          program_id: 'prg_2',
          initial_tier: 'Silver',
          available_point: 50,
        }),
        event('membership.unenrolled', 'c_two', 2, {
          program_id: 'prg_1',
          last_tier: 'Bronze',
          available_point: 40,
        }),
        event('tier.downgraded', 'c_two', 3, {
          old_tier: 'Silver',
          new_tier: 'Bronze',
          available_point: undefined,
        }),
      ])
    })
    afterAll(async () => server?.close())

    it('answers identity, current attributes, segments, loyalty and activity', async () => {
      const res = await profile('c_sari')
      expect(res.status).toBe(200)
      expect(res.body).toEqual({
        customer_id: 'c_sari',
        display_name: 'Sari Wulandari',
        identifiers: [
          { kind: 'email', value: 'sari.wulandari@example.co.id' },
          { kind: 'email', value: 'sari@new.example.co.id' },
          { kind: 'phone', value: '+6281234567890' },
        ],
        attributes: {
          default_fields: {
            full_name: 'Sari Wulandari',
            phone: '+6281234567890',
            city: 'Jakarta Selatan',
            tier_note: 'from upd-a',
          },
          custom_fields: { preferred_outlet: 'outlet_bdg_dago', is_reseller: true },
        },
        segments: [
          { segment_id: 'seg_tie', segment_name: 'Tie', since: at(3) },
          { segment_id: 'seg_vip', segment_name: 'VIP Jabodetabek', since: at(6) },
        ],
        // Unenrolled from its only program: not a member; the unenrolment set the points, not the tier.
        loyalty: { member: false, tier: 'Gold', available_points: 0, programs: [] },
        first_seen: at(0),
        last_seen: at(40),
        events_total: 17,
        event_counts: { cdp: 12, loyalty: 4, ticketing: 1 },
        metrics: expect.any(Object),
        health: expect.any(Object),
      })
    })

    it('carries every customer metric and the health score, as the metrics route answers them', async () => {
      const [res, metrics] = await Promise.all([
        profile('c_sari'),
        server.get('/v1/customers/c_sari/metrics', adminA),
      ])
      expect(metrics.status).toBe(200)
      expect(res.body.metrics).toEqual(metrics.body.metrics)
      expect(res.body.metrics['loyalty.tier']).toBe(res.body.loyalty.tier)
      expect(res.body.metrics['cdp.segments']).toEqual(['seg_tie', 'seg_vip'])
      expect(res.body.health.score).toBeGreaterThanOrEqual(0)
      expect(res.body.health.score).toBeLessThanOrEqual(100)
      expect(res.body.health.factors.map((f: { id: string }) => f.id)).toEqual(
        metrics.body.health.factors.map((f: { id: string }) => f.id),
      )
    })

    it('keeps a member enrolled in another program; a tier change without points keeps the balance', async () => {
      const res = await profile('c_two')
      expect(res.body.loyalty).toEqual({
        member: true,
        tier: 'Bronze',
        available_points: 40,
        programs: ['prg_2'],
      })
      expect(res.body).toMatchObject({
        display_name: null,
        identifiers: [],
        attributes: { default_fields: {}, custom_fields: {} },
        segments: [],
        event_counts: { loyalty: 4 },
      })
    })

    it('includes events linked later through identity resolution', async () => {
      const lead = makeEvent('ad.lead_captured', {
        company: 'co_a',
        customer: null,
        timestamp: at(-60),
        attributes: { phone: '+6281200001111' },
      })
      await ingest([lead])
      expect((await profile('c_linked')).status).toBe(404)
      await ingest([event('customer.created', 'c_linked', 0, { phone: '+6281200001111', email: undefined })])
      const res = await profile('c_linked')
      expect(res.body).toMatchObject({
        first_seen: at(-60),
        events_total: 2,
        event_counts: { campaign: 1, cdp: 1 },
      })
      expect(res.body.identifiers).toEqual([{ kind: 'phone', value: '+6281200001111' }])
    })

    describe('PII masking by role', () => {
      const as = async (role: string) => {
        const res = await profile('c_sari', await server.readKey('co_a', role))
        expect(res.status).toBe(200)
        return res.body
      }

      it('service reads names, phones and emails; other values are custom values, redacted', async () => {
        const body = await as('service')
        expect(body.display_name).toBe('Sari Wulandari')
        expect(body.identifiers.map((i: any) => i.value)).toEqual([
          'sari.wulandari@example.co.id',
          'sari@new.example.co.id',
          '+6281234567890',
        ])
        expect(body.attributes).toEqual({
          default_fields: {
            full_name: 'Sari Wulandari',
            phone: '+6281234567890',
            city: '***',
            tier_note: '***',
          },
          custom_fields: { preferred_outlet: '***', is_reseller: '***' },
        })
      })

      for (const role of ['ai_agent', 'marketing']) {
        it(`${role} reads the name, partial phones and emails, no other values`, async () => {
          const body = await as(role)
          expect(body.display_name).toBe('Sari Wulandari')
          expect(body.identifiers).toEqual([
            { kind: 'email', value: '***@example.co.id' },
            { kind: 'email', value: '***@new.example.co.id' },
            { kind: 'phone', value: '***7890' },
          ])
          expect(body.attributes).toEqual({
            default_fields: { full_name: 'Sari Wulandari', phone: '***7890', city: '***', tier_note: '***' },
            custom_fields: { preferred_outlet: '***', is_reseller: '***' },
          })
        })
      }

      it('analyst reads no personal value, and the profile keeps its shape', async () => {
        const body = await as('analyst')
        const admin = (await profile('c_sari')).body
        expect(body.display_name).toBe('***')
        expect(body.identifiers).toEqual(admin.identifiers.map((i: any) => ({ kind: i.kind, value: '***' })))
        expect(Object.values(body.attributes.default_fields)).toEqual(['***', '***', '***', '***'])
        expect(Object.keys(body.attributes.default_fields)).toEqual(
          Object.keys(admin.attributes.default_fields),
        )
        // Segments, loyalty, activity and metrics are not personal data. (The health score's
        // "days since last engagement" moves with the clock between the two requests.)
        const { identifiers: _i, attributes: _a, display_name: _d, health, ...rest } = body
        const {
          identifiers: _ai,
          attributes: _aa,
          display_name: _ad,
          health: adminHealth,
          ...adminRest
        } = admin
        expect(rest).toEqual(adminRest)
        expect(health.factors.map((f: any) => f.id)).toEqual(adminHealth.factors.map((f: any) => f.id))
      })
    })

    describe('tenant isolation', () => {
      it("a read key of company A never sees company B's customer, even with the same id", async () => {
        const writeB = await server.writeKey('co_b')
        const b = makeEvent('customer.created', { company: 'co_b', customer: 'c_only_b', timestamp: at(0) })
        const shared = makeEvent('deal.won', { company: 'co_b', customer: 'c_sari', timestamp: at(99) })
        await ingest([b, shared], writeB)
        for (const role of ['admin', 'service', 'ai_agent', 'marketing', 'analyst']) {
          const key = await server.readKey('co_a', role)
          const res = await profile('c_only_b', key)
          expect(res.status).toBe(404)
          const sari = await profile('c_sari', key)
          expect(sari.body.last_seen).toBe(at(40))
          expect(sari.body.event_counts.deals).toBeUndefined()
        }
        const asB = await profile('c_sari', await server.readKey('co_b', 'admin'))
        expect(asB.body).toMatchObject({ events_total: 1, event_counts: { deals: 1 }, identifiers: [] })
      })
    })

    describe('errors', () => {
      it('404 with a clear message for an unknown customer', async () => {
        const res = await profile('c_nobody')
        expect(res.status).toBe(404)
        expect(res.body.error).toEqual({
          code: 'not_found',
          message: 'no customer "c_nobody": this company has no event of it',
          details: { customer_id: 'c_nobody' },
        })
      })

      it('401 without a valid key, 403 for a write key, before anything else', async () => {
        expect((await profile('c_sari', '')).status).toBe(401)
        expect((await profile('c_sari', 'cebe_r_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(
          401,
        )
        const write = await profile('x'.repeat(65), writeA)
        expect(write.status).toBe(403)
        expect(write.body.error.message).toBe('this endpoint needs a read key; this is a write key')
      })

      it('400 naming the parameter at fault', async () => {
        const long = await profile('x'.repeat(65))
        expect(long.status).toBe(400)
        expect(long.body.error).toMatchObject({ code: 'bad_request', details: { parameter: 'id' } })
        for (const path of ['/v1/customers/a%00', '/v1/customers/a%00/timeline']) {
          const nul = await server.get(path, adminA)
          expect(nul.status, path).toBe(400)
          expect(nul.body.error.message).toMatch(/none of them U\+0000/)
        }
        const extra = await profile('c_sari', adminA, '?from=2026-01-01T00:00:00Z')
        expect(extra.status).toBe(400)
        expect(extra.body.error.message).toMatch(/unknown query parameter "from"/)
        expect(extra.body.error.details.parameter).toBe('from')
      })
    })

    it('is in the OpenAPI document with its response, metrics and health described', async () => {
      const doc = (await server.get('/openapi.json')).body
      const operation = doc.paths['/v1/customers/{id}'].get
      expect(operation.security).toEqual([{ bearerAuth: [] }])
      expect(Object.keys(operation.responses).sort()).toEqual(['200', '400', '401', '403', '404', '503'])
      const ok = operation.responses['200'].content['application/json'].schema
      expect(ok.properties.metrics.description).toMatch(/customer metric of METRICS\.md/)
      expect(ok.properties.health.description).toMatch(/Health score 0–100/)
    })
  })
}
