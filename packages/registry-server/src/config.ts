/**
 * Every server default in one place. `resolveConfig` spreads options over these defaults and
 * freezes the result; nothing else in the server invents a default.
 */
import { WIRE_LIMITS } from '@cebe/schemas'
import type { HealthScoreConfig } from './retrieval/metrics/health-score-config.js'
import { DEFAULT_RETRY_SCHEDULE_MS } from './webhooks/retry-schedule.js'

export type Durability = 'process-crash' | 'power-loss'

export interface ServerConfig {
  /** `postgres://…` for PostgreSQL, anything else is a SQLite file path. */
  databaseUrl: string
  host: string
  port: number
  /**
   * `process-crash` (default): an acknowledged event survives `kill -9` of the server
   * (SQLite WAL + synchronous=NORMAL). `power-loss`: it also survives an OS crash or power cut
   * (SQLite synchronous=FULL, one fsync per commit). PostgreSQL follows its own synchronous_commit.
   */
  durability: Durability
  /** Most events one request may carry. */
  maxEventsPerRequest: number
  /** Largest request body after decompression, in bytes. */
  maxRequestBytes: number
  /** Largest single event, serialized, in bytes. */
  maxEventBytes: number
  /** Events waiting for a commit beyond which requests get 429 + Retry-After. */
  maxPendingEvents: number
  /** Most events written in one group-commit transaction. */
  maxEventsPerCommit: number
  /** Group-commit transactions in flight at once (SQLite: the second waits, already posted, for the one writer thread). */
  maxCommitsInFlight: number
  /** How long a key lookup is cached; a revoked key stops working after at most this long. */
  keyCacheTtlMs: number
  /** SQLite page cache, in MiB. */
  sqliteCacheMiB: number
  /** SQLite busy timeout: how long a write waits for a lock before the store counts as unavailable. */
  sqliteBusyTimeoutMs: number
  /** PostgreSQL pool size. */
  postgresPoolSize: number
  /**
   * PostgreSQL: how long a statement waits for a lock before the store counts as unavailable
   * (503 + Retry-After), as `sqliteBusyTimeoutMs` does for SQLite.
   */
  postgresLockTimeoutMs: number
  /** PostgreSQL: longest statement; past it the server cancels it and the request gets 503. */
  postgresStatementTimeoutMs: number
  /** PostgreSQL: longest wait for a connection (new or from the pool) before 503. */
  postgresConnectTimeoutMs: number
  /** How long /readyz waits for the store before it answers 503. */
  readyTimeoutMs: number
  /** Events whose timestamp→commit lag exceeds this are counted as over the SLA. */
  slaSeconds: number
  /** pino level, or false for no request logs. */
  logLevel: string | false
  /** Run the webhook dispatcher in this process (every node may; PostgreSQL row locks share the work). */
  webhookDispatch: boolean
  /** Deliveries in flight at once on this node. */
  webhookConcurrency: number
  /** Deliveries in flight at once per subscription on this node, so a slow receiver holds only a few slots. */
  webhookPerSubscription: number
  /** One attempt's time limit; no answer by then is a failure to retry. */
  webhookTimeoutMs: number
  /** A claimed delivery is redelivered after this if its node died mid-attempt; longer than the timeout. */
  webhookLeaseMs: number
  /** How often a node looks for new outbox entries and due retries when nothing nudged it. */
  webhookPollMs: number
  /** Delay after each failed attempt (docs/guides/webhooks.md); its length + 1 is the attempt budget. */
  webhookRetryScheduleMs: readonly number[]
  /** Delivered deliveries and drained outbox entries are deleted after this. */
  webhookRetentionMs: number
  /** Longest time a segment that webhooks watch goes without re-evaluation (time-window rules change with no event). */
  segmentRefreshMs: number
  /** Shortest time between re-evaluations of a watched segment whose company had a commit on this node. */
  segmentAfterCommitMs: number
  /**
   * The health score's weights, tier ladder and CSAT span (METRICS.md "Health score"); unset parts
   * keep the defaults of `@cebe/schemas` `HEALTH_SCORE_FACTORS`.
   */
  healthScore: Partial<HealthScoreConfig>
  /** The built web console (`@cebe/console`'s `dist`) served at /console/; null serves a page saying how to install it. */
  consoleDir: string | null
}

export const DEFAULT_CONFIG: ServerConfig = Object.freeze({
  databaseUrl: './cebe.db',
  host: '127.0.0.1',
  port: 4747,
  durability: 'process-crash',
  ...WIRE_LIMITS,
  maxPendingEvents: 50_000,
  maxEventsPerCommit: 5_000,
  maxCommitsInFlight: 2,
  keyCacheTtlMs: 5_000,
  sqliteCacheMiB: 256,
  sqliteBusyTimeoutMs: 5_000,
  postgresPoolSize: 8,
  postgresLockTimeoutMs: 5_000,
  postgresStatementTimeoutMs: 15_000,
  postgresConnectTimeoutMs: 5_000,
  readyTimeoutMs: 2_000,
  slaSeconds: 5,
  logLevel: 'info',
  webhookDispatch: true,
  webhookConcurrency: 32,
  webhookPerSubscription: 4,
  webhookTimeoutMs: 15_000,
  webhookLeaseMs: 60_000,
  webhookPollMs: 1_000,
  webhookRetryScheduleMs: DEFAULT_RETRY_SCHEDULE_MS,
  webhookRetentionMs: 7 * 24 * 3600 * 1000,
  segmentRefreshMs: 60_000,
  segmentAfterCommitMs: 5_000,
  healthScore: Object.freeze({}),
  consoleDir: null,
})

export function resolveConfig(options: Partial<ServerConfig> = {}): Readonly<ServerConfig> {
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined))
  return Object.freeze({ ...DEFAULT_CONFIG, ...defined })
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url)
}
