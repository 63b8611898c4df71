/**
 * The main thread's client of the SQLite writer thread: the group commit, off the main thread.
 * better-sqlite3 is synchronous: a commit on the main thread stops HTTP, JSON parsing and
 * validation for its whole duration. So a dedicated
 * writer thread (`sqlite-writer-thread.ts`) owns a second connection to the same file and runs
 * each transaction (`SqliteBatchWriter`); the main thread posts a batch, keeps parsing the next
 * requests while it is written (which also makes the next group bigger and cheaper per event),
 * and gets the outcomes back once the transaction has COMMITTED — acknowledged still means
 * committed. Reads stay on the main connection (WAL: readers never wait for the writer).
 *
 * The rows go over as they are (structured clone, ~1 µs an event for both threads together —
 * measured cheaper than encoding them into one string and decoding it again); the outcomes come
 * back as ONE string (`outcome-codec.ts`), ten times cheaper than cloning an object per event.
 *
 * In-memory databases cannot be shared between connections; they are written in-thread.
 */
import type { Worker } from 'node:worker_threads'
import type { Database } from 'better-sqlite3'
import type { CommitOptions, EventRow, RowOutcome } from '../store.js'
import { decodeOutcomes } from './outcome-codec.js'
import { type RowColumns, toColumns } from './row-columns.js'
import { SqliteBatchWriter } from './sqlite-batch-writer.js'
import { DEFAULT_FOLD_POLICY, type FoldPolicy } from './sqlite-fold.js'
import { startThreadScript } from './thread-script.js'

/** What the writer thread needs to open its connection like the store's own. */
export interface WriterSettings {
  path: string
  synchronous: number
  busyTimeoutMs: number
  cacheSize: number
  fold: FoldPolicy
}

export type WriterRequest =
  | { type: 'commit'; id: number; rows: RowColumns; options: CommitOptions }
  | { type: 'close' }
  /** To the checkpointer: bulk commits are arriving; pace passes for bulk until this time (ms). */
  | { type: 'bulk'; until: number }

export type WriterReply =
  /** `outcomes`: one string from `encodeOutcomes` (outcome-codec.ts), decoded against the batch's rows. */
  | { type: 'committed'; id: number; outcomes: string }
  | { type: 'failed'; id: number; error: SerializedError }
  | { type: 'closed' }

export interface SerializedError {
  name: string
  message: string
  code?: string
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) }
  const code = (error as { code?: unknown }).code
  return { name: error.name, message: error.message, ...(typeof code === 'string' && { code }) }
}

export function deserializeError(error: SerializedError): Error {
  const revived = new Error(error.message)
  revived.name = error.name
  if (error.code !== undefined) Object.assign(revived, { code: error.code })
  return revived
}

export function settingsOf(db: Database, fold: FoldPolicy): WriterSettings {
  return {
    fold,
    path: db.name,
    synchronous: Number(db.pragma('synchronous', { simple: true })),
    busyTimeoutMs: Number(db.pragma('busy_timeout', { simple: true })),
    cacheSize: Number(db.pragma('cache_size', { simple: true })),
  }
}

