/**
 * Versioned migrations for both backends, run on start through Kysely's Migrator (which keeps
 * `kysely_migration` and a lock table, so concurrent starts on one PostgreSQL are safe).
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely'
import type { StoreKind } from '../store.js'
import { initial } from './0001-initial.js'
import { outboxBatches } from './0002-outbox-batches.js'
import { sqliteFoldedTimeline } from './0003-sqlite-folded-timeline.js'
import { tenancy } from './0004-tenancy.js'
import { webhooks } from './0005-webhooks.js'
import { companyFeed } from './0006-company-feed.js'
import { segments } from './0007-segments.js'
import { segmentTransitions } from './0008-segment-transitions.js'
import { customerDirectory } from './0009-customer-directory.js'
import { eventFacts } from './0010-event-facts.js'
import type { DialectSql } from './dialect-sql.js'

export type { DialectSql } from './dialect-sql.js'

/** In order; never edit a shipped one — add the next. */
export const MIGRATIONS: Record<string, DialectSql> = {
  '0001-initial': initial,
  '0002-outbox-batches': outboxBatches,
  '0003-sqlite-folded-timeline': sqliteFoldedTimeline,
  '0004-tenancy': tenancy,
  '0005-webhooks': webhooks,
  '0006-company-feed': companyFeed,
  '0007-segments': segments,
  '0008-segment-transitions': segmentTransitions,
  '0009-customer-directory': customerDirectory,
  '0010-event-facts': eventFacts,
}

class DialectMigrationProvider implements MigrationProvider {
  constructor(readonly kind: StoreKind) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {}
    for (const [name, statements] of Object.entries(MIGRATIONS)) {
      migrations[name] = {
        up: async (db) => {
          for (const statement of statements[this.kind]) await sql.raw(statement).execute(db)
        },
      }
    }
    return migrations
  }
}

/**
 * `schema` pins Kysely's bookkeeping tables to the store's own PostgreSQL schema; otherwise a
 * `kysely_migration` table in another schema of the same database would be taken for ours.
 */
export async function runMigrations<DB>(db: Kysely<DB>, kind: StoreKind, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: new DialectMigrationProvider(kind),
    // Migrations written side by side (0009 and 0010 came from parallel branches) can reach a
    // database in either order; one not yet run still runs after a later-numbered one, which
    // only ever depends on migrations both have.
    allowUnorderedMigrations: true,
    ...(schema && { migrationTableSchema: schema }),
  })
  let { error, results } = await migrator.migrateToLatest()
  // Kysely finds its bookkeeping tables by introspecting every table of the database; another
  // session dropping a schema of its own during that scan fails it with "schema … does not exist"
  // before any migration ran. Nothing of ours changed, so the scan is simply run again.
  for (let attempt = 1; attempt < 5 && error && isConcurrentSchemaDrop(error, results); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt))
    ;({ error, results } = await migrator.migrateToLatest())
  }
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName
    throw new Error(
      `migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    )
  }
}

/** PostgreSQL's invalid_schema_name (3F000) raised before any migration started. */
function isConcurrentSchemaDrop(error: unknown, results: readonly { status: string }[] | undefined): boolean {
  const started = results?.some((r) => r.status !== 'NotExecuted') ?? false
  return !started && (error as { code?: unknown }).code === '3F000'
}
