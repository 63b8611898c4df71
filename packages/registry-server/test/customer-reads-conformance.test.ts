/**
 * The company feed, customer search, profile and memory reads, run against every store set-up (SQLite
 * never folded, folded after every commit, the default; PostgreSQL) with answers worked out by
 * hand: both stores answer each read identically, whatever part of SQLite holds the events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../src/index.js'
import { maskEvent } from '../src/query/mask-event.js'
import { companyEvents } from '../src/retrieval/company-events.js'
import { customerProfile } from '../src/retrieval/customer-profile.js'
import { searchCustomers } from '../src/retrieval/customer-search.js'
import { customerMemory } from '../src/retrieval/memory/customer-memory.js'
import { DEFAULT_METRIC_OPTIONS } from '../src/retrieval/metrics/metric-engine.js'
import { type Envelope, makeEvent, rowOf } from './support/events.js'
import { CONFORMANCE_STORES, type TestDatabase } from './support/test-stores.js'

const at = (minutes: number) => new Date(Date.parse('2026-07-01T00:00:00Z') + minutes * 60_000).toISOString()
const ms = (minutes: number) => Date.parse(at(minutes))

const withAttributes = (e: Envelope, attributes: Record<string, unknown>, eventId?: string) => {
  e.event_attributes = attributes
  if (eventId) e.event_id = eventId
  return e
}

const events = {
  ana: withAttributes(makeEvent('customer.created', { company: 'co_1', customer: 'ana', timestamp: at(0) }), {
    default_fields: [
      { name: 'full_name', value: 'ÉLODIE Ünal Ana' },
      { name: 'zip', value: 12345 },
      { name: 'note', value: 'Say "hi" \\ back' },
    ],
    custom_fields: [{ name: 'vip', value: true }],
    phone: '+6281200000001',
  }),
  anaUpdate: withAttributes(
    makeEvent('customer.updated', { company: 'co_1', customer: 'ana', timestamp: at(1) }),
    { change_fields: [{ name: 'vip', old_value: true, new_value: 'gold' }] },
  ),
  anabel: makeEvent('ticket.created', { company: 'co_1', customer: 'anabel', timestamp: at(2) }),
  // Same timestamp, ids that sort differently in binary and in a linguistic collation.
  tieUpper: withAttributes(
    makeEvent('segment.exited', { company: 'co_1', customer: 'anabel', timestamp: at(3) }),
    { segment_id: 's1', segment_name: 'S1' },
    'tie-B',
  ),
  tieLower: withAttributes(
    makeEvent('segment.entered', { company: 'co_1', customer: 'anabel', timestamp: at(3) }),
    { segment_id: 's1', segment_name: 'S1' },
    'tie-a',
  ),
  spend: makeEvent('ad.spend_recorded', { company: 'co_1', timestamp: at(3) }),
  lead: withAttributes(makeEvent('ad.lead_captured', { company: 'co_1', customer: null, timestamp: at(4) }), {
    ad_platform: 'meta',
    campaign_id: 'c1',
    phone: '+6281200000099',
  }),
  other: makeEvent('deal.created', { company: 'co_2', customer: 'ana', timestamp: at(5) }),
}

for (const flavour of CONFORMANCE_STORES) {
  describe.skipIf(flavour.skipReason !== undefined)(`customer reads: ${flavour.label}`, () => {
    let database: TestDatabase
    let store: Store

    beforeAll(async () => {
      database = await flavour.create()
      store = await database.open()
      // In several commits, so a SQLite fold may split them between folded rows and the tail.
      const { ana, anaUpdate, anabel, tieUpper, tieLower, spend, lead, other } = events
      for (const batch of [[ana, other], [anaUpdate, anabel], [tieUpper, tieLower, spend], [lead]]) {
        const outcomes = await store.commit(batch.map(rowOf), { receivedAt: Date.now() })
        expect(outcomes.map((o) => o.status)).toEqual(batch.map(() => 'accepted'))
      }
    })
    afterAll(async () => {
      await store?.close()
      await database?.drop()
    })

    it('feed: every event of the company, newest first, ties by event_id in binary order', async () => {
      const feed = await companyEvents(store.readSide, { companyId: 'co_1', limit: 100 })
      const { ana, anaUpdate, anabel, tieUpper, tieLower, spend, lead } = events
      const tied = [tieLower, tieUpper, spend].sort((a, b) => (a.event_id < b.event_id ? 1 : -1))
      expect(feed.map((e) => e.eventId)).toEqual(
        [lead, ...tied, anabel, anaUpdate, ana].map((e) => e.event_id),
      )
      expect(feed.find((e) => e.eventId === lead.event_id)?.customerId).toBeNull()
      expect(feed.find((e) => e.eventId === ana.event_id)?.body).toEqual(ana)
      const afterTie = await companyEvents(store.readSide, {
        companyId: 'co_1',
        limit: 100,
        after: { eventTs: ms(3), eventId: 'tie-a' },
        toTs: ms(4),
        modules: ['cdp', 'ticketing'],
      })
      expect(afterTie.map((e) => e.eventId)).toEqual([
        'tie-B',
        anabel.event_id,
        anaUpdate.event_id,
        ana.event_id,
      ])
    })

    it('search: id prefix in binary order, identifiers, ASCII-only case folding, string values only', async () => {
      const find = (text: string, attributes: 'all' | 'none' | string[] = 'all', identifiers: any[] = []) =>
        searchCustomers(store.readSide, {
          companyId: 'co_1',
          text: { value: text, identifiers, attributes },
          limit: 10,
        })
      expect(await find('ana')).toEqual(['ana', 'anabel'])
      expect(await find('ANA')).toEqual(['ana'])
      expect(await find('anab')).toEqual(['anabel'])
      expect(await find('élodie')).toEqual([])
      expect(await find('ÉLODIE')).toEqual(['ana'])
      // Only A–Z fold: 'Ü' stays 'Ü' on both stores.
      expect(await find('lodie ünal')).toEqual([])
      expect(await find('LODIE ÜNAL')).toEqual(['ana'])
      expect(await find('12345')).toEqual([])
      // Characters JSON escapes in the stored text are found in the value as written.
      expect(await find('"HI"')).toEqual(['ana'])
      expect(await find('y "hi" \\ b')).toEqual(['ana'])
      expect(await find('y "hi" \\\\ b')).toEqual([])
      expect(await find('GOLD')).toEqual(['ana'])
      expect(await find('gold', ['full_name'])).toEqual([])
      expect(await find('unal ana', ['full_name'])).toEqual([])
      expect(await find(' ana', ['full_name'])).toEqual(['ana'])
      expect(await find('x', 'none', [{ kind: 'phone', value: '+6281200000001' }])).toEqual(['ana'])
      expect(await find('x', 'none', [{ kind: 'phone', value: '+6281200000099' }])).toEqual([])
      expect(await searchCustomers(store.readSide, { companyId: 'co_1', limit: 10 })).toEqual([
        'ana',
        'anabel',
      ])
      expect(await searchCustomers(store.readSide, { companyId: 'co_1', limit: 1, after: 'ana' })).toEqual([
        'anabel',
      ])
      expect(await searchCustomers(store.readSide, { companyId: 'co_2', limit: 10 })).toEqual(['ana'])
    })

    it('search: segment members by the latest membership event, ties by event_id in binary order', async () => {
      const members = (segmentId: string) =>
        searchCustomers(store.readSide, { companyId: 'co_1', segmentId, limit: 10 })
      // 'tie-a' > 'tie-B' in binary order: segment.entered is the later event.
      expect(await members('s1')).toEqual(['anabel'])
      expect(await members('s2')).toEqual([])
    })

    it('profile: folded state, activity and identifiers', async () => {
      const profile = await customerProfile(store.readSide, 'co_1', 'ana')
      expect(profile).toMatchObject({
        customerId: 'ana',
        identifiers: [{ kind: 'phone', value: '+6281200000001' }],
        activity: { firstSeenTs: ms(0), lastSeenTs: ms(1), eventsTotal: 2 },
        segments: [],
        loyalty: { member: false, tier: null, availablePoints: null, programs: [] },
      })
      expect(Object.fromEntries(profile!.attributes.defaultFields)).toEqual({
        full_name: 'ÉLODIE Ünal Ana',
        zip: 12345,
        note: 'Say "hi" \\ back',
      })
      expect(Object.fromEntries(profile!.attributes.customFields)).toEqual({ vip: 'gold' })
      expect([...profile!.activity.modules]).toEqual([['cdp', { events: 2, firstTs: ms(0), lastTs: ms(1) }]])
      const anabel = await customerProfile(store.readSide, 'co_1', 'anabel')
      expect(anabel?.segments).toEqual([{ segmentId: 's1', segmentName: 'S1', sinceTs: ms(3) }])
      expect(await customerProfile(store.readSide, 'co_1', 'nobody')).toBeUndefined()
      expect(await customerProfile(store.readSide, 'co_2', 'anabel')).toBeUndefined()
    })

    it('memory: the same text and parts on every store, as of an instant', async () => {
      const memory = (customerId: string, asOf: number, companyId = 'co_1') =>
        customerMemory(
          store.readSide,
          { companyId, customerId, role: 'admin', asOf, maxChars: 2_000 },
          DEFAULT_METRIC_OPTIONS,
          async (page, role) => page.map((e) => maskEvent(e.body, undefined, role)),
        )
      const ana = await memory('ana', ms(60))
      expect(ana?.text).toBe(
        [
          'Customer ana "ÉLODIE Ünal Ana": first seen 2026-07-01, last seen 2026-07-01, 2 events (as of 2026-07-01T01:00:00.000Z)',
          'Risk: health 52.5/100',
          'Churn-risk factors: Days since last engagement (-20 pts); Loyalty tier (-10 pts)',
          'Identifiers: phone +6281200000001',
          'Attributes: full_name=ÉLODIE Ünal Ana; zip=12345; note=Say "hi" \\ back; vip=gold',
          'Recent events:',
          '2026-07-01 00:01 customer.updated',
          '2026-07-01 00:00 customer.created',
        ].join('\n'),
      )
      expect(ana?.parts.attributes).toEqual({
        default_fields: { full_name: 'ÉLODIE Ünal Ana', zip: 12345, note: 'Say "hi" \\ back' },
        custom_fields: { vip: 'gold' },
      })
      // as_of includes the event at that instant and nothing later.
      const before = await memory('ana', ms(0))
      expect(before?.parts.identity).toMatchObject({ events_total: 1, last_seen: at(0) })
      expect(before?.parts.attributes.custom_fields).toEqual({ vip: true })
      const anabel = await memory('anabel', ms(60))
      expect(anabel?.text).toBe(
        [
          'Customer anabel: first seen 2026-07-01, last seen 2026-07-01, 3 events (as of 2026-07-01T01:00:00.000Z)',
          'Risk: health 48.5/100; open tickets 1 (#tkt_88231)',
          'Churn-risk factors: Days since last engagement (-20 pts); Loyalty tier (-10 pts)',
          'Segments: S1 (since 2026-07-01)',
          'Metrics ticketing: tickets_total 1',
          'Recent events:',
          '2026-07-01 00:03 segment.entered #s1',
          '2026-07-01 00:03 segment.exited #s1',
          '2026-07-01 00:02 ticket.created #tkt_88231',
        ].join('\n'),
      )
      expect(await memory('ana', ms(60), 'co_3')).toBeUndefined()
    })
  })
}
