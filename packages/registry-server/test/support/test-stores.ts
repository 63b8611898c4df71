/**
 * The stores every contract test runs against. SQLite: a fresh file in a temp dir. PostgreSQL:
 * a fresh `cebe_t_<random>` schema on CEBE_TEST_DATABASE_URL, dropped afterwards. When
 * PostgreSQL is unreachable its suites are skipped with a printed reason — or fail when
 * CEBE_REQUIRE_POSTGRES=1.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { type InspectableStore, PostgresStore, SqliteStore } from '../../src/index.js'
import type { FoldPolicy } from '../../src/storage/sqlite/sqlite-fold.js'

export const POSTGRES_URL = process.env.CEBE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const REQUIRE_POSTGRES = process.env.CEBE_REQUIRE_POSTGRES === '1'

async function postgresReachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  } finally {
    await client.end().catch(() => undefined)
  }
}

const postgresProblem = await postgresReachable()
if (postgresProblem && REQUIRE_POSTGRES) {
  throw new Error(
    `CEBE_REQUIRE_POSTGRES=1 but PostgreSQL at ${POSTGRES_URL} is unreachable: ${postgresProblem}`,
  )
}

export interface TestDatabase {
  /** What `cebe serve --database-url` / `--db` would take to reach this store (PostgreSQL: with search_path). */
  url: string
  /** `fold` and `writerThread` apply to SQLite only (ADR 0106). */
  open(options?: {
    busyTimeoutMs?: number
    fold?: FoldPolicy
    writerThread?: boolean
  }): Promise<InspectableStore>
  drop(): Promise<void>
}

export interface StoreFlavour {
  name: 'sqlite' | 'postgres'
  /** The suite's title when one backend runs in several set-ups. */
  label: string
  /** Why the flavour is skipped, or undefined when it runs. */
  skipReason: string | undefined
  create(): Promise<TestDatabase>
}

/** `defaults`: the SQLite set-up a flavour opens with unless a test says otherwise. */
function sqliteFlavour(
  label = 'sqlite',
  defaults: { fold?: FoldPolicy; writerThread?: boolean } = {},
): StoreFlavour {
  return {
    name: 'sqlite',
    label,
    skipReason: undefined,
    async create() {
      const dir = mkdtempSync(join(tmpdir(), 'cebe-test-'))
      const path = join(dir, 'cebe.db')
      return {
        url: path,
        async open(options = {}) {
          const store = new SqliteStore({
            path,
            busyTimeoutMs: options.busyTimeoutMs ?? 5000,
            cacheMiB: 16,
            ...defaults,
            ...(options.fold && { fold: options.fold }),
            ...(options.writerThread !== undefined && { writerThread: options.writerThread }),
          })
          await store.migrate()
          return store
        },
        async drop() {
          rmSync(dir, { recursive: true, force: true })
        },
      }
    },
  }
}

function postgresFlavour(): StoreFlavour {
  return {
    name: 'postgres',
    label: 'postgres',
    skipReason: postgresProblem && `PostgreSQL at ${POSTGRES_URL} is unreachable (${postgresProblem})`,
    async create() {
      const schema = `cebe_t_${randomBytes(6).toString('hex')}`
      const admin = new pg.Client({ connectionString: POSTGRES_URL })
      await admin.connect()
      await admin.query(`CREATE SCHEMA ${schema}`)
      await admin.end()
      const url = withSearchPath(POSTGRES_URL, schema)
      return {
        url,
        async open() {
          const store = new PostgresStore({ connectionString: POSTGRES_URL, schema, poolSize: 4 })
          await store.migrate()
          return store
        },
        async drop() {
          const client = new pg.Client({ connectionString: POSTGRES_URL })
          await client.connect()
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
          await client.end()
        },
      }
    },
  }
}

/** libpq's `options` parameter: every connection of that URL starts with this search_path. */
export function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url)
  parsed.searchParams.set('options', `-c search_path=${schema}`)
  return parsed.toString()
}

export const STORES: readonly StoreFlavour[] = [sqliteFlavour(), postgresFlavour()]

const NEVER = Number.POSITIVE_INFINITY

/**
 * The contract suite also runs SQLite at both ends of the fold (ADR 0106): nothing ever folded
 * (every read from the tail) and everything folded before each commit returns (the writer
 * inline, so the fold has run when the test reads).
 */
export const CONFORMANCE_STORES: readonly StoreFlavour[] = [
  ...STORES,
  sqliteFlavour('sqlite, never folded', {
    fold: { busyAfterEvents: NEVER, intervalMs: NEVER, smallFoldEvents: 0 },
  }),
  sqliteFlavour('sqlite, folded after every commit', {
    fold: { busyAfterEvents: 1, intervalMs: NEVER, smallFoldEvents: 0 },
    writerThread: false,
  }),
]

for (const flavour of STORES) {
  if (flavour.skipReason) console.warn(`[cebe tests] skipping ${flavour.name} suites: ${flavour.skipReason}`)
}
