/**
 * GET /v1/customers/{id}/memory over real HTTP on every store: the hard bound on the text for
 * customers with 0, 1, a few dozen and 5,000 events across max_chars 200–20,000, the documented
 * drop order, byte-identical answers, as_of, PII masking by role in the text and the parts,
 * tenant isolation and errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Envelope, makeEvent } from './support/events.js'
import { startTestServer, type TestServer } from './support/test-server.js'
import { STORES } from './support/test-stores.js'

const T0 = Date.parse('2026-09-01T00:00:00Z')
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString()
const AS_OF = at(60 * 24 * 30)

const PHONE = '+6281234567890'
const EMAIL = 'sari.wulandari@example.co.id'
const COMMENT = 'Pelayanannya lambat sekali, saya kecewa'
const PREVIEW = 'Halo kak, pesanan INV-2026-1188 belum sampai ya?'
const REPLY = 'Is the promo still on tomorrow?'

const event = (name: string, customer: string, m: number, attributes: Record<string, unknown> = {}) =>
  makeEvent(name, { company: 'co_a', customer, timestamp: at(m), attributes })

/** A customer touching every module, with personal data in every place it can be. */
function richCustomer(customer: string): Envelope[] {
  return [
    event('customer.created', customer, 0, {
      default_fields: [
        { name: 'full_name', value: 'Sari Wulandari' },
        { name: 'phone', value: PHONE },
        { name: 'email', value: EMAIL },
        { name: 'city', value: 'Bandung' },
      ],
      custom_fields: [{ name: 'preferred_outlet', value: 'outlet_bdg_dago' }],
      phone: PHONE,
      email: EMAIL,
    }),
    event('segment.entered', customer, 1, { segment_id: 'seg_vip', segment_name: 'VIP Jabodetabek' }),
    event('membership.enrolled', customer, 2, {
      program_id: 'prg_1',
      initial_tier: 'Gold',
      available_point: 900,
    }),
    event('conversation.started', customer, 10, { phone: PHONE }),
    event('message.received', customer, 11, { content_preview: PREVIEW }),
    event('order.created', customer, 20, { order_id: 'ord_1', total_value: 575000 }),
    event('order.paid', customer, 21, { order_id: 'ord_1', paid_amount: 575000 }),
    event('ticket.created', customer, 30, { ticket_id: 'tkt_1' }),
    event('ticket.resolved', customer, 40, { ticket_id: 'tkt_1', resolution_type: 'escalated' }),
    event('ticket.created', customer, 50, { ticket_id: 'tkt_2' }),
    event('ticket.sla_breached', customer, 60, { ticket_id: 'tkt_2', sla_type: 'resolution' }),
    ...[5, 5, 4, 2, 1].map((score, i) =>
      event('csat.submitted', customer, 70 + i, { score, comment: COMMENT }),
    ),
    ...[9, 9, 8, 3, 2].map((score, i) =>
      event('nps.submitted', customer, 80 + i, { score, comment: COMMENT }),
    ),
    event('campaign.replied', customer, 90, { reply_content_preview: REPLY }),
    event('call.completed', customer, 100, { recording_url: 'https://rec.example.co.id/secret.ogg' }),
  ]
}

