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
import pg from 'pg'
import { DEFAULT_CONFIG } from '../../packages/registry-server/src/config.js'
import type { EventRow } from '../../packages/registry-server/src/storage/store.js'
import { events } from './event-factory.js'
import { postgresRawInsert, rowsOf, sqliteRawInsert } from './raw-insert.js'

export const PG_URL = process.env.CEBE_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

export interface Target {
  name: 'sqlite' | 'postgres'
  url: string
  /** Raw limit: the rows the store keeps per event, batched, no store logic; events/s. */
  raw(rows: readonly EventRow[]): Promise<number>
  /** A fresh, migrated store location for one store-limit pass. */
  freshStore(): string
  drop(): Promise<void>
}

/** The rows the server would commit for `count` bench events. */
export function eventRows(count: number): EventRow[] {
  return rowsOf(events(count))
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
      return sqliteRawInsert(path, rows)
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
      try {
        return await postgresRawInsert(client, rows)
      } finally {
        await client.end()
      }
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
