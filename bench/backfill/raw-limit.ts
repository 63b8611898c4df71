/**
 * The raw insert limit, as the ingest bench defines it: the rows the store keeps per event
 * (SQLite: `events` and its `customer_timeline` row; PostgreSQL: the `events` row), 5,000 per
 * transaction, into a freshly migrated store, with no HTTP, parsing, validation or store logic
 * in the timed part. Rows are built by the server's own code from the given NDJSON lines.
 */

import { openStore } from '@cebe/registry-server'
import { EventValidator } from '@cebe/schemas'
import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { toEventRow } from '../../packages/registry-server/src/ingest/event-row.js'
import { IdentityExtractor } from '../../packages/registry-server/src/ingest/identity-extractor.js'
import { MonthlyPartitions } from '../../packages/registry-server/src/storage/postgres/postgres-partitions.js'
import type { EventRow } from '../../packages/registry-server/src/storage/store.js'

function rowsOf(lines: readonly string[]): EventRow[] {
  const validator = new EventValidator()
  const identities = new IdentityExtractor(validator)
  return lines.map((line) => {
    const checked = validator.validate(JSON.parse(line))
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors))
    const row = toEventRow(checked.event, identities.extract(checked.event), 32 * 1024)
    if (!row.ok) throw new Error(JSON.stringify(row.errors))
    return row.row
  })
}

export async function rawLimit(
  kind: 'sqlite' | 'postgres',
  url: string,
  lines: readonly string[],
): Promise<number> {
  const rows = rowsOf(lines)
  await (
    await openStore({
      databaseUrl: url,
      durability: 'process-crash',
      sqliteCacheMiB: 256,
      sqliteBusyTimeoutMs: 5000,
      postgresPoolSize: 2,
    })
  ).close()
  return kind === 'sqlite' ? sqliteRaw(url, rows) : postgresRaw(url, rows)
}

function sqliteRaw(path: string, rows: readonly EventRow[]): number {
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
    // In key order, a fold's worth at a time, as the store's fold writes them (ADR 0106).
    if (last || timeline.length >= 65_536) {
      timeline.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] - b[2] || a[3] - b[3]))
      for (const t of timeline) insertTimeline.run(...t)
      timeline = []
    }
  })
  const started = performance.now()
  for (let i = 0; i < rows.length; i += 5000) tx(rows.slice(i, i + 5000), i + 5000 >= rows.length)
  const seconds = (performance.now() - started) / 1000
  db.close()
  return rows.length / seconds
}

async function postgresRaw(url: string, rows: readonly EventRow[]): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: 1 })
  await new MonthlyPartitions(pool).ensure(rows.map((r) => r.eventTs))
  const client = await pool.connect()
  const started = performance.now()
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000)
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
  const seconds = (performance.now() - started) / 1000
  client.release()
  await pool.end()
  return rows.length / seconds
}
