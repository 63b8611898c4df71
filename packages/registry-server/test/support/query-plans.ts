/**
 * What the query-plan tests share: a store file holding given rows with fresh statistics, and
 * the plan each store gives for a compiled statement — so a test asserts on the plan of the exact
 * SQL the store sends.
 */
import BetterSqlite3 from 'better-sqlite3'
import { type CompiledQuery, type Kysely, sql } from 'kysely'
import type { EventRow } from '../../src/storage/store.js'
import { STORES, type TestDatabase } from './test-stores.js'

export interface PlannedSqlite {
  db: BetterSqlite3.Database
  database: TestDatabase
  close(): Promise<void>
}

/**
 * A SQLite store holding `batches` (one commit each, written inline so nothing is left to a
 * thread), analyzed, opened for EXPLAIN. `open` passes store options (a fold policy).
 */
export async function analyzedSqlite(
  batches: readonly (readonly EventRow[])[],
  open: Parameters<TestDatabase['open']>[0] = {},
): Promise<PlannedSqlite> {
  const database = await STORES.find((s) => s.name === 'sqlite')!.create()
  const store = await database.open({ ...open, writerThread: false })
  for (const rows of batches) await store.commit(rows, { receivedAt: Date.now() })
  await store.close()
  const db = new BetterSqlite3(database.url)
  db.exec('ANALYZE')
  return {
    db,
    database,
    async close() {
      db.close()
      await database.drop()
    },
  }
}

/** SQLite's plan details for `compiled`, one line each. */
export function sqlitePlan(db: BetterSqlite3.Database, compiled: Pick<CompiledQuery, 'sql' | 'parameters'>) {
  return db
    .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${compiled.sql}`)
    .all(...compiled.parameters)
    .map((row) => row.detail)
}

/**
 * PostgreSQL's plan of `compiled` with sequential scans off (a tiny test table would be scanned
 * whatever its indexes), on one connection so the setting applies to the EXPLAIN.
 */
export function postgresPlan<DB>(db: Kysely<DB>, compiled: CompiledQuery): Promise<string> {
  return db.connection().execute(async (connection) => {
    await sql`SET enable_seqscan = off`.execute(connection)
    try {
      const { rows } = await connection.executeQuery<{ 'QUERY PLAN': string }>({
        ...compiled,
        sql: `EXPLAIN ${compiled.sql}`,
      })
      return rows.map((r) => r['QUERY PLAN']).join('\n')
    } finally {
      await sql`RESET enable_seqscan`.execute(connection)
    }
  })
}
