/**
 * The Store contract, run against every backend (SQLite file, PostgreSQL schema).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { InspectableStore } from '../src/index.js'
import { customerEventsInWindow } from '../src/retrieval/customer-events-in-window.js'
import { customerTimeline } from '../src/retrieval/customer-timeline.js'
import { type Envelope, makeEvent, rowOf } from './support/events.js'
import { CONFORMANCE_STORES, type TestDatabase } from './support/test-stores.js'

const now = () => ({ receivedAt: Date.now() })

for (const flavour of CONFORMANCE_STORES) {
  describe.skipIf(flavour.skipReason !== undefined)(`Store conformance: ${flavour.label}`, () => {
    let database: TestDatabase
    let store: InspectableStore

    beforeEach(async () => {
      database = await flavour.create()
      store = await database.open()
    })
    afterEach(async () => {
      await store.close()
      await database.drop()
    })

    it('stores new events once: repeats are duplicates, changed content is a conflict (first write wins)', async () => {
      const a = makeEvent('campaign.sent', { company: 'co_1' })
      const b = makeEvent('campaign.replied', { company: 'co_1' })
      expect((await store.commit([rowOf(a), rowOf(b)], now())).map((o) => o.status)).toEqual([
        'accepted',
        'accepted',
      ])

      const changed = { ...a, trigger_from: 'api' }
      const restamped = { ...b, sent_at: new Date().toISOString() }
      const outcomes = await store.commit([rowOf(a), rowOf(changed), rowOf(restamped)], now())
      expect(outcomes.map((o) => o.status)).toEqual(['duplicate', 'conflict', 'duplicate'])
      expect(await store.countEvents('co_1')).toBe(2)
      expect((await store.getEvent('co_1', a.event_id))?.body.trigger_from).toBe(a.trigger_from)
    })

    it('tells repeats inside one batch apart the same way', async () => {
      const a = makeEvent('campaign.sent', { company: 'co_1' })
      const outcomes = await store.commit([rowOf(a), rowOf(a), rowOf({ ...a, trigger_from: 'x' })], now())
      expect(outcomes.map((o) => o.status)).toEqual(['accepted', 'duplicate', 'conflict'])
      expect(await store.countEvents('co_1')).toBe(1)
    })

    it('keeps the same event id of two companies apart', async () => {
      const a = makeEvent('campaign.sent', { company: 'co_a' })
      const b = { ...a, company_id: 'co_b' }
      expect((await store.commit([rowOf(a), rowOf(b)], now())).map((o) => o.status)).toEqual([
        'accepted',
        'accepted',
      ])
      expect(await store.countEvents('co_a')).toBe(1)
      expect(await store.countEvents('co_b')).toBe(1)
    })

    it('maintains per-customer aggregates exactly at every commit, whatever the arrival order', async () => {
      const times = ['2026-11-20T10:00:00Z', '2026-11-01T10:00:00Z', '2026-11-25T10:00:00Z']
      for (const timestamp of times) {
        await store.commit(
          [rowOf(makeEvent('campaign.sent', { company: 'co_1', customer: 'u1', timestamp }))],
          now(),
        )
      }
      expect(await store.customerAggregates('co_1', 'u1')).toEqual([
        {
          eventName: 'campaign.sent',
          count: 3,
          firstEventTs: Date.parse('2026-11-01T10:00:00Z'),
          lastEventTs: Date.parse('2026-11-25T10:00:00Z'),
        },
      ])
    })

    it('writes an outbox row per new event, and none when told not to (backfill)', async () => {
      const a = makeEvent('campaign.sent', { company: 'co_1' })
      await store.commit([rowOf(a), rowOf(a)], now())
      await store.commit([rowOf(makeEvent('campaign.sent', { company: 'co_1' }))], {
        ...now(),
        outbox: false,
      })
      expect((await store.outbox('co_1')).map((o) => o.eventId)).toEqual([a.event_id])
    })

    it('resolves an event without customer id through identifiers indexed from CDP events', async () => {
      const profile = makeEvent('customer.created', {
        company: 'co_1',
        customer: 'cust_9',
        attributes: { phone: '+62 811 000' },
      })
      await store.commit([rowOf(profile)], now())
      const lead = makeEvent('ad.lead_captured', {
        company: 'co_1',
        customer: null,
        attributes: { phone: '+62811000' },
      })
      const [outcome] = await store.commit([rowOf(lead)], now())
      expect(outcome).toMatchObject({ status: 'accepted', customerId: 'cust_9' })
      expect((await store.getEvent('co_1', lead.event_id))?.customerId).toBe('cust_9')
    })

    it('keeps unresolved events and links them when the identity arrives', async () => {
      const lead = makeEvent('ad.lead_captured', {
        company: 'co_1',
        customer: null,
        attributes: { phone: '+62822' },
      })
      const [first] = await store.commit([rowOf(lead)], now())
      expect(first).toMatchObject({ status: 'accepted', customerId: null })
      expect(await store.countUnresolved('co_1')).toBe(1)

      const profile = makeEvent('customer.created', {
        company: 'co_1',
        customer: 'cust_7',
        attributes: { phone: '+62822' },
      })
      await store.commit([rowOf(profile)], now())
      expect(await store.countUnresolved('co_1')).toBe(0)
      expect((await store.getEvent('co_1', lead.event_id))?.customerId).toBe('cust_7')
      expect((await store.customerAggregates('co_1', 'cust_7')).map((a) => a.eventName)).toEqual([
        'ad.lead_captured',
        'customer.created',
      ])
    })

    it('reports conflicting identities instead of guessing', async () => {
      const one = makeEvent('customer.created', {
        company: 'co_1',
        customer: 'c1',
        attributes: { phone: '+1', email: 'a@x.io' },
      })
      const two = makeEvent('customer.created', {
        company: 'co_1',
        customer: 'c2',
        attributes: { phone: '+2', email: 'b@x.io' },
      })
      await store.commit([rowOf(one), rowOf(two)], now())
      const claim = makeEvent('customer.updated', {
        company: 'co_1',
        customer: 'c3',
        attributes: { phone: '+1' },
      })
      const [claimed] = await store.commit([rowOf(claim)], now())
      expect(claimed?.identityConflicts).toEqual([
        expect.objectContaining({ kind: 'phone', customerId: 'c1', otherCustomerId: 'c3' }),
      ])

      const lead = makeEvent('ad.lead_captured', {
        company: 'co_1',
        customer: null,
        attributes: { phone: '+1', email: 'b@x.io' },
      })
      const [ambiguous] = await store.commit([rowOf(lead)], now())
      expect(ambiguous).toMatchObject({ status: 'accepted', customerId: null })
      expect(ambiguous?.identityConflicts).toHaveLength(1)
    })

    it('keeps API keys hashed, lists them per company and revokes them', async () => {
      const key = await store.createKey({
        id: 'key_1',
        keyHash: 'hash_1',
        companyId: 'co_1',
        type: 'write',
        modules: ['campaign'],
        role: null,
        name: null,
      })
      expect(key).toMatchObject({ id: 'key_1', companyId: 'co_1', modules: ['campaign'], revokedAt: null })
      expect(await store.findKeyByHash('hash_1')).toMatchObject({ id: 'key_1' })
      expect(await store.listKeys('co_2')).toEqual([])
      expect(await store.revokeKey('key_1')).toBe(true)
      expect(await store.revokeKey('key_1')).toBe(false)
      expect((await store.findKeyByHash('hash_1'))?.revokedAt).not.toBeNull()
    })

    it("records a company's SSO id from its first write and answers it from then on", async () => {
      expect(await store.pinCompanySsoId('co_1', 'sso_1')).toBe('sso_1')
      expect(await store.pinCompanySsoId('co_1', 'sso_other')).toBe('sso_1')
      expect(await store.pinCompanySsoId('co_2', 'sso_other')).toBe('sso_other')
    })

    it('keeps registered schemas and everything else across a reopen', async () => {
      await store.saveSchema({
        name: 'x.done',
        module: 'deals',
        version: '1-0-0',
        jsonSchema: { type: 'object' },
        companyId: 'co_1',
      })
      const a = makeEvent('campaign.sent', { company: 'co_1' })
      await store.commit([rowOf(a)], now())
      await store.close()
      store = await database.open()
      expect((await store.listSchemas()).map((s) => `${s.name}@${s.version} ${s.companyId}`)).toEqual([
        'x.done@1-0-0 co_1',
      ])
      expect((await store.commit([rowOf(a)], now()))[0]?.status).toBe('duplicate')
    })

    it('stores events of any month, old or recent', async () => {
      const times = ['1999-12-31T23:00:00Z', '2020-02-29T12:00:00+07:00', new Date().toISOString()]
      const rows = times.map((timestamp) => rowOf(makeEvent('campaign.sent', { company: 'co_1', timestamp })))
      expect((await store.commit(rows, now())).every((o) => o.status === 'accepted')).toBe(true)
      expect(await store.countEvents('co_1')).toBe(3)
    })

    describe('timeline', () => {
      const at = (ms: number) => new Date(Date.parse('2026-11-20T10:00:00.000Z') + ms).toISOString()
      const event = (
        name: string,
        id: string,
        ms: number,
        extra: Parameters<typeof makeEvent>[1] = {},
      ): Envelope => ({
        ...makeEvent(name, { company: 'co_1', customer: 'u1', timestamp: at(ms), ...extra }),
        event_id: id,
      })
      const ids = (events: { eventId: string }[]) => events.map((e) => e.eventId)

      it('lists a customer newest first, ties by event_id in binary order, with the stored body', async () => {
        // Code point order: "B" (0x42) < "_" (0x5f) < "a" (0x61); a locale collation would differ.
        const rows = [
          event('campaign.sent', 'e-a', 5),
          event('campaign.sent', 'e-B', 5),
          event('campaign.sent', 'e-_', 5),
          event('ticket.created', 'old', 1),
          event('deal.created', 'new', 7),
          event('campaign.sent', 'other-customer', 6, { customer: 'u2' }),
          event('campaign.sent', 'other-company', 6, { company: 'co_2' }),
        ]
        await store.commit(rows.map(rowOf), now())
        const timeline = await customerTimeline(store.readSide, {
          companyId: 'co_1',
          customerId: 'u1',
          limit: 10,
        })
        expect(ids(timeline)).toEqual(['new', 'e-a', 'e-_', 'e-B', 'old'])
        const [first] = timeline
        expect(first).toMatchObject({
          eventName: 'deal.created',
          schemaVersion: '1-0-0',
          eventTs: Date.parse(at(7)),
        })
        const { sent_at: _, ...stored } = rows[4]!
        expect(first?.body).toEqual(stored)
        expect(
          ids(await customerTimeline(store.readSide, { companyId: 'co_2', customerId: 'u1', limit: 10 })),
        ).toEqual(['other-company'])
      })

      it('pages with a position: every event once, even with equal timestamps and inserts in between', async () => {
        const rows = Array.from({ length: 23 }, (_, i) =>
          event('campaign.sent', `e${String(i).padStart(2, '0')}`, i % 4),
        )
        await store.commit(rows.map(rowOf), now())
        const seen: string[] = []
        let after: { eventTs: number; eventId: string } | undefined
        for (let page = 0; page < 10; page++) {
          const events = await customerTimeline(store.readSide, {
            companyId: 'co_1',
            customerId: 'u1',
            limit: 5,
            after,
          })
          seen.push(...ids(events))
          if (page === 1) {
            // newer than the position: not on later pages; older: picked up in order
            await store.commit(
              [rowOf(event('campaign.sent', 'late-new', 99)), rowOf(event('campaign.sent', 'late-old', -1))],
              now(),
            )
          }
          if (events.length < 5) break
          after = events.at(-1)
        }
        const expected = [
          ...rows.map((r) => ({ id: r.event_id, ts: Date.parse(r.event_timestamp as string) })),
        ]
        expected.push({ id: 'late-old', ts: Date.parse(at(-1)) })
        expected.sort((a, b) => b.ts - a.ts || (a.id < b.id ? 1 : -1))
        expect(seen).toEqual(expected.map((e) => e.id))
      })

      it('filters by [from, to), modules and events', async () => {
        await store.commit(
          [
            event('campaign.sent', 'c0', 0),
            event('campaign.replied', 'c1', 1000),
            event('ticket.created', 't2', 2000),
            event('deal.created', 'd3', 3000),
            event('ticket.resolved', 't4', 4000),
          ].map(rowOf),
          now(),
        )
        const q = { companyId: 'co_1', customerId: 'u1', limit: 50 }
        const window = { fromTs: Date.parse(at(1000)), toTs: Date.parse(at(4000)) }
        expect(ids(await customerTimeline(store.readSide, { ...q, ...window }))).toEqual(['d3', 't2', 'c1'])
        expect(
          ids(await customerTimeline(store.readSide, { ...q, modules: ['ticketing', 'deals'] })),
        ).toEqual(['t4', 'd3', 't2'])
        expect(
          ids(await customerTimeline(store.readSide, { ...q, events: ['campaign.sent', 'ticket.resolved'] })),
        ).toEqual(['t4', 'c0'])
        expect(
          ids(
            await customerTimeline(store.readSide, {
              ...q,
              ...window,
              modules: ['ticketing'],
              events: ['ticket.created'],
            }),
          ),
        ).toEqual(['t2'])
        expect(await customerTimeline(store.readSide, { ...q, modules: [] })).toEqual([])
      })

      it('includes events linked to the customer later through identity resolution', async () => {
        const lead = makeEvent('ad.lead_captured', {
          company: 'co_1',
          customer: null,
          attributes: { phone: '+62833' },
        })
        await store.commit([rowOf(lead)], now())
        expect(
          await customerTimeline(store.readSide, { companyId: 'co_1', customerId: 'cust_5', limit: 10 }),
        ).toEqual([])
        const profile = makeEvent('customer.created', {
          company: 'co_1',
          customer: 'cust_5',
          attributes: { phone: '+62833' },
          timestamp: new Date(Date.parse(lead.event_timestamp as string) + 1).toISOString(),
        })
        await store.commit([rowOf(profile)], now())
        const timeline = await customerTimeline(store.readSide, {
          companyId: 'co_1',
          customerId: 'cust_5',
          limit: 10,
        })
        expect(ids(timeline)).toEqual([profile.event_id, lead.event_id])
        expect(timeline[1]?.body.qontak_customer_id).toBeUndefined()
      })
    })

    describe('events of one customer in [from, to)', () => {
      const at = (ms: number) => new Date(Date.parse('2026-11-20T10:00:00.000Z') + ms).toISOString()
      const event = (name: string, id: string, ms: number, customer = 'u1', company = 'co_1'): Envelope => ({
        ...makeEvent(name, { company, customer, timestamp: at(ms) }),
        event_id: id,
      })

      it('lists them oldest first, ties by event_id in binary order, bounds inclusive then exclusive', async () => {
        // Two commits, so on SQLite the first may be folded and the second in the tail.
        await store.commit(
          [
            event('campaign.sent', 'a', 0),
            event('campaign.sent', 'e-a', 5),
            event('deal.created', 'late', 9),
          ].map(rowOf),
          now(),
        )
        await store.commit(
          [
            event('campaign.sent', 'e-B', 5),
            event('ticket.created', 'e-_', 5),
            event('campaign.sent', 'z', 10),
            event('campaign.sent', 'other-customer', 6, 'u2'),
            event('campaign.sent', 'other-company', 6, 'u1', 'co_2'),
          ].map(rowOf),
          now(),
        )
        const window = {
          companyId: 'co_1',
          customerId: 'u1',
          fromTs: Date.parse(at(5)),
          toTs: Date.parse(at(10)),
        }
        const events = await customerEventsInWindow(store.readSide, window)
        expect(events.map((e) => e.eventId)).toEqual(['e-B', 'e-_', 'e-a', 'late'])
        expect(events[0]).toMatchObject({ eventName: 'campaign.sent', eventTs: Date.parse(at(5)) })
        expect(events[0]!.body.event_id).toBe('e-B')
        expect(
          (await customerEventsInWindow(store.readSide, { ...window, events: ['ticket.created'] })).map(
            (e) => e.eventId,
          ),
        ).toEqual(['e-_'])
        expect(await customerEventsInWindow(store.readSide, { ...window, events: [] })).toEqual([])
        expect(
          (await customerEventsInWindow(store.readSide, { companyId: 'co_1', customerId: 'u1' })).map(
            (e) => e.eventId,
          ),
        ).toEqual(['a', 'e-B', 'e-_', 'e-a', 'late', 'z'])
      })
    })
  })
}
