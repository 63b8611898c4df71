/**
 * The fold (ADR 0106) changes where SQLite keeps per-customer data, never what a read returns.
 * Property: any history of commits — late and out-of-order timestamps, repeats, unresolved leads
 * linked later — read from a store folding at random points gives exactly the timelines and
 * aggregates of a store that never folds, before and after a reopen.
 */
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { customerTimeline } from '../src/retrieval/customer-timeline.js'
import type { EventRow, InspectableStore, TimelineEvent } from '../src/storage/store.js'
import { makeEvent, rowOf } from './support/events.js'
import { STORES, type TestDatabase } from './support/test-stores.js'

const sqlite = STORES.find((s) => s.name === 'sqlite')!
const NEVER = Number.POSITIVE_INFINITY
const CUSTOMERS = ['c1', 'c2', 'c3']
const PHONES = ['+6281001', '+6281002']
const BASE_TS = Date.parse('2026-11-01T00:00:00Z')

/** One step of a history: an event about a customer, a lead known by phone only, or its profile. */
const step = fc.oneof(
  fc.record({
    kind: fc.constant('event' as const),
    name: fc.constantFrom('campaign.sent', 'ticket.created', 'order.created'),
    customer: fc.constantFrom(...CUSTOMERS),
    minutes: fc.integer({ min: 0, max: 30 }),
  }),
  fc.record({
    kind: fc.constant('lead' as const),
    phone: fc.constantFrom(...PHONES),
    minutes: fc.integer({ min: 0, max: 30 }),
  }),
  fc.record({
    kind: fc.constant('profile' as const),
    phone: fc.constantFrom(...PHONES),
    customer: fc.constantFrom(...CUSTOMERS),
    minutes: fc.integer({ min: 0, max: 30 }),
  }),
)

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never

function rowFor(s: Step): EventRow {
  const timestamp = new Date(BASE_TS + s.minutes * 60_000).toISOString()
  if (s.kind === 'event')
    return rowOf(makeEvent(s.name, { company: 'co_f', customer: s.customer, timestamp }))
  if (s.kind === 'lead')
    return rowOf(
      makeEvent('ad.lead_captured', {
        company: 'co_f',
        customer: null,
        attributes: { phone: s.phone },
        timestamp,
      }),
    )
  return rowOf(
    makeEvent('customer.created', {
      company: 'co_f',
      customer: s.customer,
      attributes: { phone: s.phone },
      timestamp,
    }),
  )
}

/** Every page of a customer's timeline, pages of 3 so paging crosses the folded/unfolded split. */
async function wholeTimeline(store: InspectableStore, customerId: string): Promise<TimelineEvent[]> {
  const all: TimelineEvent[] = []
  for (;;) {
    const last = all.at(-1)
    const page = await customerTimeline(store.readSide, {
      companyId: 'co_f',
      customerId,
      limit: 3,
      ...(last && { after: { eventTs: last.eventTs, eventId: last.eventId } }),
    })
    all.push(...page)
    if (page.length < 3) return all
  }
}

async function customerView(store: InspectableStore) {
  const view: Record<string, unknown> = {}
  for (const customer of CUSTOMERS) {
    view[customer] = {
      timeline: (await wholeTimeline(store, customer)).map((e) => e.eventId),
      aggregates: await store.customerAggregates('co_f', customer),
    }
  }
  return view
}

describe('SQLite fold: reads are the same whenever the fold runs', () => {
  const databases: TestDatabase[] = []
  afterAll(async () => {
    for (const d of databases) await d.drop()
  })

  it('matches a never-folding store for any history and fold point', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(step, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 12 }),
        fc.boolean(),
        async (batches, foldAfter, repeatFirst) => {
          const [plain, folding] = await Promise.all([sqlite.create(), sqlite.create()])
          databases.push(plain, folding)
          const reference = await plain.open({
            fold: { busyAfterEvents: NEVER, intervalMs: NEVER, smallFoldEvents: 0 },
          })
          let store = await folding.open({
            fold: { busyAfterEvents: foldAfter, intervalMs: NEVER, smallFoldEvents: 0 },
            writerThread: false,
          })
          try {
            const rows = batches.map((batch) => batch.map(rowFor))
            // A repeat of an early event arriving later: a duplicate, never counted twice.
            if (repeatFirst && rows.length > 1) rows.at(-1)!.push(rows[0]![0]!)
            for (const batch of rows) {
              const expected = await reference.commit(batch, { receivedAt: Date.now() })
              const actual = await store.commit(batch, { receivedAt: Date.now() })
              expect(actual).toEqual(expected)
            }
            const expected = await customerView(reference)
            expect(await customerView(store)).toEqual(expected)
            // Reopened (as after a crash) with a tail left unfolded: the next commit folds it all.
            await store.close()
            store = await folding.open({
              fold: { busyAfterEvents: 1, intervalMs: NEVER, smallFoldEvents: 0 },
              writerThread: false,
            })
            await store.commit([rowOf(makeEvent('campaign.sent', { company: 'co_f', customer: 'other' }))], {
              receivedAt: Date.now(),
            })
            expect(await customerView(store)).toEqual(expected)
          } finally {
            await reference.close()
            await store.close()
          }
        },
      ),
      { numRuns: 25 },
    )
  }, 120_000)
})
