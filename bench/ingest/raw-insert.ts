/**
 * The raw insert limit: the rows the store keeps per event (SQLite: `events` and its
 * `customer_timeline` row, the latter in key order a fold's worth at a time as the store's fold
 * writes them, ADR 0106; PostgreSQL: the `events` row), 5,000 per transaction, into a migrated
 * store, with no HTTP, parsing, validation or store logic in the timed part. The ingest and
 * backfill benches both measure their throughput beside it.
 */
import { EventValidator } from '@cebe/schemas'
import BetterSqlite3 from 'better-sqlite3'
import type pg from 'pg'
import { DEFAULT_CONFIG } from '../../packages/registry-server/src/config.js'
import { toEventRow } from '../../packages/registry-server/src/ingest/event-row.js'
import { IdentityExtractor } from '../../packages/registry-server/src/ingest/identity-extractor.js'
import { DEFAULT_FOLD_POLICY } from '../../packages/registry-server/src/storage/sqlite/sqlite-fold.js'
import type { EventRow } from '../../packages/registry-server/src/storage/store.js'

const CHUNK = 5_000
/** Sort order for the bulk insert (the B-tree order for ASCII keys; only speed depends on it). */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** The rows the server would commit for these events, built by the server's own code. */
export function rowsOf(events: readonly unknown[]): EventRow[] {
  const validator = new EventValidator()
  const identities = new IdentityExtractor(validator)
  const now = Date.now()
  return events.map((event, i) => {
    const checked = validator.validate(event, { now })
    if (!checked.ok) throw new Error(`bench event ${i} is invalid: ${JSON.stringify(checked.errors)}`)
    const built = toEventRow(checked.event, identities.extract(checked.event), DEFAULT_CONFIG.maxEventBytes)
    if (!built.ok) throw new Error(`bench event ${i} makes no row: ${JSON.stringify(built.errors)}`)
    return built.row
  })
}

/** Inserts `rows` into the migrated SQLite file at `path`; events/s. */
export function sqliteRawInsert(path: string, rows: readonly EventRow[]): number {
  const db = new BetterSqlite3(path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('cache_size = -262144')
  const insert = db.prepare(
    `INSERT INTO events (company_id, event_id, event_name, source_module, schema_version, customer_id, event_ts,
       received_at, sent_at, content_hash, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertTimeline = db.prepare(
    'INSERT INTO customer_timeline (company_id, customer_id, event_ts, seq) VALUES (?, ?, ?, ?)',
  )
  let timeline: [string, string, number, number][] = []
  const flushTimeline = () => {
    timeline.sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]) || a[2] - b[2] || a[3] - b[3])
    for (const t of timeline) insertTimeline.run(...t)
    timeline = []
  }
  const tx = db.transaction((chunk: readonly EventRow[], last: boolean) => {
    const receivedAt = Date.now()
    for (const r of chunk) {
      const { lastInsertRowid } = insert.run(
        r.companyId,
        r.eventId,
        r.eventName,
        r.sourceModule,
        r.schemaVersion,
        r.customerId,
        r.eventTs,
        receivedAt,
        r.sentAt,
        r.contentHash,
        r.body,
      )
      if (r.customerId !== null)
        timeline.push([r.companyId, r.customerId, r.eventTs, Number(lastInsertRowid)])
    }
    if (last || timeline.length >= DEFAULT_FOLD_POLICY.busyAfterEvents) flushTimeline()
  })
  const started = performance.now()
  for (let i = 0; i < rows.length; i += CHUNK) tx(rows.slice(i, i + CHUNK), i + CHUNK >= rows.length)
  const seconds = (performance.now() - started) / 1000
  const stored = db.prepare('SELECT count(*) FROM events').pluck().get()
  db.close()
  if (stored !== rows.length) throw new Error(`raw limit: ${stored} events stored of ${rows.length}`)
  return rows.length / seconds
}

/** Inserts `rows` through `client` (its search_path at a migrated schema with partitions); events/s. */
export async function postgresRawInsert(client: pg.ClientBase, rows: readonly EventRow[]): Promise<number> {
  const started = performance.now()
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK)
    await client.query('BEGIN')
    await client.query(
      `INSERT INTO events (company_id, event_id, event_name, source_module, schema_version, customer_id, event_ts,
         received_at, sent_at, content_hash, body)
       SELECT c, e, n, m, v, cu, to_timestamp(t / 1000.0), now(), to_timestamp(s / 1000.0), h, b::jsonb
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[],
                   $8::float8[], $9::text[], $10::text[]) AS u(c, e, n, m, v, cu, t, s, h, b)`,
      [
        chunk.map((r) => r.companyId),
        chunk.map((r) => r.eventId),
        chunk.map((r) => r.eventName),
        chunk.map((r) => r.sourceModule),
        chunk.map((r) => r.schemaVersion),
        chunk.map((r) => r.customerId),
        chunk.map((r) => r.eventTs),
        chunk.map((r) => r.sentAt),
        chunk.map((r) => r.contentHash),
        chunk.map((r) => r.body),
      ],
    )
    await client.query('COMMIT')
  }
  return rows.length / ((performance.now() - started) / 1000)
}