for (const flavour of STORES) {
  describe.skipIf(flavour.skipReason !== undefined)(`GET /v1/customers/{id}/memory: ${flavour.name}`, () => {
    let server: TestServer
    let writeA: string
    let adminA: string
    const memory = (customer: string, query = '', key = adminA) =>
      server.get(`/v1/customers/${encodeURIComponent(customer)}/memory${query}`, key)

    const ingest = async (events: Envelope[], key = writeA) => {
      for (let i = 0; i < events.length; i += 500) {
        const res = await server.post('/v1/events', { events: events.slice(i, i + 500) }, { key })
        expect(res.body.accepted).toBe(Math.min(500, events.length - i))
      }
    }

    beforeAll(async () => {
      server = await startTestServer(flavour)
      writeA = await server.writeKey('co_a')
      adminA = await server.readKey('co_a', 'admin')
      const kinds = ['message.received', 'ticket.created', 'order.paid', 'campaign.sent', 'points.earned']
      const big = Array.from({ length: 5_000 }, (_, i) =>
        event(kinds[i % kinds.length]!, 'c_big', i, {
          ...(i % 5 === 0 && { content_preview: `${PREVIEW} ${i}` }),
          ...(i % 5 === 1 && { ticket_id: `tkt_${i}` }),
        }),
      )
      await ingest([...richCustomer('c_rich'), event('deal.won', 'c_one', 5), ...big])
    }, 120_000)
    afterAll(async () => server?.close())

    it('answers the identity, value and risk signals, profile, metrics and recent events', async () => {
      const res = await memory('c_rich', `?as_of=${AS_OF}&max_chars=20000`)
      expect(res.status).toBe(200)
      const { text, parts, dropped } = res.body
      expect(dropped).toEqual({})
      expect(res.body).toMatchObject({ customer_id: 'c_rich', as_of: AS_OF, max_chars: 20000, modules: null })
      expect(text.split('\n')[0]).toBe(
        `Customer c_rich "Sari Wulandari": first seen 2026-09-01, last seen 2026-09-01, 23 events (as of ${AS_OF})`,
      )
      expect(text).toContain('LTV 575,000')
      expect(text).toContain('last purchase 2026-09-01 #ord_1 paid 575,000')
      expect(text).toContain('open tickets 1 (#tkt_2)')
      expect(text).toContain('SLA breaches 1 (1 in 90 d)')
      // Latest three against the ones before: CSAT (1,2,4) vs (5,5), NPS (2,3,8) vs (9,9).
      expect(text).toContain('CSAT 3.4 (trend -2.67)')
      expect(text).toContain('NPS 6.2 (trend -4.67)')
      expect(text).toContain('Segments: VIP Jabodetabek (since 2026-09-01)')
      expect(text).toContain('Loyalty: member of prg_1, tier Gold, 900 points')
      expect(text).toMatch(/Metrics ticketing: tickets_total 2; resolution_rate 50%; avg_time_to_resolve /)
      expect(text).toContain('2026-09-01 00:40 ticket.resolved #tkt_1 escalated')
      expect(parts.value).toMatchObject({
        ltv: 575000,
        last_purchase: { at: at(21), order_id: 'ord_1', amount: 575000 },
      })
      expect(parts.risk).toMatchObject({
        open_tickets: { count: 1, ticket_ids: ['tkt_2'] },
        sla_breaches: { total: 1, last_90_days: 1 },
        csat: { average: 3.4, trend: expect.closeTo(-2.6667, 3) },
        nps: { average: 6.2, trend: -4.67 },
      })
      expect(parts.risk.health_score).toBeGreaterThan(0)
      expect(parts.segments).toEqual([
        { segment_id: 'seg_vip', segment_name: 'VIP Jabodetabek', since: at(1) },
      ])
      expect(parts.recent_events).toHaveLength(23)
      expect(parts.recent_events[0]).toMatchObject({ at: at(100), event_name: 'call.completed' })
      expect(parts.metrics.ticketing['ticketing.tickets_total']).toBe(2)
      // The churn-risk factors are the health factors below half their sub-score, largest loss first.
      const metrics = await server.get(`/v1/customers/c_rich/metrics?to=${AS_OF}`, adminA)
      const weak = metrics.body.health.factors.filter((f: { sub_score: number }) => f.sub_score < 0.5)
      expect(parts.churn_risk_factors.map((f: { id: string }) => f.id).sort()).toEqual(
        weak.map((f: { id: string }) => f.id).sort(),
      )
    })

    it('keeps the text within max_chars for 0, 1, 23 and 5,000 events, dropping in the documented order', async () => {
      const budgets = [
        ...Array.from({ length: 20 }, (_, i) => 200 + i * 41),
        ...Array.from({ length: 20 }, (_, i) => 1_000 + i * 997),
        20_000,
      ]
      // c_rich before its first event: a customer with no event yet at as_of.
      const cases = [
        { customer: 'c_rich', asOf: at(-1) },
        { customer: 'c_one', asOf: AS_OF },
        { customer: 'c_rich', asOf: AS_OF },
        { customer: 'c_big', asOf: AS_OF },
      ]
      for (const { customer, asOf } of cases) {
        let previous = ''
        for (const maxChars of budgets) {
          const res = await memory(customer, `?as_of=${asOf}&max_chars=${maxChars}`)
          expect(res.status).toBe(200)
          const { text, dropped, parts } = res.body
          expect([...text].length).toBeLessThanOrEqual(maxChars)
          expectDropOrder(dropped, parts)
          // More room never shows less.
          expect(text.length).toBeGreaterThanOrEqual(previous.length)
          previous = text
        }
      }
      const none = await memory('c_rich', `?as_of=${at(-1)}`)
      expect(none.body.text).toBe(`Customer c_rich: no events yet (as of ${at(-1)})`)
      const big = await memory('c_big', `?as_of=${AS_OF}&max_chars=2000`)
      expect(big.body.dropped.recent_events).toBeGreaterThan(0)
      expect(big.body.text.split('\n')[0]).toContain('5,000 events')
    }, 240_000)

    it('answers byte-identical bodies for the same customer, as_of and max_chars', async () => {
      for (const customer of ['c_rich', 'c_big']) {
        const query = `?as_of=${AS_OF}&max_chars=1500`
        const url = `${server.url}/v1/customers/${customer}/memory${query}`
        const init = { headers: { authorization: `Bearer ${adminA}` } }
        const [a, b] = [await (await fetch(url, init)).text(), await (await fetch(url, init)).text()]
        expect(a.length).toBeGreaterThan(200)
        expect(b).toBe(a)
      }
    })

    it('leaves out events after as_of, and filters metrics and events by modules', async () => {
      const early = await memory('c_rich', `?as_of=${at(25)}&max_chars=20000`)
      expect(early.body.parts.identity.events_total).toBe(7)
      expect(early.body.text).not.toContain('ticket')
      expect(early.body.parts.recent_events[0].at).toBe(at(21))
      const only = await memory('c_rich', `?as_of=${AS_OF}&modules=ticketing&max_chars=20000`)
      expect(only.body.modules).toEqual(['ticketing'])
      expect(Object.keys(only.body.parts.metrics)).toEqual(['ticketing'])
      expect(
        only.body.parts.recent_events.map((e: { event_name: string }) => e.event_name.split('.')[0]),
      ).toEqual(['ticket', 'ticket', 'ticket', 'ticket'])
    })

    describe('PII masking by role', () => {
      const asRole = async (role: string) => {
        const res = await memory(
          'c_rich',
          `?as_of=${AS_OF}&max_chars=20000`,
          await server.readKey('co_a', role),
        )
        expect(res.status).toBe(200)
        return { text: res.body.text as string, json: JSON.stringify(res.body) }
      }
      const secrets = [
        PHONE,
        PHONE.slice(1),
        EMAIL,
        'sari.wulandari',
        COMMENT,
        PREVIEW.slice(0, 20),
        REPLY,
        'secret.ogg',
      ]

      it('admin reads everything, the free text included', async () => {
        const { text } = await asRole('admin')
        expect(text).toContain(PHONE)
        expect(text).toContain(`"${REPLY}"`)
      })

      for (const role of ['marketing', 'analyst']) {
        it(`${role} gets no phone, email or free text in the text or the parts`, async () => {
          const { text, json } = await asRole(role)
          for (const secret of secrets) {
            expect(text).not.toContain(secret)
            expect(json).not.toContain(secret)
          }
          expect(json).not.toContain('Bandung')
          expect(json).not.toContain('outlet_bdg_dago')
        })
      }

      it('marketing and ai_agent see partial contacts; analyst not even the name', async () => {
        const marketing = await asRole('marketing')
        expect(marketing.text).toContain('Sari Wulandari')
        expect(marketing.text).toContain('phone ***7890')
        const agent = await asRole('ai_agent')
        expect(agent.text).toContain('email ***@example.co.id')
        expect(agent.text).toContain(`"${REPLY}"`)
        expect(agent.json).not.toContain(PHONE)
        const analyst = await asRole('analyst')
        expect(analyst.json).not.toContain('Sari')
        expect(analyst.text.split('\n')[0]).toMatch(/^Customer c_rich: first seen/)
      })
    })

    describe('tenant isolation', () => {
      it("another company's key never reaches the customer: 404, even with the same id", async () => {
        const writeB = await server.writeKey('co_b')
        await ingest(
          [makeEvent('deal.lost', { company: 'co_b', customer: 'c_one', timestamp: at(7) })],
          writeB,
        )
        for (const role of ['admin', 'ai_agent', 'analyst']) {
          const keyB = await server.readKey('co_b', role)
          const res = await memory('c_rich', '', keyB)
          expect(res.status).toBe(404)
          expect(res.body.error).toEqual({
            code: 'not_found',
            message: 'no customer "c_rich": this company has no event of it',
            details: { customer_id: 'c_rich' },
          })
          const shared = await memory('c_one', `?as_of=${AS_OF}&max_chars=20000`, keyB)
          expect(shared.body.parts.recent_events.map((e: { event_name: string }) => e.event_name)).toEqual([
            'deal.lost',
          ])
        }
        const ownA = await memory('c_one', `?as_of=${AS_OF}&max_chars=20000`)
        expect(ownA.body.parts.recent_events.map((e: { event_name: string }) => e.event_name)).toEqual([
          'deal.won',
        ])
      })
    })

    describe('errors', () => {
      it('400 naming the parameter at fault', async () => {
        const cases: [string, string][] = [
          ['?max_chars=199', 'max_chars'],
          ['?max_chars=20001', 'max_chars'],
          ['?max_chars=abc', 'max_chars'],
          ['?max_chars=1e3', 'max_chars'],
          ['?max_chars=500&max_chars=600', 'max_chars'],
          ['?as_of=yesterday', 'as_of'],
          ['?as_of=2026-02-30T00:00:00Z', 'as_of'],
          ['?modules=ticketing,nope', 'modules'],
          ['?modules=', 'modules'],
          ['?limit=5', 'limit'],
        ]
        for (const [query, parameter] of cases) {
          const res = await memory('c_rich', query)
          expect(res.status, query).toBe(400)
          expect(res.body.error.code).toBe('bad_request')
          expect(res.body.error.details.parameter, query).toBe(parameter)
        }
        expect((await memory('c_rich', '?max_chars=199')).body.error.message).toBe(
          'max_chars must be an integer from 200 to 20000; got "199"',
        )
        expect((await memory('x'.repeat(65))).status).toBe(400)
      })

      it('is documented in the OpenAPI document with its parameters', async () => {
        const openapi = (await server.get('/openapi.json')).body
        const get = openapi.paths['/v1/customers/{id}/memory'].get
        expect(get.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
          'as_of',
          'id',
          'max_chars',
          'modules',
        ])
        expect(Object.keys(get.responses)).toEqual(['200', '400', '401', '403', '404', '503'])
      })

      it('401 without a valid key, 403 for a write key, 404 for an unknown customer', async () => {
        expect((await memory('c_rich', '', '')).status).toBe(401)
        expect((await memory('c_rich', '', writeA)).status).toBe(403)
        expect((await memory('c_nobody')).status).toBe(404)
      })
    })
  })
}