/** Applies the store's pragmas to a connection (the writer thread's own). */
export function applySettings(db: Database, settings: WriterSettings): void {
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${Math.floor(settings.synchronous)}`)
  db.pragma(`busy_timeout = ${Math.floor(settings.busyTimeoutMs)}`)
  db.pragma(`cache_size = ${Math.floor(settings.cacheSize)}`)
  db.pragma('temp_store = MEMORY')
  db.pragma('foreign_keys = OFF')
}

interface Pending {
  rows: readonly EventRow[]
  resolve: (outcomes: RowOutcome[]) => void
  reject: (error: unknown) => void
}

/** How long the checkpointer keeps its bulk pace after the last bulk commit was sent. */
const BULK_PACE_HOLD_MS = 2_000

export class SqliteWriterClient {
  readonly #inline: SqliteBatchWriter | undefined
  readonly #settings: WriterSettings
  readonly #pending = new Map<number, Pending>()
  #worker: Worker | undefined
  #checkpointer: Worker | undefined
  #nextId = 1
  #closing: Promise<void> | undefined

  /** `thread: false` writes on the calling thread (always so for in-memory databases). */
  constructor(db: Database, options: { thread?: boolean; fold?: FoldPolicy } = {}) {
    const fold = options.fold ?? DEFAULT_FOLD_POLICY
    this.#settings = settingsOf(db, fold)
    if (db.memory || options.thread === false) this.#inline = new SqliteBatchWriter(db, fold)
  }

  get threaded(): boolean {
    return this.#inline === undefined
  }

  commit(rows: readonly EventRow[], options: CommitOptions): Promise<RowOutcome[]> {
    if (this.#inline) {
      try {
        const outcomes = this.#inline.commit(rows, options)
        this.#inline.fold.foldIfDue()
        return Promise.resolve(outcomes)
      } catch (error) {
        return Promise.reject(error)
      }
    }
    if (this.#closing) return Promise.reject(writerError('the store is closing'))
    const worker = this.#ensureWorker()
    if (options.bulk)
      this.#checkpointer?.postMessage({
        type: 'bulk',
        until: Date.now() + BULK_PACE_HOLD_MS,
      } satisfies WriterRequest)
    const id = this.#nextId++
    return new Promise((resolve, reject) => {
      if (this.#pending.size === 0) worker.ref()
      this.#pending.set(id, { rows, resolve, reject })
      worker.postMessage({ type: 'commit', id, rows: toColumns(rows), options } satisfies WriterRequest)
    })
  }

  /** Waits for the commits in flight, then closes the writer's connection and stops the thread. */
  close(): Promise<void> {
    this.#closing ??= this.#close()
    return this.#closing
  }

  async #close(): Promise<void> {
    await Promise.allSettled([...this.#pending.values()].map((p) => new Promise((r) => wrap(p, r))))
    await Promise.all([this.#worker, this.#checkpointer].map((worker) => worker && stop(worker)))
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker
    const worker = startWriter({ ...this.#settings, role: 'writer' })
    worker.unref()
    if (!this.#checkpointer) {
      const checkpointer = startWriter({ ...this.#settings, role: 'checkpointer' })
      checkpointer.unref()
      // Without it the writer's own once-a-second checkpoint still bounds the WAL.
      checkpointer.on('error', () => undefined)
      checkpointer.on('exit', () => {
        if (this.#checkpointer === checkpointer) this.#checkpointer = undefined
      })
      this.#checkpointer = checkpointer
    }
    worker.on('message', (reply: WriterReply) => {
      if (reply.type === 'closed') return
      const pending = this.#pending.get(reply.id)
      if (!pending) return
      this.#pending.delete(reply.id)
      if (this.#pending.size === 0) worker.unref()
      if (reply.type !== 'committed') return pending.reject(deserializeError(reply.error))
      let outcomes: RowOutcome[]
      try {
        outcomes = decodeOutcomes(pending.rows, reply.outcomes)
      } catch (error) {
        return pending.reject(error)
      }
      pending.resolve(outcomes)
    })
    const fail = (error: unknown) => {
      if (this.#worker === worker) this.#worker = undefined
      const reason = writerError(`the SQLite writer thread stopped: ${serializeError(error).message}`)
      for (const pending of this.#pending.values()) pending.reject(reason)
      this.#pending.clear()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)))
    this.#worker = worker
    return worker
  }
}

/** Asks a thread to close its connection and waits for it to exit. */
function stop(worker: Worker): Promise<void> {
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  worker.ref()
  worker.postMessage({ type: 'close' } satisfies WriterRequest)
  return exited
}

/** Settles when `pending` does, whichever way. */
function wrap(pending: Pending, settled: (value: unknown) => void): void {
  const { resolve, reject } = pending
  pending.resolve = (outcomes) => {
    resolve(outcomes)
    settled(undefined)
  }
  pending.reject = (error) => {
    reject(error)
    settled(undefined)
  }
}

/** An I/O-class failure: the group committer answers 503 and the SDK retries (same event ids). */
function writerError(message: string): Error {
  return Object.assign(new Error(message), { code: 'SQLITE_IOERR_WRITER' })
}

function startWriter(settings: WriterSettings & { role: 'writer' | 'checkpointer' }): Worker {
  return startThreadScript('sqlite-writer-thread', settings)
}
