/**
 * In-process commit cost of the SQLite store, per event, by group size: what one group commit of
 * the server pays without HTTP, parsing or validation. `node --import tsx bench/ingest/commit-bench.ts`
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { factValues } from '../../packages/registry-server/src/storage/event-facts.js'
import { SqliteStore } from '../../packages/registry-server/src/storage/sqlite/sqlite-store.js'
import { SqliteWriterClient } from '../../packages/registry-server/src/storage/sqlite/sqlite-writer-client.js'
import type { EventRow } from '../../packages/registry-server/src/storage/store.js'
import { events } from './event-factory.js'

const THREAD = process.env.CEBE_BENCH_THREAD !== '0'
const TOTAL = Number(process.env.CEBE_BENCH_EVENTS ?? 100_000)

function rowsOf(count: number): EventRow[] {
  return events(count).map((event) => {
    const { sent_at: _s, ...content } = event
    const body = JSON.stringify(content)
    return {
      companyId: event.company_id as string,
      eventId: event.event_id as string,
      eventName: event.event_name as string,
      sourceModule: event.source_module as string,
      schemaVersion: (event.schema_version as string) ?? null,
      customerId: event.qontak_customer_id as string,
      eventTs: Date.parse(event.event_timestamp as string),
      sentAt: null,
      contentHash: createHash('sha256').update(body).digest('base64url'),
      body,
      facts: factValues(content),
      identifiers: [],
    }
  })
}

const rows = rowsOf(TOTAL)
for (const batch of (process.env.CEBE_BENCH_BATCHES ?? '500,2000,5000').split(',').map(Number)) {
  const dir = mkdtempSync(join(tmpdir(), 'cebe-commit-'))
  const setup = new SqliteStore({ path: join(dir, 'c.db') })
  await setup.migrate()
  await setup.close()
  const db = new BetterSqlite3(join(dir, 'c.db'))
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('cache_size = -262144')
  if (process.env.CEBE_BENCH_AUTOCHECKPOINT)
    db.pragma(`wal_autocheckpoint = ${process.env.CEBE_BENCH_AUTOCHECKPOINT}`)
  const store = new SqliteWriterClient(db, { thread: THREAD })
  const started = performance.now()
  const cpu = process.cpuUsage()
  let worst = 0
  for (let i = 0; i < rows.length; i += batch) {
    const t = performance.now()
    await store.commit(rows.slice(i, i + batch), {
      receivedAt: Date.now(),
      outbox: process.env.CEBE_BENCH_OUTBOX !== '0',
    })
    worst = Math.max(worst, performance.now() - t)
  }
  const ms = performance.now() - started
  // All threads of this process: the writer's commits and the checkpointer's copies.
  const used = process.cpuUsage(cpu)
  console.log(
    JSON.stringify({
      batch,
      eventsPerSecond: Math.round(rows.length / (ms / 1000)),
      usPerEvent: +((ms * 1000) / rows.length).toFixed(1),
      cpuUsPerEvent: +((used.user + used.system) / rows.length).toFixed(1),
      worstCommitMs: Math.round(worst),
    }),
  )
  await store.close()
  db.close()
  rmSync(dir, { recursive: true, force: true })
}
