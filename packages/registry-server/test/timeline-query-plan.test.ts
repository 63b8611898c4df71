/**
 * The SQLite timeline reads through keys only (ADR 0105, ADR 0106): the folded part searches
 * `customer_timeline` by its key and fetches each event by `seq`; the unfolded tail is a `seq`
 * range. Checked with EXPLAIN QUERY PLAN on the exact SQL the store sends, with and without
 * every option — a plan that scans a table fails. Company-wide metric reads go through
 * `events_company_window` (ADR 0113), which covers their columns (ADR 0120).
 */
import type BetterSqlite3 from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { timelineQuery } from '../src/retrieval/customer-timeline.js'
import { MetricQuery } from '../src/retrieval/metrics/metric-scope.js'
import { sqliteReadSide } from '../src/storage/sqlite/sqlite-read-side.js'
import type { TimelineQuery } from '../src/storage/store.js'
import { makeEvent, rowOf } from './support/events.js'
import { analyzedSqlite, type PlannedSqlite, sqlitePlan } from './support/query-plans.js'

describe('timeline query plan: sqlite', () => {
  let planned: PlannedSqlite
  let db: BetterSqlite3.Database

  beforeAll(async () => {
    const rows = Array.from({ length: 200 }, (_, i) =>
      rowOf(makeEvent('campaign.sent', { company: `co_${i % 4}`, customer: `u${i % 20}` })),
    )
    // Written inline (the writer thread would fold the rest on close): 150 folded, 50 above.
    planned = await analyzedSqlite([rows.slice(0, 150), rows.slice(150)], {
      fold: { busyAfterEvents: 100, intervalMs: Number.POSITIVE_INFINITY, smallFoldEvents: 0 },
    })
    db = planned.db
  })
  afterAll(async () => planned?.close())

  const base: TimelineQuery = { companyId: 'co_1', customerId: 'u1', limit: 51 }
  const everyOption: TimelineQuery = {
    ...base,
    fromTs: 0,
    toTs: Date.now(),
    modules: ['campaign'],
    events: ['campaign.sent'],
    after: { eventTs: Date.now(), eventId: 'x' },
  }

  it.each([
    ['no options', base],
    ['every option', everyOption],
  ])('searches customer_timeline by key and the tail by seq (%s)', (_, query) => {
    const plan = sqlitePlan(db, timelineQuery(sqliteReadSide(db), query).compile())
    expect(plan.some((d) => /^SEARCH t USING PRIMARY KEY \(company_id=\? AND customer_id=\?/.test(d))).toBe(
      true,
    )
    expect(plan).toContain('SEARCH e USING INTEGER PRIMARY KEY (rowid=?)')
    expect(plan).toContain('SEARCH e USING INTEGER PRIMARY KEY (rowid>?)')
    // Scans of the two parts' co-routines and of the one-row watermark table only.
    expect(
      plan.filter((d) => d.startsWith('SCAN ') && !/^SCAN (\(subquery-\d+\)|fold_state)$/.test(d)),
    ).toEqual([])
    expect(plan.filter((d) => d.includes('events_company_window'))).toEqual([])
  })

  const planOf = (sql: string, parameters: readonly unknown[]) => sqlitePlan(db, { sql, parameters })

  it('company-wide metric reads search events_company_window by company, name and window, covered', () => {
    const read = sqliteReadSide(db)
    const query = new MetricQuery(read, {
      companyId: 'co_1',
      fromTs: 0,
      toTs: Date.now(),
      grouping: 'company',
    })
    const facts = {
      amount: read.attributeNumber('paid_amount'),
      order: read.attributeText('order_id'),
      at: read.attributeMillis('resolved_at'),
      source: read.envelopeText(['trigger_from']),
    }
    const { sql, parameters } = query
      .events(['campaign.sent', 'ad.spend_recorded'], query.window, facts)
      .compile()
    // COVERING: the index holds the customer, the event id and every fact — no event row is read.
    expect(planOf(sql, parameters)).toEqual([
      expect.stringMatching(
        /^SEARCH ce USING COVERING INDEX events_company_window \(company_id=\? AND event_name=\? AND event_ts>\? AND event_ts<\?\)/,
      ),
    ])
  })

  it('a company-wide read of an attribute that is no fact reads the event rows', () => {
    const read = sqliteReadSide(db)
    const query = new MetricQuery(read, {
      companyId: 'co_1',
      fromTs: 0,
      toTs: Date.now(),
      grouping: 'company',
    })
    const { sql, parameters } = query
      .events(['order.created'], query.window, { method: read.attributeText('payment_method') })
      .compile()
    expect(planOf(sql, parameters)).toEqual([
      expect.stringMatching(/^SEARCH ce USING INDEX events_company_window \(company_id=\? AND event_name=\?/),
    ])
  })

  it('company-wide "any event" reads take the timeline key and the tail only', () => {
    const query = new MetricQuery(sqliteReadSide(db), {
      companyId: 'co_1',
      toTs: Date.now(),
      grouping: 'company',
    })
    const { sql, parameters } = query.anyEvents(query.atOrBeforeTo).compile()
    const plan = planOf(sql, parameters)
    expect(plan.some((d) => /^SEARCH t USING PRIMARY KEY \(company_id=\?\)/.test(d))).toBe(true)
    expect(plan).toContain('SEARCH e USING INTEGER PRIMARY KEY (rowid>?)')
    expect(plan.filter((d) => d.includes('events_company'))).toEqual([])
  })

  it('the watermark split both parts: some events folded, some not', () => {
    const folded = db.prepare('SELECT count(*) FROM customer_timeline').pluck().get() as number
    const watermark = db.prepare('SELECT folded_seq FROM fold_state').pluck().get() as number
    const total = db.prepare('SELECT count(*) FROM events').pluck().get() as number
    expect(folded).toBeGreaterThan(0)
    expect(watermark).toBeLessThan(total)
  })
})
