import { isPostgresUrl, type ServerConfig } from '../config.js'
import { PostgresStore } from './postgres/postgres-store.js'
import { SqliteStore } from './sqlite/sqlite-store.js'
import type { InspectableStore } from './store.js'

export type StoreConfig = Pick<
  ServerConfig,
  'databaseUrl' | 'durability' | 'sqliteCacheMiB' | 'sqliteBusyTimeoutMs' | 'postgresPoolSize'
> &
  Partial<
    Pick<ServerConfig, 'postgresLockTimeoutMs' | 'postgresStatementTimeoutMs' | 'postgresConnectTimeoutMs'>
  >

/**
 * Opens the store a database URL names — `postgres://…` is PostgreSQL, anything else a SQLite
 * file — and runs its migrations.
 */
export async function openStore(config: StoreConfig): Promise<InspectableStore> {
  const store: InspectableStore = isPostgresUrl(config.databaseUrl)
    ? new PostgresStore({
        connectionString: config.databaseUrl,
        poolSize: config.postgresPoolSize,
        ...(config.postgresLockTimeoutMs !== undefined && { lockTimeoutMs: config.postgresLockTimeoutMs }),
        ...(config.postgresStatementTimeoutMs !== undefined && {
          statementTimeoutMs: config.postgresStatementTimeoutMs,
        }),
        ...(config.postgresConnectTimeoutMs !== undefined && {
          connectTimeoutMs: config.postgresConnectTimeoutMs,
        }),
      })
    : new SqliteStore({
        path: config.databaseUrl,
        durability: config.durability,
        cacheMiB: config.sqliteCacheMiB,
        busyTimeoutMs: config.sqliteBusyTimeoutMs,
      })
  try {
    await store.migrate()
  } catch (error) {
    await store.close().catch(() => undefined)
    throw error
  }
  return store
}
