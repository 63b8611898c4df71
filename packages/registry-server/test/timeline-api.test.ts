/**
 * GET /v1/customers/{id}/timeline as the contract says, on every store, over real HTTP: order,
 * cursor pagination, filters, PII masking by role, identity resolution, tenant isolation, errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Envelope, makeEvent } from './support/events.js'
import { startTestServer, type TestServer } from './support/test-server.js'
import { STORES } from './support/test-stores.js'

const at = (minutes: number) => new Date(Date.parse('2026-11-10T00:00:00Z') + minutes * 60_000).toISOString()
const withoutSentAt = ({ sent_at: _, ...rest }: Envelope) => rest
const byTimelineOrder = (a: Envelope, b: Envelope) =>
  Date.parse(b.event_timestamp as string) - Date.parse(a.event_timestamp as string) ||
  (a.event_id < b.event_id ? 1 : a.event_id > b.event_id ? -1 : 0)

for (const flavour of STORES) {
  describe.skipIf(flavour.skipReason !== undefined)(
    `GET /v1/customers/{id}/timeline: ${flavour.name}`,
    () => {
      let server: TestServer
      let writeA: string
      let adminA: string

      beforeAll(async () => {
        server = await startTestServer(flavour)
        writeA = await server.writeKey('co_a')
        adminA = await server.readKey('co_a', 'admin')
      })
      afterAll(async () => server?.close())

      const ingest = async (events: Envelope[], key = writeA) => {
        const res = await server.post('/v1/events', { events }, { key })
        expect(res.body.results).toEqual(events.map(() => 'accepted'))
      }
      const timeline = (customer: string, query = '', key = adminA) =>
        server.get(`/v1/customers/${encodeURIComponent(customer)}/timeline${query}`, key)

      it('answers the stored envelopes newest first, ties by event_id', async () => {
        const events = [0, 5, 5, 5, 2].map((m) =>
          makeEvent('campaign.sent', { company: 'co_a', customer: 'c_order', timestamp: at(m) }),
        )
        events[1]!.sent_at = new Date().toISOString()
        await ingest(events)
        const res = await timeline('c_order')
        expect(res.status).toBe(200)
        expect(res.body).toEqual({
          events: [...events].sort(byTimelineOrder).map(withoutSentAt),
          next_cursor: null,
        })
      })

      it('walks every event exactly once across pages, equal timestamps included', async () => {
        const events = Array.from({ length: 17 }, (_, i) =>
          makeEvent('ticket.created', { company: 'co_a', customer: 'c_pages', timestamp: at(i % 3) }),
        )
        await ingest(events)
        const seen: string[] = []
        let cursor: string | null = null
        let pages = 0
        do {
          const res = await timeline('c_pages', `?limit=5${cursor ? `&cursor=${cursor}` : ''}`)
          expect(res.status).toBe(200)
          seen.push(...res.body.events.map((e: Envelope) => e.event_id))
          cursor = res.body.next_cursor
          if (pages === 0) {
            // A newer event arriving meanwhile does not shift the pages already handed out.
            await ingest([
              makeEvent('ticket.created', { company: 'co_a', customer: 'c_pages', timestamp: at(9) }),
            ])
          }
          pages++
        } while (cursor !== null && pages < 10)
        expect(pages).toBe(4)
        expect(seen).toEqual([...events].sort(byTimelineOrder).map((e) => e.event_id))
        const full = await timeline('c_pages', '?limit=18')
        expect(full.body.events).toHaveLength(18)
        expect(full.body.next_cursor).toBeNull()
        const exact = await timeline('c_pages', '?limit=9')
        const rest = await timeline('c_pages', `?limit=9&cursor=${exact.body.next_cursor}`)
        expect(rest.body).toMatchObject({ next_cursor: null })
        expect(rest.body.events).toHaveLength(9)
      })

      it('filters by [from, to), modules and events', async () => {
        const sent = makeEvent('campaign.sent', { company: 'co_a', customer: 'c_filter', timestamp: at(0) })
        const ticket = makeEvent('ticket.created', {
          company: 'co_a',
          customer: 'c_filter',
          timestamp: at(60),
        })
        const deal = makeEvent('deal.created', { company: 'co_a', customer: 'c_filter', timestamp: at(120) })
        await ingest([sent, ticket, deal])
        const ids = async (query: string) => {
          const res = await timeline('c_filter', query)
          expect(res.status).toBe(200)
          return res.body.events.map((e: Envelope) => e.event_id)
        }
        // 08:00+07:00 is 01:00Z, the ticket's time: from is inclusive, to exclusive.
        expect(await ids(`?from=${encodeURIComponent('2026-11-10T08:00:00+07:00')}&to=${at(120)}`)).toEqual([
          ticket.event_id,
        ])
        expect(await ids(`?to=${at(60)}`)).toEqual([sent.event_id])
        expect(await ids('?modules=deals,campaign')).toEqual([deal.event_id, sent.event_id])
        expect(await ids('?events=ticket.created&modules=ticketing')).toEqual([ticket.event_id])
        expect(await ids('?events=ticket.created&modules=deals')).toEqual([])
        expect(await ids('?events=ticket.created&events=campaign.sent')).toEqual([
          ticket.event_id,
          sent.event_id,
        ])
      })

      describe('PII masking by role', () => {
        let profile: Envelope
        let reply: Envelope
        let call: Envelope
        const read = async (role: string) => {
          const key = await server.readKey('co_a', role)
          const res = await timeline('c_pii', '', key)
          expect(res.status).toBe(200)
          const [c, r, p] = res.body.events as any[]
          return {
            call: c.event_attributes,
            reply: r.event_attributes,
            profile: p,
            attrs: p.event_attributes,
          }
        }

        beforeAll(async () => {
          profile = makeEvent('customer.created', {
            company: 'co_a',
            customer: 'c_pii',
            timestamp: at(0),
            attributes: { phone: '+6281299998888', email: 'rina@example.co.id' },
          })
          profile.actor = { type: 'agent', id: 'agent_1', name: 'Agent Dewi' }
          reply = makeEvent('campaign.replied', { company: 'co_a', customer: 'c_pii', timestamp: at(1) })
          call = makeEvent('call.completed', { company: 'co_a', customer: 'c_pii', timestamp: at(2) })
          await ingest([profile, reply, call])
        })

        it('admin sees everything as stored', async () => {
          const res = await timeline('c_pii')
          expect(res.body.events).toEqual([call, reply, profile].map(withoutSentAt))
        })

        it('service sees contact data and free text, not recording URLs or custom values', async () => {
          const { attrs, profile: p, reply: r, call: c } = await read('service')
          expect(attrs).toMatchObject({ phone: '+6281299998888', email: 'rina@example.co.id' })
          expect(p.actor.name).toBe('Agent Dewi')
          expect(r.reply_content_preview).toBe((reply.event_attributes as any).reply_content_preview)
          expect(c.recording_url).toBe('***')
          expect(attrs.custom_fields.map((f: any) => f.value)).toEqual(['***', '***'])
        })

        it('ai_agent and marketing see partial contact data; marketing no free text', async () => {
          for (const role of ['ai_agent', 'marketing']) {
            const { attrs, profile: p, reply: r } = await read(role)
            expect(attrs).toMatchObject({ phone: '***8888', email: '***@example.co.id' })
            expect(p.actor.name).toBe('Agent Dewi')
            expect(r.reply_content_preview).toBe(
              role === 'ai_agent' ? 'Is the promo still on tomorrow?' : '***',
            )
          }
        })

        it('analyst sees no PII, and the envelope keeps its structure', async () => {
          const { attrs, profile: p, reply: r, call: c } = await read('analyst')
          expect(attrs).toMatchObject({ phone: '***', email: '***' })
          expect(p.actor).toEqual({ type: 'agent', id: 'agent_1', name: '***' })
          expect(r.reply_content_preview).toBe('***')
          expect(c.recording_url).toBe('***')
          expect(Object.keys(p).sort()).toEqual(Object.keys(withoutSentAt(profile)).sort())
          expect(Object.keys(attrs).sort()).toEqual(Object.keys(profile.event_attributes).sort())
          expect(attrs.default_fields.map((f: any) => f.name)).toEqual(
            (profile.event_attributes as any).default_fields.map((f: any) => f.name),
          )
          expect(attrs.created_by).toBe((profile.event_attributes as any).created_by)
        })

        it('masks caller-written descriptions, destination urls and reasons for restricted roles', async () => {
          const described = makeEvent('campaign.clicked', {
            company: 'co_a',
            customer: 'c_text',
            timestamp: at(3),
          })
          described.event_description = 'Sari Wulandari (+6281234567890, sari@example.com) clicked'
          described.event_attributes.destination_url = 'https://shop.example.com/?email=sari%40example.com'
          const bounced = makeEvent('campaign.bounced', {
            company: 'co_a',
            customer: 'c_text',
            timestamp: at(4),
          })
          bounced.event_attributes.bounce_reason = 'Sari asked us to stop messaging +6281234567890'
          await ingest([described, bounced])
          const view = async (role: string) => {
            const key = await server.readKey('co_a', role)
            const [b, d] = (await timeline('c_text', '', key)).body.events as any[]
            return {
              description: d.event_description,
              url: d.event_attributes.destination_url,
              reason: b.event_attributes.bounce_reason,
            }
          }
          for (const role of ['analyst', 'marketing']) {
            expect(await view(role)).toEqual({ description: '***', url: '***', reason: '***' })
          }
          expect(await view('service')).toEqual({
            description: described.event_description,
            url: '***',
            reason: bounced.event_attributes.bounce_reason,
          })
          expect((await view('admin')).url).toBe(described.event_attributes.destination_url)
        })

        it('masks registered custom events by the marks of their JSON Schema', async () => {
          const registered = await server.post(
            '/v1/schemas/vip_card.issued/versions',
            {
              version: '1-0-0',
              module: 'loyalty',
              attributes: {
                type: 'object',
                additionalProperties: false,
                required: ['card_id', 'holder_phone'],
                properties: {
                  card_id: { type: 'string' },
                  holder_phone: { type: 'string', 'x-pii': 'phone' },
                },
              },
            },
            { key: adminA },
          )
          expect(registered.status).toBe(201)
          const card = {
            ...makeEvent('campaign.sent', { company: 'co_a', customer: 'c_custom', timestamp: at(0) }),
            event_name: 'vip_card.issued',
            schema_version: '1-0-0',
            source_module: 'loyalty',
            event_attributes: { card_id: 'vip_1', holder_phone: '+6281211112222' },
          }
          await ingest([card])
          const res = await timeline('c_custom', '', await server.readKey('co_a', 'analyst'))
          expect(res.body.events[0].event_attributes).toEqual({ card_id: 'vip_1', holder_phone: '***' })
          const filtered = await timeline('c_custom', '?events=vip_card.issued')
          expect(filtered.body.events[0].event_attributes.holder_phone).toBe('+6281211112222')
        })
      })

      it('shows events linked later through identity resolution', async () => {
        const lead = makeEvent('ad.lead_captured', {
          company: 'co_a',
          customer: null,
          timestamp: at(0),
          attributes: { phone: '+62855500011' },
        })
        await ingest([lead])
        expect((await timeline('c_linked')).body.events).toEqual([])
        const created = makeEvent('customer.created', {
          company: 'co_a',
          customer: 'c_linked',
          timestamp: at(10),
          attributes: { phone: '+62855500011' },
        })
        await ingest([created])
        const res = await timeline('c_linked')
        expect(res.body.events.map((e: Envelope) => e.event_id)).toEqual([created.event_id, lead.event_id])
        // as stored: the lead never named the customer
        expect(res.body.events[1].qontak_customer_id).toBeUndefined()
      })

      describe('tenant isolation', () => {
        it("a read key of company A never sees company B's events, even for the same customer id", async () => {
          const writeB = await server.writeKey('co_b')
          const eventB = makeEvent('deal.won', { company: 'co_b', customer: 'c_shared', timestamp: at(0) })
          await ingest([eventB], writeB)
          for (const role of ['admin', 'analyst']) {
            const res = await timeline('c_shared', '', await server.readKey('co_a', role))
            expect(res.body).toEqual({ events: [], next_cursor: null })
          }
          const eventA = makeEvent('deal.created', {
            company: 'co_a',
            customer: 'c_shared',
            timestamp: at(1),
          })
          await ingest([eventA])
          expect((await timeline('c_shared')).body.events.map((e: Envelope) => e.event_id)).toEqual([
            eventA.event_id,
          ])
          const readB = await server.readKey('co_b', 'admin')
          expect(
            (await timeline('c_shared', '', readB)).body.events.map((e: Envelope) => e.event_id),
          ).toEqual([eventB.event_id])
        })

        it("a write key of company A cannot put events into company B's timeline", async () => {
          const forged = makeEvent('deal.lost', { company: 'co_b', customer: 'c_forged', timestamp: at(0) })
          const res = await server.post('/v1/events', { events: [forged] }, { key: writeA })
          expect(res.body.results).toEqual(['rejected'])
          const readB = await server.readKey('co_b', 'admin')
          expect((await timeline('c_forged', '', readB)).body.events).toEqual([])
        })

        it("company B's cursor positions carry no company: A gets only its own events with it", async () => {
          const writeB = await server.writeKey('co_b')
          const readB = await server.readKey('co_b', 'admin')
          await ingest(
            [0, 1].map((m) =>
              makeEvent('deal.created', { company: 'co_b', customer: 'c_cursor', timestamp: at(m) }),
            ),
            writeB,
          )
          const pageB = await timeline('c_cursor', '?limit=1', readB)
          expect(pageB.body.next_cursor).toEqual(expect.any(String))
          const asA = await timeline('c_cursor', `?cursor=${pageB.body.next_cursor}`)
          expect(asA.body).toEqual({ events: [], next_cursor: null })
        })
      })

      describe('errors', () => {
        it('401 without a key or with an unknown one, 403 for a write key', async () => {
          const none = await timeline('c_order', '', '')
          expect(none.status).toBe(401)
          expect(none.body.error.code).toBe('unauthorized')
          const unknown = await timeline('c_order', '', 'cebe_r_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')
          expect(unknown.status).toBe(401)
          const write = await timeline('c_order', '', writeA)
          expect(write.status).toBe(403)
          expect(write.body.error).toEqual({
            code: 'forbidden',
            message: 'this endpoint needs a read key; this is a write key',
          })
        })

        it('400 naming the parameter and the value at fault', async () => {
          const cursor = (await timeline('c_pages', '?limit=1')).body.next_cursor as string
          const cases: [string, RegExp][] = [
            ['?from=yesterday', /from must be an RFC 3339 date-time.*"yesterday"/],
            ['?to=2026-11-31T00:00:00Z', /to must be an RFC 3339/],
            [`?from=${at(10)}&to=${at(0)}`, /is after to/],
            ['?modules=campaign,crm', /unknown module "crm"/],
            ['?events=ticket.created,ticket.craeted', /unknown event "ticket.craeted"/],
            ['?events=', /without empty entries/],
            ['?limit=501', /limit must be an integer from 1 to 500; got "501"/],
            ['?limit=0', /limit must be/],
            [`?cursor=${cursor.slice(0, -3)}x`, /cursor is not a cursor this server issued/],
            [`?cursor=${Buffer.from('[1,"a b"]').toString('base64url')}`, /cursor is not a cursor/],
            ['?page=2', /unknown query parameter "page"/],
          ]
          for (const [query, message] of cases) {
            const res = await timeline('c_pages', query)
            expect(res.status, query).toBe(400)
            expect(res.body.error.code).toBe('bad_request')
            expect(res.body.error.message, query).toMatch(message)
          }
          const details = (await timeline('c_pages', '?modules=crm')).body.error.details
          expect(details).toEqual({ parameter: 'modules', value: 'crm' })
          expect((await timeline('x'.repeat(65))).status).toBe(400)
        })

        it('checks the key before the parameters', async () => {
          expect((await timeline('c_pages', '?limit=0', '')).status).toBe(401)
          expect((await timeline('c_pages', '?limit=0', writeA)).status).toBe(403)
        })
      })

      it('is in the OpenAPI document with its parameters and response', async () => {
        const doc = (await server.get('/openapi.json')).body
        const operation = doc.paths['/v1/customers/{id}/timeline'].get
        expect(operation.security).toEqual([{ bearerAuth: [] }])
        const names = operation.parameters.map((p: any) => `${p.in}:${p.name}`).sort()
        expect(names).toEqual(
          [
            'path:id',
            'query:cursor',
            'query:events',
            'query:from',
            'query:limit',
            'query:modules',
            'query:to',
          ].sort(),
        )
        const ok = operation.responses['200'].content['application/json'].schema
        expect(ok.required).toEqual(['events', 'next_cursor'])
        expect(ok.properties.next_cursor.type).toEqual(['string', 'null'])
        expect(Object.keys(operation.responses).sort()).toEqual(['200', '400', '401', '403', '503'])
      })
    },
  )
}
