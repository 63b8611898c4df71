/**
 * Upgrading a SQLite file written before migration 0003: its events keep their timelines and its
 * aggregates (maintained per commit back then) are neither lost nor counted twice.
 */
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, type Migration, Migrator, SqliteDialect, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { makeEvent, rowOf } from '../../../test/support/events.js'
import { sqliteFilePath } from '../../../test/support/sqlite-files.js'
import { customerTimeline } from '../../retrieval/customer-timeline.js'
import { SqliteStore } from '../sqlite/sqlite-store.js'
import { initial } from './0001-initial.js'
import { outboxBatches } from './0002-outbox-batches.js'

/** A file at migration 0002, with two events of one customer and their per-commit aggregate. */
async function fileBefore0003(): Promise<string> {
  const path = sqliteFilePath('cebe-0003-')
  const db = new BetterSqlite3(path)
  const kysely = new Kysely<unknown>({ dialect: new SqliteDialect({ database: db }) })
  const up = (statements: string[]): Migration => ({
    up: async (k) => {
      for (const s of statements) await sql.raw(s).execute(k)
    },
  })
  const migrator = new Migrator({
    db: kysely,
    provider: {
      getMigrations: async () => ({
        '0001-initial': up(initial.sqlite),
        '0002-outbox-batches': up(outboxBatches.sqlite),
      }),
    },
  })
  const { error } = await migrator.migrateToLatest()
  if (error) throw error
  const insert = db.prepare(
    `INSERT INTO events (company_id, event_id, event_name, source_module, customer_id, event_ts,
       received_at, content_hash, body) VALUES ('co_1', ?, 'campaign.sent', 'campaign', 'cust_1', ?, 0, 'h', '{}')`,
  )
  insert.run('old-1', 1_000)
  insert.run('old-2', 2_000)
  db.prepare(
    `INSERT INTO customer_aggregates VALUES ('co_1', 'cust_1', 'campaign.sent', 2, 1000, 2000)`,
  ).run()
  await kysely.destroy()
  return path
}

describe('migration 0003 (SQLite folded timeline)', () => {
  it('keeps old events in timelines and old aggregates counted once', async () => {
    const path = await fileBefore0003()
    const store = new SqliteStore({
      path,
      writerThread: false,
      fold: { busyAfterEvents: 1, intervalMs: 0, smallFoldEvents: 0 },
    })
    await store.migrate()
    try {
      const timeline = await customerTimeline(store.readSide, {
        companyId: 'co_1',
        customerId: 'cust_1',
        limit: 10,
      })
      expect(timeline.map((e) => e.eventId)).toEqual(['old-2', 'old-1'])
      const event = makeEvent('campaign.sent', {
        company: 'co_1',
        customer: 'cust_1',
        timestamp: new Date(3_000).toISOString(),
      })
      await store.commit([rowOf(event)], { receivedAt: Date.now() })
      expect(await store.customerAggregates('co_1', 'cust_1')).toEqual([
        { eventName: 'campaign.sent', count: 3, firstEventTs: 1_000, lastEventTs: 3_000 },
      ])
      expect(
        (await customerTimeline(store.readSide, { companyId: 'co_1', customerId: 'cust_1', limit: 10 })).map(
          (e) => e.eventId,
        ),
      ).toEqual([event.event_id, 'old-2', 'old-1'])
    } finally {
      await store.close()
    }
    const db = new BetterSqlite3(path, { readonly: true })
    const indexes = db
      .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'")
      .pluck()
      .all()
    db.close()
    expect(indexes).not.toContain('events_customer_timeline')
  })
})
