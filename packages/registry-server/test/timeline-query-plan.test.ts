/**
 * The timeline query runs on the per-customer index (ADR 0105): checked with SQLite's EXPLAIN
 * QUERY PLAN on the exact SQL `SharedQueries.timeline` sends, with and without every option.
 */
import BetterSqlite3 from 'better-sqlite3'
import { type CompiledQuery, Kysely, SqliteDialect } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SharedQueries, type SharedTables } from '../src/storage/shared-queries.js'
import { makeEvent, rowOf } from './support/events.js'
import { STORES, type TestDatabase } from './support/test-stores.js'

const sqlite = STORES.find((s) => s.name === 'sqlite')!

describe('timeline query plan: sqlite', () => {
  let database: TestDatabase
  let db: BetterSqlite3.Database
  let kysely: Kysely<SharedTables>
  const sent: CompiledQuery[] = []

  beforeAll(async () => {
    database = await sqlite.create()
    const store = await database.open()
    const rows = Array.from({ length: 200 }, (_, i) =>
      rowOf(makeEvent('campaign.sent', { company: `co_${i % 4}`, customer: `u${i % 20}` })),
    )
    await store.commit(rows, { receivedAt: Date.now() })
    await store.close()
    db = new BetterSqlite3(database.url)
    db.exec('ANALYZE')
    kysely = new Kysely<SharedTables>({
      dialect: new SqliteDialect({ database: db }),
      log: (event) => {
        sent.push(event.query)
      },
    })
  })
  afterAll(async () => {
    await kysely?.destroy()
    await database?.drop()
  })

  it('searches events_customer_timeline and sorts only ties', async () => {
    const queries = new SharedQueries(kysely, 'sqlite')
    const base = { companyId: 'co_1', customerId: 'u1', limit: 51 }
    await queries.timeline(base)
    await queries.timeline({
      ...base,
      fromTs: 0,
      toTs: Date.now(),
      modules: ['campaign'],
      events: ['campaign.sent'],
      after: { eventTs: Date.now(), eventId: 'x' },
    })
    expect(sent).toHaveLength(2)
    for (const query of sent) {
      const plan = db
        .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${query.sql}`)
        .all(...query.parameters)
        .map((row) => row.detail)
      expect(plan[0], query.sql).toMatch(
        /^SEARCH events USING INDEX events_customer_timeline \(company_id=\? AND customer_id=\?/,
      )
      expect(plan.slice(1)).toEqual(['USE TEMP B-TREE FOR LAST TERM OF ORDER BY'])
    }
  })
})
