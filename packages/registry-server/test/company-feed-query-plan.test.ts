/**
 * The company feed reads `events_company_feed` (migration 0006) backwards, on both stores: a
 * page costs an index range, never a sort of the whole company. Checked with EXPLAIN on the
 * exact SQL the store sends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../src/index.js'
import { type CompanyFeedQuery, companyFeedQuery } from '../src/retrieval/company-events.js'
import { sqliteReadSide } from '../src/storage/sqlite/sqlite-read-side.js'
import { makeEvent, rowOf } from './support/events.js'
import { analyzedSqlite, type PlannedSqlite, postgresPlan, sqlitePlan } from './support/query-plans.js'
import { STORES, type TestDatabase } from './support/test-stores.js'

const base: CompanyFeedQuery = { companyId: 'co_1', limit: 51 }
const paged: CompanyFeedQuery = {
  ...base,
  fromTs: 0,
  toTs: Date.parse('2030-01-01T00:00:00Z'),
  after: { eventTs: Date.parse('2029-01-01T00:00:00Z'), eventId: 'x' },
}

const rows = () =>
  Array.from({ length: 400 }, (_, i) =>
    rowOf(
      makeEvent(i % 5 === 0 ? 'ad.spend_recorded' : 'campaign.sent', {
        company: `co_${i % 4}`,
        ...(i % 5 !== 0 && { customer: `u${i % 20}` }),
        timestamp: new Date(Date.parse('2026-11-01T00:00:00Z') + i * 60_000).toISOString(),
      }),
    ),
  )

describe('company feed query plan: sqlite', () => {
  let planned: PlannedSqlite

  beforeAll(async () => {
    planned = await analyzedSqlite([rows()])
  })
  afterAll(async () => planned?.close())

  it.each([
    ['first page', base],
    ['window and cursor', paged],
  ])('searches events_company_feed, sorting only ties (%s)', (_, query) => {
    const plan = sqlitePlan(planned.db, companyFeedQuery(sqliteReadSide(planned.db), query).compile())
    expect(plan.some((d) => /^SEARCH ce USING INDEX events_company_feed \(company_id=\?/.test(d))).toBe(true)
    expect(plan.filter((d) => d.startsWith('SCAN '))).toEqual([])
    expect(plan).not.toContain('USE TEMP B-TREE FOR ORDER BY')
  })
})

const postgres = STORES.find((s) => s.name === 'postgres')!

describe.skipIf(postgres.skipReason !== undefined)('company feed query plan: postgres', () => {
  let database: TestDatabase
  let store: Store

  beforeAll(async () => {
    database = await postgres.create()
    store = await database.open()
    await store.commit(rows(), { receivedAt: Date.now() })
  })
  afterAll(async () => {
    await store?.close()
    await database?.drop()
  })

  it.each([
    ['first page', base],
    ['window and cursor', paged],
  ])('reads events_company_feed of each partition, no sequential scan (%s)', async (_, query) => {
    const read = store.readSide
    const compiled = companyFeedQuery(read, query).compile()
    const text = await postgresPlan(read.db, compiled)
    // Partitions name their copy of the index after its columns.
    expect(text).toMatch(/Index Scan Backward using events_\w+_company_id_event_ts_idx/)
    expect(text).not.toMatch(/Seq Scan/)
  })
})
