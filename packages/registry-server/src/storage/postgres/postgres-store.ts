/**
 * PostgreSQL backend: many stateless server nodes on one database. Events are partitioned by
 * month; dedup holds across nodes through `event_keys`' primary key (ADR 0102).
 */
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { KnownCustomerCache } from '../customer-directory.js'
import { KeyAndSchemaTables, type SharedTables } from '../key-and-schema-tables.js'
import { runMigrations } from '../migrations/migration-provider.js'
import type { CustomerEventColumns, ReadSide } from '../read-side.js'
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
import { commitPostgres } from './postgres-commit.js'
import { namedStatementPool } from './postgres-named-statements.js'
import { MonthlyPartitions } from './postgres-partitions.js'
import { postgresReadSide, type ReadTables } from './postgres-read-side.js'
import { PostgresSegmentWatch } from './postgres-segment-watch.js'
import { PostgresWebhookStore } from './postgres-webhooks.js'

export interface PostgresStoreOptions {
  connectionString: string
  poolSize?: number
  /** Schema to put first on the search_path (tests isolate themselves this way). */
  schema?: string
  /** Longest wait for a lock (PostgreSQL lock_timeout). Default 5 s. */
  lockTimeoutMs?: number
  /** Longest statement (PostgreSQL statement_timeout). Default 15 s. */
  statementTimeoutMs?: number
  /** Longest wait for a connection, new or from the pool. Default 5 s. */
  connectTimeoutMs?: number
}

/**
 * Every wait on PostgreSQL is bounded, so a locked table or a frozen server becomes a 503 +
 * Retry-After (errors.ts) instead of a request that hangs: the server cancels statements past
 * statement_timeout and lock waits past lock_timeout; the client gives up on an answer that never
 * comes (a frozen server cannot even cancel) a little after that; TCP keep-alive notices a peer
 * that vanished without a FIN.
 */
function boundedWaits(options: PostgresStoreOptions) {
  const statement = options.statementTimeoutMs ?? 15_000
  return {
    lock_timeout: options.lockTimeoutMs ?? 5_000,
    statement_timeout: statement,
    query_timeout: statement + 2_000,
    idle_in_transaction_session_timeout: statement * 2,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  }
}

/**
 * Settings of every pooled connection (ADR 0120). A company-wide metric statement is costed above
 * PostgreSQL's JIT threshold, and compiling it took longer than running it (~450 ms of ~1.2 s at
 * 1M events) on every run; its sorts of ~100k rows spill to disk with the default 4 MB of work
 * memory. Parallel workers are off: a request already runs its statements side by side on the
 * pool, and a worker per statement only tripled the CPU of the part it ran (company metrics 6 %
 * faster without them, the all-customer segment preview no slower).
 */
const SESSION_SETTINGS = '-c jit=off -c work_mem=32MB -c max_parallel_workers_per_gather=0'

/**
 * libpq `options` for every connection: these, then any the URL itself gives (the URL's win, as
 * they did when its options replaced the pool's). pg reads `options` from the URL over the
 * config, so they are merged into the URL.
 */
function withSessionOptions(
  connectionString: string,
  options: readonly (string | undefined)[],
): { connectionString: string; options?: string } {
  const ours = options.filter(Boolean).join(' ')
  let url: URL
  try {
    url = new URL(connectionString)
  } catch {
    return { connectionString, options: ours }
  }
  const given = url.searchParams.get('options')
  url.searchParams.set('options', given ? `${ours} ${given}` : ours)
  return { connectionString: url.toString() }
}

/** Serialization failures and deadlocks are retried: the transaction did nothing. */
const RETRYABLE = new Set(['40001', '40P01'])
const MIGRATION_LOCK = 4_747_001

export class PostgresStore extends KeyAndSchemaTables implements Store, StoreInspection {
  readonly kind = 'postgres' as const
  readonly location: string
  readonly readSide: ReadSide
  readonly webhooks: WebhookStore
  readonly segments: SegmentStore
  readonly segmentWatch: SegmentWatchStore
  readonly #pool: pg.Pool
  readonly #kysely: Kysely<SharedTables>
  readonly #partitions: MonthlyPartitions
  readonly #knownCustomers = new KnownCustomerCache()

  readonly #connectionString: string
  readonly #options: string | undefined
  readonly #lockTimeoutMs: number

  constructor(options: PostgresStoreOptions) {
    const searchPath = options.schema ? `-c search_path=${options.schema}` : undefined
    const pool = new pg.Pool({
      ...withSessionOptions(options.connectionString, [searchPath, SESSION_SETTINGS]),
      max: options.poolSize ?? 8,
      ...boundedWaits(options),
    })
    // An idle client losing its connection must not crash the process; the next query reports it.
    pool.on('error', () => undefined)
    const kysely = new Kysely<SharedTables>({ dialect: new PostgresDialect({ pool }) })
    super(kysely)
    this.location = redact(options.connectionString)
    this.#connectionString = options.connectionString
    this.#options = searchPath
    this.#lockTimeoutMs = options.lockTimeoutMs ?? 5_000
    this.#pool = pool
    this.#kysely = kysely
    this.readSide = postgresReadSide(
      kysely.withTables<{ events: CustomerEventColumns }>(),
      new Kysely<ReadTables>({ dialect: new PostgresDialect({ pool: namedStatementPool(pool) }) }),
    )
    this.segments = new KyselySegmentStore(this.readSide.db)
    this.webhooks = new PostgresWebhookStore(pool)
    this.segmentWatch = new PostgresSegmentWatch(pool)
    this.#partitions = new MonthlyPartitions(pool)
  }

