/**
 * SQLite backend: one file, WAL mode, zero set-up. Durability follows `ServerConfig.durability`:
 * synchronous=NORMAL keeps every committed transaction through a process crash (`kill -9`);
 * synchronous=FULL adds an fsync per commit for power loss (ADR 0101).
 */
import BetterSqlite3, { type Database } from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { Durability } from '../../config.js'
import { KeyAndSchemaTables, type SharedTables } from '../key-and-schema-tables.js'
import { runMigrations } from '../migrations/migration-provider.js'
import type { ReadSide } from '../read-side.js'
import { KyselySegmentStore, type SegmentStore } from '../segment-store.js'
import type { SegmentWatchStore } from '../segment-watch-store.js'
import type {
  CommitOptions,
  CustomerAggregate,
  EventRow,
  OutboxEntry,
  RowOutcome,
  Store,
  StoredEvent,
  StoreInspection,
} from '../store.js'
import type { WebhookStore } from '../webhook-store.js'
import { readAggregates } from './sqlite-aggregates.js'
import type { FoldPolicy } from './sqlite-fold.js'
import { sqliteReadSide } from './sqlite-read-side.js'
import { SqliteReaderPool } from './sqlite-reader-pool.js'
import { SqliteSegmentWatch } from './sqlite-segment-watch.js'
import { SqliteWebhookStore } from './sqlite-webhooks.js'
import { SqliteWriterClient } from './sqlite-writer-client.js'
import { ifWriteLockFree } from './write-lock-attempt.js'

export interface SqliteStoreOptions {
  path: string
  durability?: Durability
  cacheMiB?: number
  busyTimeoutMs?: number
  /** When the writer folds the log into timelines and aggregates (ADR 0106); tests vary it. */
  fold?: FoldPolicy
  /** false: commit (and fold) on the calling thread instead of the writer thread; tests use it. */
  writerThread?: boolean
}

/** How long `ping` keeps asking for the write lock; the busy writer of a healthy store holds it for milliseconds. */
const PING_WRITE_WAIT_MS = 1_500

export class SqliteStore extends KeyAndSchemaTables implements Store, StoreInspection {
  readonly kind = 'sqlite' as const
  readonly location: string
  readonly readSide: ReadSide
  readonly webhooks: WebhookStore
  readonly segments: SegmentStore
  readonly segmentWatch: SegmentWatchStore
  readonly #db: Database
  readonly #kysely: Kysely<SharedTables>
  readonly #writer: { fold?: FoldPolicy; thread?: boolean }
  readonly #busyTimeoutMs: number
  /** Start times of the commits under way, by commit. */
  readonly #commitsUnderWay = new Map<number, number>()
  #nextCommit = 0
  #writerClient: SqliteWriterClient | undefined
  readonly #readers: SqliteReaderPool | undefined

