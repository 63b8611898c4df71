/**
 * The segment routes over real HTTP on every store: the PRD rule previewed and saved, members
 * paged with a cursor, list and delete, roles, 400s naming the JSON path of the bad node (never a
 * 500), tenant isolation, and the OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_SAVED_SEGMENTS } from '../src/routes/segment-routes.js'
import { READ_ROLES } from '../src/storage/store.js'
import { type Envelope, makeEvent } from './support/events.js'
import { DAY, event } from './support/metric-events.js'
import { request, startTestServer, type TestServer } from './support/test-server.js'
import { STORES } from './support/test-stores.js'

const ids = (page: { members: { customer_id: string }[] }) => page.members.map((m) => m.customer_id)

const PRD = {
  all: [
    { metric: 'ticketing.tickets_total', op: '>=', value: 2 },
    { not: { event: 'order.paid', within: '90d' } },
  ],
}

for (const flavour of STORES) {
  describe.skipIf(flavour.skipReason !== undefined)(`segments API: ${flavour.name}`, () => {
    let server: TestServer
    let admin: string
    let analyst: string
    let otherAdmin: string

    beforeAll(async () => {
      server = await startTestServer(flavour)
      const write = await server.writeKey('co_a')
      admin = await server.readKey('co_a', 'admin')
      analyst = await server.readKey('co_a', 'analyst')
      otherAdmin = await server.readKey('co_b', 'admin')
      const now = Date.now()
      const at = (days: number) => now - days * DAY
      const ticket = (customer: string, id: string, days: number) =>
        event('co_a', 'ticket.created', { at: at(days), customer, attributes: { ticket_id: id } })
      const paid = (customer: string, days: number) =>
        event('co_a', 'order.paid', {
          at: at(days),
          customer,
          attributes: { order_id: `o_${customer}`, paid_amount: 10 },
        })
      const events: Envelope[] = [
        ticket('c1', 't1', 100),
        ticket('c1', 't2', 99),
        ticket('c2', 't3', 100),
        ticket('c2', 't4', 99),
        paid('c2', 10),
        ticket('c3', 't5', 100),
        ticket('c3', 't6', 99),
        paid('c3', 200),
        ticket('c4', 't7', 100),
        ticket('c5', 't8', 100),
        ticket('c5', 't9', 99),
        event('co_a', 'customer.created', {
          at: at(150),
          customer: 'c1',
          attributes: {
            phone: '+6281234567890',
            default_fields: [{ name: 'full_name', value: 'Sari Wulandari' }],
          },
        }),
      ]
      const res = await server.post('/v1/events', { events }, { key: write })
      expect(res.body.results).toEqual(events.map(() => 'accepted'))
      const other = await server.writeKey('co_b')
      const b = [ticket('c9', 'u1', 5), ticket('c9', 'u2', 4)].map((e) => ({ ...e, company_id: 'co_b' }))
      expect((await server.post('/v1/events', { events: b }, { key: other })).body.results).toEqual([
        'accepted',
        'accepted',
      ])
    })
    afterAll(async () => server?.close())

    const del = (path: string, key: string) => request(server.url, 'DELETE', path, undefined, { key })

    it('refuses a filter on a field the role reads masked, as its search does (403, never a match)', async () => {
      const marketing = await server.readKey('co_a', 'marketing')
      const byPhone = { event: 'customer.created', where: { phone: '+6281234567890' } }
      const byName = { attribute: 'full_name', op: '=', value: 'Sari Wulandari' }
      for (const [rule, key, field] of [
        [byPhone, analyst, 'phone'],
        [byName, analyst, 'full_name'],
        [{ not: { any: [PRD, byPhone] } }, marketing, 'phone'],
      ] as const) {
        const res = await server.post('/v1/segments/preview', { rule }, { key })
        expect(res.status, JSON.stringify(rule)).toBe(403)
        expect(res.body.error.message).toContain(`"${field}"`)
        expect(JSON.stringify(res.body)).not.toContain('c1')
      }
      // The admin reads phones in clear, so the same rule is an ordinary filter for it.
      const clear = await server.post('/v1/segments/preview', { rule: byPhone }, { key: admin })
      expect(ids(clear.body)).toEqual(['c1'])
      // Saved by an admin, the segment still cannot be read through by an analyst.
      const saved = await server.post('/v1/segments', { name: 'by phone', rule: byPhone }, { key: admin })
      expect((await server.get(`/v1/segments/${saved.body.id}/members`, analyst)).status).toBe(403)
      expect((await del(`/v1/segments/${saved.body.id}`, admin)).status).toBe(204)
    })

    it('limits a rule with its saved segments inlined: 400 naming the limit, never a 500', async () => {
      const leaves = Array.from({ length: 90 }, () => ({
        metric: 'ticketing.tickets_total',
        op: '>=',
        value: 1,
      }))
      const big = await server.post('/v1/segments', { name: 'big', rule: { any: leaves } }, { key: admin })
      expect(big.status).toBe(201)
      const many = { any: Array.from({ length: 12 }, () => ({ segment: big.body.id })) }
      for (const res of [
        await server.post('/v1/segments/preview', { rule: many }, { key: analyst }),
        await server.post('/v1/segments', { name: 'many', rule: many }, { key: admin }),
      ]) {
        expect(res.status).toBe(400)
        expect(res.body.error.message).toMatch(/inlined it has 1093 nodes.*at most 200/)
      }
      expect((await del(`/v1/segments/${big.body.id}`, admin)).status).toBe(204)
    })

    it('previews the PRD rule: 2+ tickets and no purchase in 90 days', async () => {
      const res = await server.post('/v1/segments/preview', { rule: PRD }, { key: analyst })
      expect(res.status).toBe(200)
      expect(res.body.count).toBe(3)
      expect(ids(res.body)).toEqual(['c1', 'c3', 'c5'])
      expect(res.body.next_cursor).toBeNull()
      // each member is summarized as a GET /v1/customers hit
      const hit = (await server.get('/v1/customers?limit=1', analyst)).body.customers[0]
      expect(res.body.members[0]).toEqual(hit)
      expect(Object.keys(hit).sort()).toEqual(['customer_id', 'display_name', 'identifiers', 'last_event_at'])
      // another company's key sees its own customers only
      const b = await server.post('/v1/segments/preview', { rule: PRD }, { key: otherAdmin })
      expect(b.body.count).toBe(1)
      expect(ids(b.body)).toEqual(['c9'])
    })

    it("masks members' personal values by the key's role, as customer search does", async () => {
      const asAdmin = await server.post('/v1/segments/preview', { rule: PRD }, { key: admin })
      const asAnalyst = await server.post('/v1/segments/preview', { rule: PRD }, { key: analyst })
      expect(asAdmin.body.members[0].display_name).toBe('Sari Wulandari')
      expect(JSON.stringify(asAdmin.body.members[0].identifiers)).toContain('+6281234567890')
      expect(JSON.stringify(asAnalyst.body.members[0])).not.toContain('+6281234567890')
      expect(JSON.stringify(asAnalyst.body.members[0])).not.toContain('Sari')
    })

    it('masks preview and saved-segment members for every role exactly as customer search does', async () => {
      const saved = await server.post('/v1/segments', { name: 'Masked', rule: PRD }, { key: admin })
      expect(saved.status).toBe(201)
      try {
        for (const role of READ_ROLES) {
          const key = await server.readKey('co_a', role)
          const hit = (await server.get('/v1/customers?q=c1', key)).body.customers[0]
          expect(hit.customer_id, role).toBe('c1')
          const preview = await server.post('/v1/segments/preview', { rule: PRD }, { key })
          expect(preview.body.members[0], role).toEqual(hit)
          const members = await server.get(`/v1/segments/${saved.body.id}/members`, key)
          expect(members.body.members[0], role).toEqual(hit)
          const phoneInClear = JSON.stringify(members.body).includes('+6281234567890')
          expect(phoneInClear, role).toBe(role === 'admin' || role === 'service')
          expect(JSON.stringify(members.body).includes('Sari'), role).toBe(role !== 'analyst')
        }
      } finally {
        expect((await del(`/v1/segments/${saved.body.id}`, admin)).status).toBe(204)
      }
    })

    it('pages with a cursor', async () => {
      const first = await server.post('/v1/segments/preview?limit=2', { rule: PRD }, { key: analyst })
      expect(ids(first.body)).toEqual(['c1', 'c3'])
      expect(first.body.count).toBe(3)
      const second = await server.post(
        `/v1/segments/preview?limit=2&cursor=${first.body.next_cursor}`,
        { rule: PRD },
        { key: analyst },
      )
      expect(second.body.count).toBe(3)
      expect(ids(second.body)).toEqual(['c5'])
      expect(second.body.next_cursor).toBeNull()
    })

    it('saves, lists, reads members of and deletes a segment', async () => {
      const created = await server.post('/v1/segments', { name: 'At risk', rule: PRD }, { key: admin })
      expect(created.status).toBe(201)
      expect(created.body).toMatchObject({ name: 'At risk', rule: PRD })
      const id = created.body.id as string
      expect(typeof created.body.created_at).toBe('string')
      const list = await server.get('/v1/segments', analyst)
      expect(list.body.segments.map((s: { id: string }) => s.id)).toEqual([id])
      const members = await server.get(`/v1/segments/${id}/members?limit=2`, analyst)
      expect(members.status).toBe(200)
      expect(members.body.count).toBe(3)
      expect(ids(members.body)).toEqual(['c1', 'c3'])
      const next = await server.get(`/v1/segments/${id}/members?cursor=${members.body.next_cursor}`, analyst)
      expect(ids(next.body)).toEqual(['c5'])
      // a rule can name a saved segment
      const nested = await server.post(
        '/v1/segments/preview',
        { rule: { all: [{ segment: id }, { not: { event: 'order.paid' } }] } },
        { key: analyst },
      )
      expect(ids(nested.body)).toEqual(['c1', 'c5'])
      // another company neither sees nor deletes it
      expect((await server.get(`/v1/segments/${id}/members`, otherAdmin)).status).toBe(404)
      expect((await server.get('/v1/segments', otherAdmin)).body.segments).toEqual([])
      expect((await del(`/v1/segments/${id}`, otherAdmin)).status).toBe(404)
      expect((await del(`/v1/segments/${id}`, analyst)).status).toBe(403)
      // another saved rule names it: 409 until that one goes
      const referrer = await server.post(
        '/v1/segments',
        { name: 'ref', rule: { not: { segment: id } } },
        { key: admin },
      )
      expect(referrer.status).toBe(201)
      const refused = await del(`/v1/segments/${id}`, admin)
      expect(refused.status).toBe(409)
      expect(refused.body.error.details.referenced_by).toEqual([referrer.body.id])
      expect((await del(`/v1/segments/${referrer.body.id}`, admin)).status).toBe(204)
      expect((await del(`/v1/segments/${id}`, admin)).status).toBe(204)
      expect((await server.get(`/v1/segments/${id}/members`, analyst)).status).toBe(404)
    })

    it("filters a company's custom event by fields that share a fact's name, whatever their type or length", async () => {
      // `ticket_id` and `campaign_id` are facts of catalog events (ADR 0120); here they are a long
      // string and a number. Stored as facts, the long id would not fit PostgreSQL's index entry.
      const survey = {
        version: '1-0-0',
        module: 'cdp',
        description: 'A survey answer',
        attributes: {
          type: 'object',
          properties: { ticket_id: { type: 'string' }, campaign_id: { type: 'integer' } },
          additionalProperties: false,
        },
      }
      expect((await server.post('/v1/schemas/survey.answered/versions', survey, { key: admin })).status).toBe(
        201,
      )
      const longId = 't'.repeat(6_000)
      const answer = {
        ...makeEvent('customer.updated', { company: 'co_a' }),
        event_name: 'survey.answered',
        source_module: 'cdp',
        schema_version: '1-0-0',
        qontak_customer_id: 'c4',
        event_attributes: { ticket_id: longId, campaign_id: 5 },
      }
      const write = await server.writeKey('co_a')
      const stored = await server.post('/v1/events', { events: [answer] }, { key: write })
      expect(stored.body.results).toEqual(['accepted'])
      for (const where of [{ campaign_id: 5 }, { campaign_id: '5' }]) {
        const res = await server.post(
          '/v1/segments/preview',
          { rule: { event: 'survey.answered', where } },
          { key: admin },
        )
        expect(res.status, JSON.stringify(res.body)).toBe(200)
        expect(ids(res.body)).toEqual(['c4'])
      }
    })

    it('keeps at most MAX_SAVED_SEGMENTS per company: one more is a 409 naming the limit', async () => {
      const lone = await server.readKey('co_limit', 'admin')
      const rule = { event: 'ticket.created' }
      const ids: string[] = []
      for (let i = 0; i < MAX_SAVED_SEGMENTS; i++) {
        const res = await server.post('/v1/segments', { name: `s${i}`, rule }, { key: lone })
        expect(res.status).toBe(201)
        ids.push(res.body.id)
      }
      const over = await server.post('/v1/segments', { name: 'one more', rule }, { key: lone })
      expect(over.status).toBe(409)
      expect(over.body.error.message).toContain(`has ${MAX_SAVED_SEGMENTS} saved segments`)
      expect(over.body.error.details).toEqual({ limit: MAX_SAVED_SEGMENTS })
      // Another company's count is its own; deleting one frees a place.
      const elsewhere = await server.post('/v1/segments', { name: 'other', rule }, { key: otherAdmin })
      expect(elsewhere.status).toBe(201)
      expect((await del(`/v1/segments/${ids[0]}`, lone)).status).toBe(204)
      expect((await server.post('/v1/segments', { name: 'again', rule }, { key: lone })).status).toBe(201)
      expect((await del(`/v1/segments/${elsewhere.body.id}`, otherAdmin)).status).toBe(204)
    })

    it('saving needs an admin or marketing key; any read key previews; no key is 401', async () => {
      const res = await server.post('/v1/segments', { name: 'x', rule: PRD }, { key: analyst })
      expect(res.status).toBe(403)
      const marketing = await server.readKey('co_a', 'marketing')
      expect((await server.post('/v1/segments', { name: 'm', rule: PRD }, { key: marketing })).status).toBe(
        201,
      )
      expect((await server.post('/v1/segments/preview', { rule: PRD })).status).toBe(401)
    })

    it('an invalid rule is a 400 naming the JSON path of the bad node', async () => {
      const cases: [unknown, string][] = [
        [{ all: [PRD.all[0], { not: { event: 'order.paid', within: '90 days' } }] }, '$.all[1].not.within'],
        [{ any: [{ metric: 'no.such_metric', op: '>', value: 1 }] }, '$.any[0].metric'],
        [{ metric: 'ticketing.tickets_total', op: '~', value: 1 }, '$.op'],
        [{ metric: 'ticketing.tickets_total', op: '>', value: 'two' }, '$.value'],
        [{ event: 'order.paid', count: { op: '>=', value: -1 } }, '$.count.value'],
        [{ event: 'order.paid', where: { paid_amount: { gt: 5 } } }, '$.where.paid_amount'],
        [{ all: [] }, '$.all'],
        [{ not: { attribute: 'city', op: '>', value: 'Jakarta' } }, '$.not.op'],
        [{ nonsense: true }, '$'],
        [{ segment: 'seg_missing' }, '$.segment'],
        ['not an object', '$'],
      ]
      for (const [rule, path] of cases) {
        const res = await server.post('/v1/segments/preview', { rule }, { key: analyst })
        expect(res.status, JSON.stringify(rule)).toBe(400)
        expect(res.body.error.code).toBe('bad_request')
        expect(res.body.error.details.path, JSON.stringify(rule)).toBe(path)
        expect(res.body.error.message).toContain(path)
      }
      const noRule = await server.post('/v1/segments/preview', {}, { key: analyst })
      expect(noRule.status).toBe(400)
      const badName = await server.post('/v1/segments', { name: '', rule: PRD }, { key: admin })
      expect(badName.body.error.details.path).toBe('$.name')
      const badSaved = await server.post('/v1/segments', { name: 'bad', rule: { not: {} } }, { key: admin })
      expect(badSaved.body.error.details.path).toBe('$.not')
      for (const query of ['cursor=garbage', 'limit=0', 'limit=abc', 'page=2']) {
        const res = await server.post(`/v1/segments/preview?${query}`, { rule: PRD }, { key: analyst })
        expect(res.status, query).toBe(400)
      }
    })

    it('documents the routes in /openapi.json', async () => {
      const openapi = (await server.get('/openapi.json')).body
      expect(openapi.paths['/v1/segments/preview'].post).toBeDefined()
      expect(openapi.paths['/v1/segments'].post).toBeDefined()
      expect(openapi.paths['/v1/segments'].get).toBeDefined()
      expect(openapi.paths['/v1/segments/{id}/members'].get).toBeDefined()
      expect(openapi.paths['/v1/segments/{id}'].delete).toBeDefined()
    })
  })
}
