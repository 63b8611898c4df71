/**
 * Reader threads for statements a request runs side by side (ADR 0120): company-wide metrics are
 * ~15 independent statements of 10–500 ms each. better-sqlite3 runs a statement on the calling
 * thread, so on the main connection they run one after another and stop the event loop for the
 * whole request; here they wait in one queue and each of two threads, each with its own read-only
 * connection to the file, takes the next when it is free — so a long statement started first
 * (`MetricSource.heavy`) runs beside all the short ones instead of sharing a thread with half. Every statement is still one snapshot (WAL) — exact as on the main
 * connection, where consecutive statements see different snapshots too.
 *
 * As a Kysely dialect (`readerPoolDialect`), so the same query builders run on it. In-memory
 * databases cannot be shared between connections: the store gives them no pool.
 */
import type { Worker } from 'node:worker_threads'
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely'
import { deserializeError, type SerializedError } from './sqlite-writer-client.js'
import { startThreadScript } from './thread-script.js'

export interface ReaderSettings {
  path: string
  busyTimeoutMs: number
  cacheSize: number
}

export type ReaderRequest =
  | { type: 'query'; id: number; sql: string; parameters: readonly unknown[] }
  | { type: 'close' }

export type ReaderReply =
  | { type: 'rows'; id: number; rows: Record<string, unknown>[] }
  | { type: 'failed'; id: number; error: SerializedError }
  | { type: 'closed' }

/** One per core of the bench machine: more would only queue on the cores. */
const READER_THREADS = 2

interface Settle {
  resolve: (rows: Record<string, unknown>[]) => void
  reject: (error: Error) => void
}

interface Reader {
  worker: Worker
  /** At most one: a thread takes a statement only when it is free. */
  pending: Map<number, Settle>
}

interface Waiting extends Settle {
  sql: string
  parameters: readonly unknown[]
}

export class SqliteReaderPool {
  readonly #settings: ReaderSettings
  readonly #readers: Reader[] = []
  readonly #waiting: Waiting[] = []
  #nextId = 1
  #closed = false

  constructor(settings: ReaderSettings) {
    this.#settings = settings
  }

  query(sql: string, parameters: readonly unknown[]): Promise<Record<string, unknown>[]> {
    if (this.#closed) return Promise.reject(new Error('the store is closed'))
    return new Promise((resolve, reject) => {
      this.#waiting.push({ sql, parameters, resolve, reject })
      this.#dispatch()
    })
  }

  /** Hands waiting statements to free threads, starting threads up to the limit. */
  #dispatch(): void {
    while (this.#waiting.length > 0) {
      const reader =
        this.#readers.find((r) => r.pending.size === 0) ??
        (this.#readers.length < READER_THREADS ? this.#start() : undefined)
      if (!reader) return
      const { sql, parameters, resolve, reject } = this.#waiting.shift()!
      const id = this.#nextId++
      reader.worker.ref()
      reader.pending.set(id, { resolve, reject })
      reader.worker.postMessage({ type: 'query', id, sql, parameters } satisfies ReaderRequest)
    }
  }

  /** Stops the threads once their statements are answered. */
  async close(): Promise<void> {
    this.#closed = true
    // Statements still queued run first: a thread frees up for each as the others finish.
    while (this.#waiting.length > 0) {
      const running = this.#readers.flatMap((reader) => [...reader.pending.values()])
      if (running.length === 0) {
        for (const waiting of this.#waiting.splice(0)) waiting.reject(new Error('the store is closed'))
        break
      }
      await Promise.allSettled(running.map(settledOf))
    }
    const readers = this.#readers.splice(0)
    await Promise.all(
      readers.map(async (reader) => {
        await Promise.allSettled([...reader.pending.values()].map(settledOf))
        const exited = new Promise<void>((resolve) => reader.worker.once('exit', () => resolve()))
        reader.worker.ref()
        reader.worker.postMessage({ type: 'close' } satisfies ReaderRequest)
        await exited
      }),
    )
  }

  #start(): Reader {
    const worker = startThreadScript('sqlite-reader-thread', this.#settings)
    worker.unref()
    const reader: Reader = { worker, pending: new Map() }
    worker.on('message', (reply: ReaderReply) => {
      if (reply.type === 'closed') return
      const pending = reader.pending.get(reply.id)
      if (!pending) return
      reader.pending.delete(reply.id)
      if (reader.pending.size === 0) worker.unref()
      if (reply.type === 'rows') pending.resolve(reply.rows)
      else pending.reject(deserializeError(reply.error))
      this.#dispatch()
    })
    const fail = (error: unknown) => {
      const index = this.#readers.indexOf(reader)
      if (index >= 0) this.#readers.splice(index, 1)
      const reason = new Error(
        `a SQLite reader thread stopped: ${error instanceof Error ? error.message : error}`,
      )
      for (const pending of reader.pending.values()) pending.reject(reason)
      reader.pending.clear()
      if (!this.#closed) this.#dispatch()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)))
    this.#readers.push(reader)
    return reader
  }
}

/** Settles when `pending` does, whichever way (wraps its callbacks). */
function settledOf(pending: Settle): Promise<void> {
  return new Promise<void>((settled) => {
    const { resolve, reject } = pending
    pending.resolve = (rows) => {
      resolve(rows)
      settled()
    }
    pending.reject = (error) => {
      reject(error)
      settled()
    }
  })
}

/** A Kysely dialect whose statements run on the pool's threads: SELECTs only, no transactions. */
export function readerPoolDialect(pool: SqliteReaderPool): Dialect {
  const connection: DatabaseConnection = {
    async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
      return { rows: (await pool.query(compiled.sql, compiled.parameters)) as R[] }
    },
    // biome-ignore lint/correctness/useYield: streaming is not offered here
    async *streamQuery() {
      throw new Error('the reader threads do not stream')
    },
  }
  const driver: Driver = {
    init: async () => undefined,
    acquireConnection: async () => connection,
    beginTransaction: async () => {
      throw new Error('the reader threads run no transactions')
    },
    commitTransaction: async () => undefined,
    rollbackTransaction: async () => undefined,
    releaseConnection: async () => undefined,
    destroy: async () => undefined,
  }
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => driver,
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  }
}