  constructor(options: SqliteStoreOptions) {
    const db = new BetterSqlite3(options.path)
    db.pragma('journal_mode = WAL')
    db.pragma(`synchronous = ${options.durability === 'power-loss' ? 'FULL' : 'NORMAL'}`)
    const busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))
    db.pragma(`busy_timeout = ${busyTimeoutMs}`)
    db.pragma(`cache_size = ${-1024 * Math.max(2, Math.floor(options.cacheMiB ?? 256))}`)
    db.pragma('temp_store = MEMORY')
    db.pragma('foreign_keys = OFF')
    const kysely = new Kysely<SharedTables>({ dialect: new SqliteDialect({ database: db }) })
    super(kysely)
    this.location = options.path
    this.#busyTimeoutMs = busyTimeoutMs
    this.#db = db
    this.#kysely = kysely
    // Not for in-memory databases: another connection would see another database.
    this.#readers = db.memory
      ? undefined
      : new SqliteReaderPool({
          path: options.path,
          busyTimeoutMs,
          cacheSize: Number(db.pragma('cache_size', { simple: true })),
        })
    this.readSide = sqliteReadSide(db, this.#readers)
    this.segments = new KyselySegmentStore(this.readSide.db)
    this.webhooks = new SqliteWebhookStore(db)
    this.segmentWatch = new SqliteSegmentWatch(db)
    this.#writer = {
      ...(options.fold && { fold: options.fold }),
      ...(options.writerThread !== undefined && { thread: options.writerThread }),
    }
  }

  async migrate(): Promise<void> {
    await runMigrations(this.#kysely, 'sqlite')
    this.#writerClient = new SqliteWriterClient(this.#db, this.#writer)
  }

  /**
   * Reads keep working while another connection holds the write lock (WAL), so readiness also
   * asks for the write lock, without waiting on it (a busy wait would block the event loop for
   * the whole busy timeout): retried briefly, then the error, which counts as unavailable. While
   * our own writer has a commit under way younger than the busy timeout, writes are moving (a
   * commit stuck behind another process fails by itself at the busy timeout), so the lock is not
   * contended for: a busy writer would rarely leave a gap to take it in.
   */
  async ping(): Promise<void> {
    this.#db.prepare('SELECT 1').get()
    const now = Date.now()
    for (const started of this.#commitsUnderWay.values()) {
      if (now - started < this.#busyTimeoutMs) return
    }
    const deadline = Date.now() + PING_WRITE_WAIT_MS
    for (;;) {
      if (this.#db.inTransaction || ifWriteLockFree(this.#db, () => true)) return
      if (Date.now() >= deadline)
        throw Object.assign(new Error(`the SQLite write lock stayed taken for ${PING_WRITE_WAIT_MS} ms`), {
          code: 'SQLITE_BUSY',
        })
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }

  async commit(rows: readonly EventRow[], options: CommitOptions): Promise<RowOutcome[]> {
    if (!this.#writerClient) throw new Error('SqliteStore.migrate() must run before commit()')
    const id = this.#nextCommit++
    this.#commitsUnderWay.set(id, Date.now())
    try {
      return await this.#writerClient.commit(rows, options)
    } finally {
      this.#commitsUnderWay.delete(id)
    }
  }

  async getEvent(companyId: string, eventId: string): Promise<StoredEvent | undefined> {
    const row = this.#db
      .prepare<
        [string, string],
        {
          event_name: string
          customer_id: string | null
          content_hash: string
          event_ts: number
          body: string
        }
      >(
        'SELECT event_name, customer_id, content_hash, event_ts, body FROM events WHERE company_id = ? AND event_id = ?',
      )
      .get(companyId, eventId)
    if (!row) return undefined
    return {
      companyId,
      eventId,
      eventName: row.event_name,
      customerId: row.customer_id,
      contentHash: row.content_hash,
      eventTs: row.event_ts,
      body: JSON.parse(row.body) as Record<string, unknown>,
    }
  }

  async countEvents(companyId: string): Promise<number> {
    return this.#count('SELECT count(*) AS n FROM events WHERE company_id = ?', companyId)
  }

  async countUnresolved(companyId: string): Promise<number> {
    return this.#count(
      'SELECT count(*) AS n FROM events WHERE company_id = ? AND customer_id IS NULL',
      companyId,
    )
  }

  async customerAggregates(companyId: string, customerId: string): Promise<CustomerAggregate[]> {
    return readAggregates(this.#db, companyId, customerId)
  }

  async outbox(companyId: string, limit = 1000): Promise<OutboxEntry[]> {
    return this.#db
      .prepare<[string, string, number], OutboxEntry>(
        // Per-event rows written before migration 0002 first, then the events of each commit's
        // range in outbox_batches (one row per commit, see sqlite-batch-writer.ts).
        `SELECT id, companyId, eventId, eventName FROM (
           SELECT 0 AS part, id, company_id AS companyId, event_id AS eventId, event_name AS eventName
           FROM outbox WHERE company_id = ?
           UNION ALL
           SELECT 1, e.seq, e.company_id, e.event_id, e.event_name
           FROM outbox_batches b JOIN events e ON e.seq BETWEEN b.first_seq AND b.last_seq
           WHERE e.company_id = ?)
         ORDER BY part, id LIMIT ?`,
      )
      .all(companyId, companyId, limit)
  }

  async close(): Promise<void> {
    await this.#writerClient?.close()
    await this.#readers?.close()
    await this.#kysely.destroy()
    if (this.#db.open) this.#db.close()
  }

  #count(query: string, companyId: string): number {
    return this.#db.prepare<[string], { n: number }>(query).get(companyId)!.n
  }
}
