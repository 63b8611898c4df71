/**
 * The company feed reads `events_company_feed` (migration 0006) backwards, on both stores: a
 * page costs an index range, never a sort of the whole company. Checked with EXPLAIN on the
 * exact SQL the store sends.
 */
import BetterSqlite3 from 'better-sqlite3'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../src/index.js'
import { type CompanyFeedQuery, companyFeedQuery } from '../src/retrieval/company-events.js'
import { sqliteReadSide } from '../src/storage/sqlite/sqlite-read-side.js'
import { makeEvent, rowOf } from './support/events.js'
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
  let database: TestDatabase
  let db: BetterSqlite3.Database

  beforeAll(async () => {
    database = await STORES.find((s) => s.name === 'sqlite')!.create()
    const store = await database.open({ writerThread: false })
    await store.commit(rows(), { receivedAt: Date.now() })
    await store.close()
    db = new BetterSqlite3(database.url)
    db.exec('ANALYZE')
  })
  afterAll(async () => {
    db?.close()
    await database?.drop()
  })

  it.each([
    ['first page', base],
    ['window and cursor', paged],
  ])('searches events_company_feed, sorting only ties (%s)', (_, query) => {
    const { sql: text, parameters } = companyFeedQuery(sqliteReadSide(db), query).compile()
    const plan = db
      .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${text}`)
      .all(...parameters)
      .map((row) => row.detail)
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
    // One connection, so the planner setting applies to the EXPLAIN: a tiny table would be scanned.
    const text = await read.db.connection().execute(async (db) => {
      await sql`SET enable_seqscan = off`.execute(db)
      try {
        const { rows: plan } = await db.executeQuery<{ 'QUERY PLAN': string }>({
          ...compiled,
          sql: `EXPLAIN ${compiled.sql}`,
        })
        return plan.map((r) => r['QUERY PLAN']).join('\n')
      } finally {
        await sql`RESET enable_seqscan`.execute(db)
      }
    })
    // Partitions name their copy of the index after its columns.
    expect(text).toMatch(/Index Scan Backward using events_\w+_company_id_event_ts_idx/)
    expect(text).not.toMatch(/Seq Scan/)
  })
})
