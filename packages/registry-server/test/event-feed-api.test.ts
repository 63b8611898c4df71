/**
 * GET /v1/events — the company's event feed — over real HTTP on every store: order, every kind of
 * event (with a customer, unresolved, company-scoped), cursor pagination under concurrent inserts,
 * filters, PII masking for every role, tenant isolation, errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Envelope, makeEvent } from './support/events.js'
import { startTestServer, type TestServer } from './support/test-server.js'
import { STORES } from './support/test-stores.js'

const at = (minutes: number) => new Date(Date.parse('2026-10-01T00:00:00Z') + minutes * 60_000).toISOString()
const withoutSentAt = ({ sent_at: _, ...rest }: Envelope) => rest
const byFeedOrder = (a: Envelope, b: Envelope) =>
  Date.parse(b.event_timestamp as string) - Date.parse(a.event_timestamp as string) ||
  (a.event_id < b.event_id ? 1 : a.event_id > b.event_id ? -1 : 0)

for (const flavour of STORES) {
  describe.skipIf(flavour.skipReason !== undefined)(`GET /v1/events: ${flavour.name}`, () => {
    let server: TestServer
    let writeA: string
    let adminA: string
    // The first events of company A: one per kind of event the feed must show.
    let known: Envelope
    let spend: Envelope
    let lead: Envelope

    beforeAll(async () => {
      server = await startTestServer(flavour)
      writeA = await server.writeKey('co_a')
      adminA = await server.readKey('co_a', 'admin')
      known = makeEvent('campaign.sent', { company: 'co_a', customer: 'c_1', timestamp: at(0) })
      spend = makeEvent('ad.spend_recorded', { company: 'co_a', timestamp: at(1) })
      lead = makeEvent('ad.lead_captured', {
        company: 'co_a',
        customer: null,
        timestamp: at(2),
        attributes: { phone: '+6281299990001', email: 'lead@example.co.id' },
      })
      await ingest([known, spend, lead])
    })
    afterAll(async () => server?.close())

    const ingest = async (events: Envelope[], key = writeA) => {
      const res = await server.post('/v1/events', { events }, { key })
      expect(res.body.results).toEqual(events.map(() => 'accepted'))
    }
    const feed = (query = '', key = adminA) => server.get(`/v1/events${query}`, key)
    const ids = async (query: string, key = adminA) => {
      const res = await feed(query, key)
      expect(res.status, query).toBe(200)
      return res.body.events.map((e: Envelope) => e.event_id)
    }

    it('lists every event of the company newest first: with a customer, unresolved and company-scoped', async () => {
      const res = await feed(`?to=${at(3)}`)
      expect(res.status).toBe(200)
      expect(res.body).toEqual({
        events: [lead, spend, known].map(withoutSentAt),
        next_cursor: null,
      })
      expect(res.body.events[0].qontak_customer_id).toBeUndefined()
      expect(res.body.events[1].qontak_customer_id).toBeUndefined()
    })

    it('walks every event exactly once across pages, equal timestamps and concurrent inserts included', async () => {
      const events = Array.from({ length: 13 }, (_, i) =>
        i % 4 === 0
          ? makeEvent('ad.spend_recorded', { company: 'co_a', timestamp: at(100 + (i % 3)) })
          : makeEvent('ticket.created', {
              company: 'co_a',
              customer: `c_page_${i}`,
              timestamp: at(100 + (i % 3)),
            }),
      )
      await ingest(events)
      const window = `from=${at(100)}&to=${at(200)}`
      const seen: string[] = []
      let cursor: string | null = null
      let pages = 0
      do {
        const res = await feed(`?${window}&limit=4${cursor ? `&cursor=${cursor}` : ''}`)
        expect(res.status).toBe(200)
        seen.push(...res.body.events.map((e: Envelope) => e.event_id))
        cursor = res.body.next_cursor
        if (pages === 0) {
          // Newer events arriving meanwhile, with and without a customer, shift no page.
          await ingest([
            makeEvent('ticket.created', { company: 'co_a', customer: 'c_late', timestamp: at(150) }),
            makeEvent('ad.spend_recorded', { company: 'co_a', timestamp: at(150) }),
          ])
        }
        pages++
      } while (cursor !== null && pages < 10)
      expect(pages).toBe(4)
      expect(seen).toEqual([...events].sort(byFeedOrder).map((e) => e.event_id))
      const exact = await feed(`?${window}&limit=15`)
      expect(exact.body.events).toHaveLength(15)
      expect(exact.body.next_cursor).toBeNull()
    })

    it('filters by [from, to), modules and events', async () => {
      const ticket = makeEvent('ticket.created', { company: 'co_a', customer: 'c_f', timestamp: at(300) })
      const deal = makeEvent('deal.created', { company: 'co_a', customer: 'c_f', timestamp: at(360) })
      const spent = makeEvent('ad.spend_recorded', { company: 'co_a', timestamp: at(420) })
      await ingest([ticket, deal, spent])
      const window = `from=${at(300)}&to=${at(480)}`
      expect(await ids(`?${window}`)).toEqual([spent.event_id, deal.event_id, ticket.event_id])
      expect(await ids(`?from=${at(300)}&to=${at(420)}`)).toEqual([deal.event_id, ticket.event_id])
      expect(await ids(`?from=${encodeURIComponent('2026-10-01T07:00:00+01:00')}&to=${at(361)}`)).toEqual([
        deal.event_id,
      ])
      expect(await ids(`?${window}&modules=campaign,deals`)).toEqual([spent.event_id, deal.event_id])
      expect(await ids(`?${window}&events=ad.spend_recorded`)).toEqual([spent.event_id])
      expect(await ids(`?${window}&events=ticket.created&modules=deals`)).toEqual([])
    })

    it('shows an unresolved event until and after it is linked, as stored', async () => {
      const created = makeEvent('customer.created', {
        company: 'co_a',
        customer: 'c_lead',
        timestamp: at(3),
        attributes: { phone: '+6281299990001' },
      })
      await ingest([created])
      expect(await ids(`?to=${at(4)}`)).toEqual([
        created.event_id,
        lead.event_id,
        spend.event_id,
        known.event_id,
      ])
      const timeline = await server.get('/v1/customers/c_lead/timeline', adminA)
      expect(timeline.body.events.map((e: Envelope) => e.event_id)).toEqual([created.event_id, lead.event_id])
    })

    describe('PII masking by role, as the timeline masks', () => {
      const leadAs = async (role: string) => {
        const key = await server.readKey('co_a', role)
        const res = await feed(`?events=ad.lead_captured&to=${at(3)}`, key)
        expect(res.status).toBe(200)
        expect(res.body.events).toHaveLength(1)
        return res.body.events[0]
      }
      const expected: Record<string, [string, string]> = {
        admin: ['+6281299990001', 'lead@example.co.id'],
        service: ['+6281299990001', 'lead@example.co.id'],
        ai_agent: ['***0001', '***@example.co.id'],
        marketing: ['***0001', '***@example.co.id'],
        analyst: ['***', '***'],
      }
      for (const [role, [phone, email]] of Object.entries(expected)) {
        it(`${role} sees phone ${phone} and email ${email}`, async () => {
          const seen = await leadAs(role)
          expect(seen.event_attributes.phone).toBe(phone)
          expect(seen.event_attributes.email).toBe(email)
          const timeline = await server.get(
            '/v1/customers/c_lead/timeline?events=ad.lead_captured',
            await server.readKey('co_a', role),
          )
          expect(seen).toEqual(timeline.body.events[0])
          expect(Object.keys(seen).sort()).toEqual(Object.keys(withoutSentAt(lead)).sort())
        })
      }
    })

    describe('tenant isolation', () => {
      it("a read key of company A never sees company B's events; B sees only its own", async () => {
        const writeB = await server.writeKey('co_b')
        const eventsB = [
          makeEvent('ad.spend_recorded', { company: 'co_b', timestamp: at(1) }),
          makeEvent('deal.won', { company: 'co_b', customer: 'c_1', timestamp: at(1) }),
          makeEvent('ad.lead_captured', {
            company: 'co_b',
            customer: null,
            timestamp: at(1),
            attributes: { phone: '+6281299990002' },
          }),
        ]
        await ingest(eventsB, writeB)
        for (const role of ['admin', 'service', 'ai_agent', 'marketing', 'analyst']) {
          const seen = await ids('?limit=500', await server.readKey('co_a', role))
          for (const event of eventsB) expect(seen).not.toContain(event.event_id)
        }
        const readB = await server.readKey('co_b', 'analyst')
        expect(new Set(await ids('', readB))).toEqual(new Set(eventsB.map((e) => e.event_id)))
      })

      it("company B's cursor positions within A's own feed only", async () => {
        const readB = await server.readKey('co_b', 'admin')
        const pageB = await feed('?limit=1', readB)
        expect(pageB.body.next_cursor).toEqual(expect.any(String))
        const asA = await feed(`?cursor=${pageB.body.next_cursor}`)
        expect(asA.status).toBe(200)
        for (const event of asA.body.events) expect(event.company_id).toBe('co_a')
      })
    })

    describe('errors', () => {
      it('401 without a key or with an unknown one, 403 for a write key, before the parameters', async () => {
        expect((await feed('', '')).status).toBe(401)
        expect((await feed('', 'cebe_r_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(401)
        const write = await feed('?limit=0', writeA)
        expect(write.status).toBe(403)
        expect(write.body.error).toEqual({
          code: 'forbidden',
          message: 'this endpoint needs a read key; this is a write key',
        })
        expect((await feed('?limit=0', '')).status).toBe(401)
      })

      it('400 naming the parameter and the value at fault', async () => {
        const cases: [string, string, RegExp][] = [
          ['?from=yesterday', 'from', /from must be an RFC 3339 date-time.*"yesterday"/],
          [`?from=${at(10)}&to=${at(0)}`, 'from', /is after to/],
          ['?modules=campaign,crm', 'modules', /unknown module "crm"/],
          ['?events=ad.spend_recordd', 'events', /unknown event "ad.spend_recordd"/],
          ['?limit=501', 'limit', /limit must be an integer from 1 to 500/],
          ['?cursor=abc', 'cursor', /cursor is not a cursor this server issued/],
          ['?customer=c_1', 'customer', /unknown query parameter "customer"/],
        ]
        for (const [query, parameter, message] of cases) {
          const res = await feed(query)
          expect(res.status, query).toBe(400)
          expect(res.body.error.code).toBe('bad_request')
          expect(res.body.error.message, query).toMatch(message)
          expect(res.body.error.details.parameter, query).toBe(parameter)
        }
      })
    })

    it('is in the OpenAPI document with its parameters and response, beside the ingest route', async () => {
      const doc = (await server.get('/openapi.json')).body
      const operation = doc.paths['/v1/events'].get
      expect(doc.paths['/v1/events'].post).toBeDefined()
      expect(operation.security).toEqual([{ bearerAuth: [] }])
      const names = operation.parameters.map((p: any) => `${p.in}:${p.name}`).sort()
      expect(names).toEqual(
        ['query:cursor', 'query:events', 'query:from', 'query:limit', 'query:modules', 'query:to'].sort(),
      )
      const ok = operation.responses['200'].content['application/json'].schema
      expect(ok.required).toEqual(['events', 'next_cursor'])
    })
  })
}