  async migrate(): Promise<void> {
    // Serialize concurrent starts: Kysely's own lock table must itself be created first. The
    // advisory lock lives on a connection of its own, so a pool of one still has one to migrate with.
    const client = new pg.Client({ connectionString: this.#connectionString, options: this.#options })
    client.on('error', ignore)
    await client.connect()
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
      const { rows } = await client.query<{ schema: string }>('SELECT current_schema() AS schema')
      // Without the request timeouts: a migration may fill a new column over the whole event log.
      const pool = new pg.Pool({
        connectionString: this.#connectionString,
        max: 1,
        lock_timeout: this.#lockTimeoutMs,
        ...(this.#options && { options: this.#options }),
      })
      pool.on('error', ignore)
      const migrations = new Kysely<SharedTables>({ dialect: new PostgresDialect({ pool }) })
      try {
        await runMigrations(migrations, 'postgres', rows[0]?.schema ?? 'public')
      } finally {
        await migrations.destroy()
      }
      await this.#partitions.ensure([Date.now(), Date.now() + 32 * 24 * 3600 * 1000])
    } finally {
      await client.end().catch(() => undefined)
    }
  }

  async ping(): Promise<void> {
    await this.#pool.query('SELECT 1')
  }

  async commit(rows: readonly EventRow[], options: CommitOptions): Promise<RowOutcome[]> {
    await this.#partitions.ensure(rows.map((r) => r.eventTs))
    for (let attempt = 1; ; attempt++) {
      const client = await this.#pool.connect()
      let broken = false
      // A connection lost between two statements is reported on the client, not the query:
      // without a listener that would be an uncaught exception; the next query fails instead.
      client.on('error', ignore)
      try {
        await client.query('BEGIN')
        const sighted: [string, string][] = []
        const outcomes = await commitPostgres(client, rows, options, this.#knownCustomers, sighted)
        await client.query('COMMIT')
        for (const [companyId, customerId] of sighted) this.#knownCustomers.add(companyId, customerId)
        return outcomes
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true
        })
        const code = (error as { code?: string }).code
        if (attempt < 5 && code && RETRYABLE.has(code)) continue
        throw error
      } finally {
        client.off('error', ignore)
        client.release(broken)
      }
    }
  }

  async getEvent(companyId: string, eventId: string): Promise<StoredEvent | undefined> {
    const { rows } = await this.#pool.query<{
      event_name: string
      customer_id: string | null
      content_hash: string
      ts: string
      body: Record<string, unknown>
    }>(
      `SELECT e.event_name, e.customer_id, e.content_hash, extract(epoch FROM e.event_ts) * 1000 AS ts, e.body
       FROM event_keys k JOIN events e ON e.company_id = k.company_id AND e.event_id = k.event_id AND e.event_ts = k.event_ts
       WHERE k.company_id = $1 AND k.event_id = $2`,
      [companyId, eventId],
    )
    const row = rows[0]
    if (!row) return undefined
    return {
      companyId,
      eventId,
      eventName: row.event_name,
      customerId: row.customer_id,
      contentHash: row.content_hash,
      eventTs: Math.round(Number(row.ts)),
      body: row.body,
    }
  }

  async countEvents(companyId: string): Promise<number> {
    return this.#count('SELECT count(*) AS n FROM events WHERE company_id = $1', companyId)
  }

  async countUnresolved(companyId: string): Promise<number> {
    return this.#count(
      'SELECT count(*) AS n FROM events WHERE company_id = $1 AND customer_id IS NULL',
      companyId,
    )
  }

  async customerAggregates(companyId: string, customerId: string): Promise<CustomerAggregate[]> {
    const { rows } = await this.#pool.query<{ event_name: string; n: string; f: string; l: string }>(
      `SELECT event_name, events_count AS n, extract(epoch FROM first_event_ts) * 1000 AS f,
              extract(epoch FROM last_event_ts) * 1000 AS l
       FROM customer_aggregates WHERE company_id = $1 AND customer_id = $2 ORDER BY event_name`,
      [companyId, customerId],
    )
    return rows.map((r) => ({
      eventName: r.event_name,
      count: Number(r.n),
      firstEventTs: Math.round(Number(r.f)),
      lastEventTs: Math.round(Number(r.l)),
    }))
  }

  async outbox(companyId: string, limit = 1000): Promise<OutboxEntry[]> {
    const { rows } = await this.#pool.query<{
      id: string
      company_id: string
      event_id: string
      event_name: string
    }>('SELECT id, company_id, event_id, event_name FROM outbox WHERE company_id = $1 ORDER BY id LIMIT $2', [
      companyId,
      limit,
    ])
    return rows.map((r) => ({
      id: Number(r.id),
      companyId: r.company_id,
      eventId: r.event_id,
      eventName: r.event_name,
    }))
  }

  async close(): Promise<void> {
    await this.#kysely.destroy().catch(() => undefined)
  }

  async #count(query: string, companyId: string): Promise<number> {
    const { rows } = await this.#pool.query<{ n: string }>(query, [companyId])
    return Number(rows[0]!.n)
  }
}

function ignore(): void {}

function redact(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'postgres'
  }
}