/** An item leaves only after every item of a lower drop rank (memory-sections.ts, DROP_RANK). */
function expectDropOrder(dropped: Record<string, number>, parts: any) {
  const droppedAny = (prefix: string) => Object.keys(dropped).some((id) => id.startsWith(prefix))
  const keptAttributes =
    Object.keys(parts.attributes.default_fields).length + Object.keys(parts.attributes.custom_fields).length
  const keptMetrics = Object.values(parts.metrics as Record<string, object>).reduce(
    (n, m) => n + Object.keys(m).length,
    0,
  )
  if (droppedAny('attributes')) expect(parts.recent_events.length).toBeLessThanOrEqual(3)
  if (droppedAny('metrics.')) expect(keptAttributes).toBe(0)
  if (parts.recent_events.length < 3 && (dropped.recent_events ?? 0) > 0) expect(keptMetrics).toBe(0)
  if (droppedAny('identifiers')) expect(parts.recent_events).toEqual([])
  if (droppedAny('segments')) expect(parts.identifiers).toEqual([])
  if (droppedAny('loyalty')) expect(parts.segments).toEqual([])
  if (droppedAny('churn_risk_factors')) expect(parts.loyalty).toBeNull()
  if (droppedAny('value')) expect(parts.churn_risk_factors).toEqual([])
  if (droppedAny('risk')) expect(Object.keys(parts.value)).toEqual([])
}
