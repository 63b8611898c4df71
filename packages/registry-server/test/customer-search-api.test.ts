/**
 * GET /v1/customers — finding customers — over real HTTP on every store: by id prefix, by an
 * identifier written any way the resolver normalizes, by text inside attribute values (ASCII
 * case-insensitive, historic values included), by segment membership; paging stable under
 * concurrent inserts; what each role may search and see; tenant isolation; errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Envelope, makeEvent } from './support/events.js'
import { startTestServer, type TestServer } from './support/test-server.js'
import { STORES } from './support/test-stores.js'

const at = (minutes: number) => new Date(Date.parse('2026-08-01T00:00:00Z') + minutes * 60_000).toISOString()
const ROLES = ['admin', 'service', 'ai_agent', 'marketing', 'analyst'] as const

const created = (
  customer: string,
  m: number,
  fields: { name?: string; city?: string; outlet?: string; phone?: string; email?: string },
  company = 'co_a',
): Envelope => {
  const e = makeEvent('customer.created', { company, customer, timestamp: at(m) })
  e.event_attributes = {
    default_fields: [
      ...(fields.name ? [{ name: 'full_name', value: fields.name }] : []),
      ...(fields.city ? [{ name: 'city', value: fields.city }] : []),
    ],
    ...(fields.outlet && { custom_fields: [{ name: 'preferred_outlet', value: fields.outlet }] }),
    ...(fields.phone && { phone: fields.phone }),
    ...(fields.email && { email: fields.email }),
  }
  return e
}
const segment = (name: 'segment.entered' | 'segment.exited', customer: string, m: number, id: string) => {
  const e = makeEvent(name, { company: 'co_a', customer, timestamp: at(m) })
  e.event_attributes = { segment_id: id, segment_name: id }
  return e
}

for (const flavour of STORES) {
  describe.skipIf(flavour.skipReason !== undefined)(`GET /v1/customers: ${flavour.name}`, () => {
    let server: TestServer
    let writeA: string
    let keys: Record<(typeof ROLES)[number], string>

    const ingest = async (events: Envelope[], key = writeA) => {
      const res = await server.post('/v1/events', { events }, { key })
      expect(res.body.results).toEqual(events.map(() => 'accepted'))
    }
    const search = (query: string, key = keys.admin) => server.get(`/v1/customers${query}`, key)
    const found = async (query: string, key = keys.admin) => {
      const res = await search(query, key)
      expect(res.status, query).toBe(200)
      return res.body.customers.map((c: { customer_id: string }) => c.customer_id)
    }

    beforeAll(async () => {
      server = await startTestServer(flavour)
      writeA = await server.writeKey('co_a')
      keys = Object.fromEntries(
        await Promise.all(ROLES.map(async (role) => [role, await server.readKey('co_a', role)])),
      ) as typeof keys
      const update = makeEvent('customer.updated', {
        company: 'co_a',
        customer: 'cust_sari',
        timestamp: at(5),
      })
      update.event_attributes = {
        change_fields: [{ name: 'city', old_value: 'Bandung', new_value: 'Jakarta Selatan' }],
      }
      await ingest([
        created('cust_sari', 0, {
          name: 'Sari Wulandari',
          city: 'Bandung',
          outlet: 'outlet_bdg_dago',
          phone: '+6281234567890',
          email: 'Sari.Wulandari@Example.co.id',
        }),
        update,
        created('cust_budi', 1, { name: 'Budi Santoso', city: 'Surabaya', phone: '+6281111111111' }),
        created('cust_wulan', 2, { name: 'Wulan Sari', city: 'Medan' }),
        makeEvent('deal.created', { company: 'co_a', customer: 'other_1', timestamp: at(3) }),
        makeEvent('ad.spend_recorded', { company: 'co_a', timestamp: at(3) }),
        segment('segment.entered', 'cust_sari', 0, 'seg_vip'),
        segment('segment.entered', 'cust_budi', 0, 'seg_vip'),
        segment('segment.exited', 'cust_budi', 4, 'seg_vip'),
        segment('segment.entered', 'other_1', 4, 'seg_vip'),
        segment('segment.entered', 'cust_wulan', 4, 'seg_new'),
      ])
    })
    afterAll(async () => server?.close())

    it('answers a short summary of each hit, in customer id order', async () => {
      const res = await search('?q=cust_sari')
      expect(res.status).toBe(200)
      expect(res.body).toEqual({
        customers: [
          {
            customer_id: 'cust_sari',
            display_name: 'Sari Wulandari',
            identifiers: [
              { kind: 'email', value: 'sari.wulandari@example.co.id' },
              { kind: 'phone', value: '+6281234567890' },
            ],
            last_event_at: at(5),
          },
        ],
        next_cursor: null,
      })
    })

    it('finds by customer id prefix, identifier and attribute text; lists everyone without q', async () => {
      expect(await found('?q=cust_')).toEqual(['cust_budi', 'cust_sari', 'cust_wulan'])
      expect(await found('?q=Cust_')).toEqual([])
      // Phones and emails written any way the resolver normalizes them.
      expect(await found(`?q=${encodeURIComponent('+62 812-3456-7890')}`)).toEqual(['cust_sari'])
      expect(await found('?q=SARI.WULANDARI%40EXAMPLE.CO.ID')).toEqual(['cust_sari'])
      // Text inside names (ASCII case-insensitive), in custom fields and in values set earlier.
      expect(await found('?q=SARI')).toEqual(['cust_sari', 'cust_wulan'])
      expect(await found('?q=outlet_bdg')).toEqual(['cust_sari'])
      expect(await found('?q=bandung')).toEqual(['cust_sari'])
      expect(await found('?q=jakarta%20selatan')).toEqual(['cust_sari'])
      expect(await found('?q=nobody')).toEqual([])
      // Customers are who has events: company-scoped events make none.
      expect(await found('')).toEqual(['cust_budi', 'cust_sari', 'cust_wulan', 'other_1'])
    })

    it('keeps to current members of a segment: the latest membership event is segment.entered', async () => {
      expect(await found('?segment=seg_vip')).toEqual(['cust_sari', 'other_1'])
      expect(await found('?segment=seg_vip&q=cust')).toEqual(['cust_sari'])
      expect(await found('?segment=seg_new&q=sari')).toEqual(['cust_wulan'])
      expect(await found('?segment=seg_none')).toEqual([])
    })

    it('walks every hit once across pages, customers added meanwhile included once', async () => {
      const batch = Array.from({ length: 7 }, (_, i) =>
        makeEvent('ticket.created', { company: 'co_a', customer: `page_${i * 2}`, timestamp: at(10) }),
      )
      await ingest(batch)
      const seen: string[] = []
      let cursor: string | null = null
      let pages = 0
      do {
        const res = await search(`?q=page_&limit=3${cursor ? `&cursor=${cursor}` : ''}`)
        expect(res.status).toBe(200)
        seen.push(...res.body.customers.map((c: { customer_id: string }) => c.customer_id))
        cursor = res.body.next_cursor
        if (pages === 0) {
          // One customer sorts before the cursor (not shown now), one after (shown once).
          await ingest([
            makeEvent('ticket.created', { company: 'co_a', customer: 'page_1', timestamp: at(11) }),
            makeEvent('ticket.created', { company: 'co_a', customer: 'page_9', timestamp: at(11) }),
          ])
        }
        pages++
      } while (cursor !== null && pages < 10)
      expect(seen).toEqual(['page_0', 'page_10', 'page_12', 'page_2', 'page_4', 'page_6', 'page_8', 'page_9'])
      expect(pages).toBe(3)
    })

    describe('by role: a search never answers what the role cannot read', () => {
      const asRole = async (role: (typeof ROLES)[number], q: string) =>
        found(`?q=${encodeURIComponent(q)}`, keys[role])
      const expected: Record<string, Record<(typeof ROLES)[number], string[]>> = {
        // An identifier the role sees at least partly can be looked up exactly.
        '+6281234567890': {
          admin: ['cust_sari'],
          service: ['cust_sari'],
          ai_agent: ['cust_sari'],
          marketing: ['cust_sari'],
          analyst: [],
        },
        // Names are read in clear by every role but analyst.
        wulan: {
          admin: ['cust_sari', 'cust_wulan'],
          service: ['cust_sari', 'cust_wulan'],
          ai_agent: ['cust_sari', 'cust_wulan'],
          marketing: ['cust_sari', 'cust_wulan'],
          analyst: [],
        },
        // Other attribute values are custom values: admin only.
        surabaya: { admin: ['cust_budi'], service: [], ai_agent: [], marketing: [], analyst: [] },
        outlet_bdg: { admin: ['cust_sari'], service: [], ai_agent: [], marketing: [], analyst: [] },
        // Customer ids are no personal data.
        cust_b: {
          admin: ['cust_budi'],
          service: ['cust_budi'],
          ai_agent: ['cust_budi'],
          marketing: ['cust_budi'],
          analyst: ['cust_budi'],
        },
      }
      for (const [q, byRole] of Object.entries(expected)) {
        it(`q=${q}`, async () => {
          for (const role of ROLES) expect(await asRole(role, q), role).toEqual(byRole[role])
        })
      }

      it('masks each hit by role', async () => {
        const hits = Object.fromEntries(
          await Promise.all(
            ROLES.map(async (role) => [role, (await search('?q=cust_sari', keys[role])).body.customers[0]]),
          ),
        )
        expect(hits.service.identifiers).toEqual(hits.admin.identifiers)
        expect(hits.service.display_name).toBe('Sari Wulandari')
        for (const role of ['ai_agent', 'marketing']) {
          expect(hits[role].display_name).toBe('Sari Wulandari')
          expect(hits[role].identifiers).toEqual([
            { kind: 'email', value: '***@example.co.id' },
            { kind: 'phone', value: '***7890' },
          ])
        }
        expect(hits.analyst).toEqual({
          customer_id: 'cust_sari',
          display_name: '***',
          identifiers: [
            { kind: 'email', value: '***' },
            { kind: 'phone', value: '***' },
          ],
          last_event_at: at(5),
        })
      })
    })

    describe('tenant isolation', () => {
      it("a read key of company A never finds company B's customers, nor B's data about a shared id", async () => {
        const writeB = await server.writeKey('co_b')
        await ingest(
          [
            created('cust_sari', 50, { name: 'Other Person', phone: '+6289999999999' }, 'co_b'),
            created('b_only', 50, { name: 'Wulandari B', city: 'Bandung', phone: '+6281234567891' }, 'co_b'),
          ],
          writeB,
        )
        for (const role of ROLES) {
          for (const q of ['b_only', 'other person', '+6289999999999', '+6281234567891', 'wulandari b']) {
            expect(await found(`?q=${encodeURIComponent(q)}`, keys[role]), `${role} ${q}`).toEqual([])
          }
        }
        const [sari] = (await search('?q=cust_sari')).body.customers
        expect(sari.display_name).toBe('Sari Wulandari')
        expect(sari.last_event_at).toBe(at(5))
        const asB = await server.readKey('co_b', 'admin')
        expect(await found('', asB)).toEqual(['b_only', 'cust_sari'])
        expect((await search('?q=cust_sari', asB)).body.customers[0].display_name).toBe('Other Person')
      })
    })

    describe('errors', () => {
      it('401 without a valid key, 403 for a write key, before the parameters', async () => {
        expect((await search('?limit=0', '')).status).toBe(401)
        expect((await search('', 'cebe_r_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(401)
        const write = await search('?limit=0', writeA)
        expect(write.status).toBe(403)
        expect(write.body.error.message).toBe('this endpoint needs a read key; this is a write key')
      })

      it('400 naming the parameter and the value at fault', async () => {
        const cases: [string, string, RegExp][] = [
          ['?q=', 'q', /q must be 1–256 characters/],
          ['?q=%20%20', 'q', /q must be 1–256 characters/],
          [`?q=${'x'.repeat(257)}`, 'q', /q must be 1–256 characters/],
          ['?q=a&q=b', 'q', /give q once/],
          ['?segment=', 'segment', /segment must be a segment id/],
          [`?segment=${'s'.repeat(129)}`, 'segment', /segment must be a segment id/],
          ['?limit=0', 'limit', /limit must be an integer from 1 to 100; got "0"/],
          ['?limit=101', 'limit', /limit must be an integer from 1 to 100/],
          ['?limit=ten', 'limit', /limit must be an integer/],
          ['?cursor=%%%', 'cursor', /cursor is not a cursor this server issued/],
          [`?cursor=${Buffer.from('[1,2]').toString('base64url')}`, 'cursor', /cursor is not a cursor/],
          [`?cursor=${Buffer.from('["x"]').toString('base64url')}x`, 'cursor', /cursor is not a cursor/],
          ['?name=sari', 'name', /unknown query parameter "name"/],
          // PostgreSQL text cannot hold U+0000: refused before any query, on every store.
          ['?q=a%00b', 'q', /none of them U\+0000/],
          ['?segment=%00', 'segment', /none of them U\+0000/],
          [
            `?cursor=${Buffer.from(JSON.stringify(['a\u0000'])).toString('base64url')}`,
            'cursor',
            /cursor is not/,
          ],
        ]
        for (const [query, parameter, message] of cases) {
          const res = await search(query)
          expect(res.status, query).toBe(400)
          expect(res.body.error.code).toBe('bad_request')
          expect(res.body.error.message, query).toMatch(message)
          expect(res.body.error.details.parameter, query).toBe(parameter)
        }
      })
    })

    it('is in the OpenAPI document with its parameters and response', async () => {
      const doc = (await server.get('/openapi.json')).body
      const operation = doc.paths['/v1/customers'].get
      expect(operation.security).toEqual([{ bearerAuth: [] }])
      const names = operation.parameters.map((p: any) => `${p.in}:${p.name}`).sort()
      expect(names).toEqual(['query:cursor', 'query:limit', 'query:q', 'query:segment'])
      const ok = operation.responses['200'].content['application/json'].schema
      expect(ok.required).toEqual(['customers', 'next_cursor'])
    })
  })
}
