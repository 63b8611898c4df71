/**
 * @cebe/registry-server — durable, idempotent event ingest on SQLite or PostgreSQL.
 *
 * ```ts
 * import { startServer } from '@cebe/registry-server'
 * const server = await startServer({ databaseUrl: './cebe.db', port: 4747 })
 * ```
 */

export { type AppOptions, buildApp } from './app.js'
export { type GeneratedKey, generateApiKey, hashApiKey, READ_ROLES } from './auth/api-keys.js'
export type { Durability, ServerConfig } from './config.js'
export { DEFAULT_CONFIG, isPostgresUrl, resolveConfig } from './config.js'
export type { ErrorCode } from './errors.js'
export { ServerError } from './errors.js'
export type { HealthExplanation, HealthFactor } from './retrieval/metrics/health-explanation.js'
export { healthExplanation } from './retrieval/metrics/health-explanation.js'
export type { HealthScoreConfig } from './retrieval/metrics/health-score-config.js'
export { DEFAULT_HEALTH_SCORE_CONFIG, healthScoreConfig } from './retrieval/metrics/health-score-config.js'
export type { MetricGroup, MetricValues, MetricWindow } from './retrieval/metrics/metric-engine.js'
export {
  companyMetrics,
  customerMetrics,
  groupedMetrics,
  metricPerCustomer,
} from './retrieval/metrics/metric-engine.js'
export { type RunningServer, startServer } from './server.js'
export { openStore, type StoreConfig } from './storage/open-store.js'
export { PostgresStore, type PostgresStoreOptions } from './storage/postgres/postgres-store.js'
export { SqliteStore, type SqliteStoreOptions } from './storage/sqlite/sqlite-store.js'
export type {
  ApiKeyRecord,
  CommitOptions,
  CommitStatus,
  CustomerAggregate,
  EventLog,
  EventRow,
  Identifier,
  IdentityConflict,
  InspectableStore,
  KeyStore,
  KeyType,
  NewApiKey,
  OutboxEntry,
  ReadRole,
  RowOutcome,
  SchemaStore,
  Store,
  StoredEvent,
  StoredSchema,
  StoreInspection,
} from './storage/store.js'
