/**
 * The query bench's databases, loaded once and kept under bench/.data (git-ignored): a SQLite file
 * and a PostgreSQL schema holding the data set, plus a meta file with the data set version, its
 * end time and an admin read key. A later run whose meta matches reuses them; anything else
 * reloads. Events go in by the backfill path without HTTP: the server's validator, identity
 * extraction and `Store.commit` (outbox off), 5,000 events a commit, two in flight.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateApiKey, openStore, type Store } from '@cebe/registry-server'
import { EventValidator, EXAMPLE_TENANT } from '@cebe/schemas'
import pg from 'pg'
import { toEventRow } from '../../packages/registry-server/src/ingest/event-row.js'
import { IdentityExtractor } from '../../packages/registry-server/src/ingest/identity-extractor.js'
import type { EventRow } from '../../packages/registry-server/src/storage/store.js'
import { PG_URL } from '../ingest/targets.js'
import { DATASET, datasetParts } from './query-dataset.js'

export type StoreKind = 'sqlite' | 'postgres'

export const DATA_DIR = fileURLToPath(new URL('../.data/', import.meta.url))
// Overridable so two checkouts on one PostgreSQL keep separate data sets.
const PG_SCHEMA = process.env.CEBE_BENCH_PG_SCHEMA ?? 'cebe_bench_query'
if (!/^[a-z_][a-z0-9_]*$/.test(PG_SCHEMA))
  throw new Error(`CEBE_BENCH_PG_SCHEMA must be a lower-case SQL identifier, got "${PG_SCHEMA}"`)
const COMMIT_EVENTS = 5_000

export interface LoadedStore {
  kind: StoreKind
  /** What the server opens. */
  databaseUrl: string
  companyId: string
  /** The data set's last moment (ms): its history is the `DATASET.days` before it. */
  end: number
  /** An admin read key of the company. */
  readKey: string
  /** Seconds the load took (when this run loaded it; else the cached load's). */
  loadSeconds: number
  reused: boolean
}

interface Meta {
  version: number
  events: number
  customers: number
  end: number
  readKey: string
  loadSeconds: number
}

export async function loadedStore(kind: StoreKind): Promise<LoadedStore> {
  mkdirSync(DATA_DIR, { recursive: true })
  const metaPath = join(DATA_DIR, `query-${kind}.meta.json`)
  const databaseUrl = kind === 'sqlite' ? join(DATA_DIR, 'query.db') : schemaUrl()
  const meta = existsSync(metaPath) ? (JSON.parse(readFileSync(metaPath, 'utf8')) as Meta) : undefined
  const companyId = EXAMPLE_TENANT.company_id
  if (meta && matches(meta) && (await storedEvents(kind, databaseUrl)) === DATASET.events) {
    return {
      kind,
      databaseUrl,
      companyId,
      end: meta.end,
      readKey: meta.readKey,
      loadSeconds: meta.loadSeconds,
      reused: true,
    }
  }
  await dropDatabase(kind)
  const started = performance.now()
  const end = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`)
  const store = await openStore({
    databaseUrl,
    durability: 'process-crash',
    sqliteCacheMiB: 256,
    sqliteBusyTimeoutMs: 5000,
    postgresPoolSize: 4,
  })
  let readKey: string
  try {
    await loadEvents(store, end)
    const key = generateApiKey('read')
    await store.createKey({
      id: key.id,
      keyHash: key.keyHash,
      companyId,
      type: 'read',
      modules: [],
      role: 'admin',
      name: 'query bench',
    })
    readKey = key.key
  } finally {
    await store.close()
  }
  if (kind === 'postgres') await analyze(databaseUrl)
  const loadSeconds = Math.round((performance.now() - started) / 100) / 10
  const written: Meta = {
    version: DATASET.version,
    events: DATASET.events,
    customers: DATASET.customers,
    end,
    readKey,
    loadSeconds,
  }
  writeFileSync(metaPath, `${JSON.stringify(written, null, 2)}\n`)
  return { kind, databaseUrl, companyId, end, readKey, loadSeconds, reused: false }
}

const matches = (meta: Meta) =>
  meta.version === DATASET.version && meta.events === DATASET.events && meta.customers === DATASET.customers

async function loadEvents(store: Store, end: number): Promise<void> {
  const validator = new EventValidator()
  const identities = new IdentityExtractor(validator)
  const inFlight: Promise<unknown>[] = []
  let loaded = 0
  for (const part of datasetParts(end)) {
    for (let i = 0; i < part.length; i += COMMIT_EVENTS) {
      const rows: EventRow[] = part.slice(i, i + COMMIT_EVENTS).map((event) => {
        const checked = validator.validate(event)
        if (!checked.ok) throw new Error(`${event.event_name}: ${JSON.stringify(checked.errors)}`)
        const row = toEventRow(checked.event, identities.extract(checked.event), 32 * 1024)
        if (!row.ok) throw new Error(JSON.stringify(row.errors))
        return row.row
      })
      if (inFlight.length >= 2) await inFlight.shift()
      inFlight.push(
        store.commit(rows, { receivedAt: Date.now(), outbox: false }).then((outcomes) => {
          const accepted = outcomes.filter((o) => o.status === 'accepted').length
          if (accepted !== rows.length) throw new Error(`only ${accepted} of ${rows.length} events accepted`)
        }),
      )
      loaded += rows.length
    }
    if (loaded % 100_000 === 0) console.error(`  loaded ${loaded.toLocaleString('en')} events`)
  }
  await Promise.all(inFlight)
}

function schemaUrl(): string {
  const url = new URL(PG_URL)
  url.searchParams.set('options', `-c search_path=${PG_SCHEMA}`)
  return url.toString()
}

async function storedEvents(kind: StoreKind, databaseUrl: string): Promise<number | undefined> {
  if (kind === 'sqlite') {
    if (!existsSync(databaseUrl)) return undefined
    const { default: Database } = await import('better-sqlite3')
    const db = new Database(databaseUrl, { readonly: true })
    try {
      return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n
    } catch {
      return undefined
    } finally {
      db.close()
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    return Number((await client.query('SELECT count(*) AS n FROM events')).rows[0].n)
  } catch {
    return undefined
  } finally {
    await client.end()
  }
}

async function dropDatabase(kind: StoreKind): Promise<void> {
  if (kind === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(DATA_DIR, `query.db${suffix}`), { force: true })
    return
  }
  const client = new pg.Client({ connectionString: PG_URL })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${PG_SCHEMA} CASCADE`)
    await client.query(`CREATE SCHEMA ${PG_SCHEMA}`)
  } finally {
    await client.end()
  }
}

/** Fresh planner statistics, as autovacuum would have them on a database that grew over months. */
async function analyze(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query('VACUUM ANALYZE')
  } finally {
    await client.end()
  }
}
