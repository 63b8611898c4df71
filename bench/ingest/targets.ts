/**
 * The stores the ingest bench runs against: a fresh SQLite file or PostgreSQL schema each, the
 * rows the server would commit (built by its own code), the raw and store limits for those rows,
 * and the server as a child process.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openStore } from '@cebe/registry-server'
import { EventValidator } from '@cebe/schemas'
import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { DEFAULT_CONFIG } from '../../packages/registry-server/src/config.js'
import { toEventRow } from '../../packages/registry-server/src/ingest/event-row.js'
import { IdentityExtractor } from '../../packages/registry-server/src/ingest/identity-extractor.js'
import { DEFAULT_FOLD_POLICY } from '../../packages/registry-server/src/storage/sqlite/sqlite-fold.js'
import type { EventRow } from '../../packages/registry-server/src/storage/store.js'
import { events } from './event-factory.js'

export const PG_URL = process.env.CEBE_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** Sort order for the bulk insert (the B-tree order for ASCII keys; only speed depends on it). */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

export interface Target {
  name: 'sqlite' | 'postgres'
  url: string
  /** Raw limit: the rows the store keeps per event, batched, no store logic; events/s. */
  raw(rows: readonly EventRow[]): Promise<number>
  /** A fresh, migrated store location for one store-limit pass. */
  freshStore(): string
  drop(): Promise<void>
}

/** The rows the server would commit for these events, built by the server's own code. */
export function eventRows(count: number): EventRow[] {
  const validator = new EventValidator()
  const identities = new IdentityExtractor(validator)
  const now = Date.now()
  return events(count).map((event, i) => {
    const checked = validator.validate(event, { now })
    if (!checked.ok) throw new Error(`bench event ${i} is invalid: ${JSON.stringify(checked.errors)}`)
    const built = toEventRow(checked.event, identities.extract(checked.event), DEFAULT_CONFIG.maxEventBytes)
    if (!built.ok) throw new Error(`bench event ${i} makes no row: ${JSON.stringify(built.errors)}`)
    return built.row
  })
}

/** The store config the server runs with by default (the HTTP server under test uses these too). */
export function storeConfig(databaseUrl: string) {
  return {
    databaseUrl,
    durability: DEFAULT_CONFIG.durability,
    sqliteCacheMiB: DEFAULT_CONFIG.sqliteCacheMiB,
    sqliteBusyTimeoutMs: DEFAULT_CONFIG.sqliteBusyTimeoutMs,
    postgresPoolSize: DEFAULT_CONFIG.postgresPoolSize,
  }
}

/**
 * Store limit: the rows through `Store.commit` in groups of `group`, with as many commits in
 * flight as the server allows. CPU is this process's (all threads): for SQLite the whole write
 * path (writer and checkpointer threads run in-process), for PostgreSQL the client side only.
 */
export async function storeLimit(
  databaseUrl: string,
  rows: readonly EventRow[],
  group: number,
): Promise<{ eventsPerSecond: number; cpuUsPerEvent: number }> {
  const store = await openStore(storeConfig(databaseUrl))
  const inFlight = DEFAULT_CONFIG.maxCommitsInFlight
  let next = 0
  let accepted = 0
  const cpu = process.cpuUsage()
  const started = performance.now()
  try {
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < rows.length) {
          const chunk = rows.slice(next, next + group)
          next += group
          for (const outcome of await store.commit(chunk, { receivedAt: Date.now() }))
            if (outcome.status === 'accepted') accepted++
        }
      }),
    )
  } finally {
    await store.close()
  }
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  if (accepted !== rows.length) throw new Error(`store limit: ${accepted} of ${rows.length} rows accepted`)
  return {
    eventsPerSecond: rows.length / seconds,
    cpuUsPerEvent: Math.round((used.user + used.system) / rows.length),
  }
}

export async function sqliteTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'cebe-bench-'))
  let rawRuns = 0
  let storeRuns = 0
  return {
    name: 'sqlite',
    url: join(dir, 'bench.db'),
    freshStore: () => join(dir, `store-${++storeRuns}.db`),
    async raw(rows) {
      const path = join(dir, `raw-${++rawRuns}.db`)
      await (await openStore(storeConfig(path))).close()
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
      // Each event's timeline row, inserted in key order once a fold's worth has gathered — the
      // same rows and the same batching as the store's fold (ADR 0106), minus everything else.
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
      for (let i = 0; i < rows.length; i += 5000) tx(rows.slice(i, i + 5000), i + 5000 >= rows.length)
      const seconds = (performance.now() - started) / 1000
      const timelineRows = db.prepare('SELECT count(*) FROM customer_timeline').pluck().get()
      db.close()
      if (timelineRows !== rows.length)
        throw new Error(`raw limit: ${timelineRows} timeline rows for ${rows.length} events`)
      return rows.length / seconds
    },
    async drop() {
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export async function postgresTarget(): Promise<Target> {
  const schema = `cebe_bench_${randomBytes(4).toString('hex')}`
  const rawSchemas = [1, 2].map((n) => `${schema}_raw${n}`)
  const storeSchemas = [1, 2].map((n) => `${schema}_store${n}`)
  const all = [schema, ...rawSchemas, ...storeSchemas]
  const admin = new pg.Client({ connectionString: PG_URL })
  await admin.connect()
  for (const s of all) await admin.query(`CREATE SCHEMA ${s}`)
  await admin.end()
  let rawRuns = 0
  let storeRuns = 0
  const withSchema = (s: string) => {
    const u = new URL(PG_URL)
    u.searchParams.set('options', `-c search_path=${s}`)
    return u.toString()
  }
  return {
    name: 'postgres',
    url: withSchema(schema),
    freshStore: () => withSchema(storeSchemas[storeRuns++ % storeSchemas.length]!),
    async raw(rows) {
      const rawSchema = rawSchemas[rawRuns++ % rawSchemas.length]!
      await (await openStore(storeConfig(withSchema(rawSchema)))).close()
      const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${rawSchema}` })
      await client.connect()
      const started = performance.now()
      for (let i = 0; i < rows.length; i += 5000) {
        const chunk = rows.slice(i, i + 5000)
        await client.query('BEGIN')
        await client.query(
          `INSERT INTO events (company_id, event_id, event_name, source_module, schema_version, customer_id, event_ts,
             received_at, sent_at, content_hash, body)
           SELECT c, e, n, m, v, cu, to_timestamp(t / 1000.0), now(), to_timestamp(s / 1000.0), h, b::jsonb
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[],
                       $8::float8[], $9::text[], $10::text[])
             AS u(c, e, n, m, v, cu, t, s, h, b)`,
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
      await client.end()
      return rows.length / seconds
    },
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL })
      await c.connect()
      for (const s of all) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`)
      await c.end()
    },
  }
}

export async function spawnServer(url: string): Promise<{ url: string; child: ChildProcess }> {
  const script = fileURLToPath(new URL('./server-process.ts', import.meta.url))
  const extra = process.env.CEBE_BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', script, url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const serverUrl = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += String(d)
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line) resolve(JSON.parse(line).url)
    })
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)))
  })
  return { url: serverUrl, child }
}
