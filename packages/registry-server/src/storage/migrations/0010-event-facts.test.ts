/**
 * Upgrading a store written before migration 0010 (ADR 0120): the migration fills every fact of
 * the events already stored with what the commit writes for a new event — the same values, on
 * both stores — and events committed afterwards carry their facts.
 */
import { CATALOG_EVENTS } from '@cebe/schemas'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, type Migration, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { makeEvent, rowOf } from '../../../test/support/events.js'
import { STORES, type TestDatabase } from '../../../test/support/test-stores.js'
import { denseFacts, EVENT_FACTS } from '../event-facts.js'
import type { EventRow } from '../store.js'
import { MIGRATIONS } from './migration-provider.js'

/** Every migration but 0010: the store as an earlier version left it. */
const BEFORE_0010 = Object.entries(MIGRATIONS).filter(([name]) => name !== '0010-event-facts')

/** Every catalog example, plus attributes of another type than their fact's (no fact then) and awkward values. */
function rows(): EventRow[] {
  const examples = CATALOG_EVENTS.map((event) =>
    makeEvent(event.name, { company: 'co_1', customer: 'cust_1' }),
  )
  const odd = makeEvent('ticket.created', {
    company: 'co_1',
    customer: 'cust_1',
    attributes: { ticket_id: 42, score: '9', campaign_id: null },
  })
  // Text that needs escaping in JSON, and a number with no short decimal form.
  const escaped = makeEvent('order.paid', {
    company: 'co_1',
    customer: 'cust_1',
    attributes: { order_id: 'ord "1" \\ é 😀 \u0001', paid_amount: 0.1 + 0.2 },
  })
  return [...examples, odd, escaped].map(rowOf)
}

/** The store at migration 0008, with `events` written as the commit wrote them then. */
async function storeBefore0010(kind: 'sqlite' | 'postgres', database: TestDatabase, events: EventRow[]) {
  const schema = kind === 'postgres' ? new URL(database.url).searchParams.get('options')!.split('=')[1]! : ''
  const db =
    kind === 'sqlite'
      ? new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(database.url) }) })
      : new Kysely<unknown>({
          dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url }) }),
        })
  try {
    const up = (statements: string[]): Migration => ({
      up: async (k) => {
        for (const s of statements) await sql.raw(s).execute(k)
      },
    })
    const migrator = new Migrator({
      db,
      provider: {
        getMigrations: async () => Object.fromEntries(BEFORE_0010.map(([name, m]) => [name, up(m[kind])])),
      },
      ...(kind === 'postgres' && { migrationTableSchema: schema }),
    })
    const { error } = await migrator.migrateToLatest()
    if (error) throw error
    // 1999: the default partition, the only one PostgreSQL has until a commit makes monthly ones.
    const before2000 = Date.UTC(1999, 0, 1)
    for (const [i, row] of events.entries()) {
      const ts = kind === 'sqlite' ? sql`${before2000 + i}` : sql`to_timestamp(${before2000 + i} / 1000.0)`
      const body = kind === 'sqlite' ? sql`${row.body}` : sql`${row.body}::jsonb`
      await sql`INSERT INTO events (company_id, event_id, event_name, source_module, customer_id, event_ts,
          received_at, content_hash, body)
        VALUES (${row.companyId}, ${row.eventId}, ${row.eventName}, ${row.sourceModule}, ${row.customerId},
          ${ts}, ${ts}, ${row.contentHash}, ${body})`.execute(db)
    }
  } finally {
    await db.destroy()
  }
}

async function storedFacts(store: { readSide: { db: Kysely<never> } }): Promise<Map<string, unknown[]>> {
  const columns = EVENT_FACTS.map((fact) => sql.ref(fact.column))
  const result = await sql<
    Record<string, unknown>
  >`SELECT event_id, ${sql.join(columns)} FROM events`.execute(store.readSide.db)
  return new Map(result.rows.map((r) => [r.event_id as string, EVENT_FACTS.map((f) => r[f.column])]))
}

const databases: TestDatabase[] = []
afterEach(async () => {
  for (const database of databases.splice(0)) await database.drop()
})

for (const flavour of STORES) {
  describe.skipIf(flavour.skipReason)(`migration 0010 (event facts): ${flavour.label}`, () => {
    it('fills the facts of stored events as the commit writes them for new ones', async () => {
      const database = await flavour.create()
      databases.push(database)
      const old = rows()
      await storeBefore0010(flavour.name, database, old)
      const store = await database.open({ writerThread: false })
      try {
        const fresh = rows()
        await store.commit(fresh, { receivedAt: Date.now() })
        const facts = await storedFacts(store as unknown as { readSide: { db: Kysely<never> } })
        expect(facts.size).toBe(old.length + fresh.length)
        for (const row of [...old, ...fresh]) {
          expect(facts.get(row.eventId), row.eventName).toEqual(denseFacts(row.facts))
        }
        // The examples carry every fact; the odd event has none of its mistyped attributes.
        for (const [i, fact] of EVENT_FACTS.entries()) {
          expect(
            old.some((row) => denseFacts(row.facts)[i] !== null),
            fact.column,
          ).toBe(true)
        }
        const odd = denseFacts(old.at(-2)!.facts)
        expect(odd[EVENT_FACTS.findIndex((f) => f.column === 'fact_ticket_id')]).toBeNull()
        expect(odd[EVENT_FACTS.findIndex((f) => f.column === 'fact_score')]).toBeNull()
      } finally {
        await store.close()
      }
    })
  })
}
