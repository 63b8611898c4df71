/**
 * Queries that read the same on both backends, written once with Kysely's query builder:
 * API keys, registered schemas and customer timelines. The hot ingest path lives in each
 * backend's `*-commit.ts`.
 */
import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely'
import type {
  ApiKeyRecord,
  NewApiKey,
  ReadRole,
  StoredSchema,
  StoreKind,
  TimelineEvent,
  TimelineQuery,
} from './store.js'

interface ApiKeysTable {
  id: string
  key_hash: string
  company_id: string
  type: string
  modules: string
  role: string | null
  name: string | null
  created_at: string
  revoked_at: string | null
}

interface RegisteredSchemasTable {
  name: string
  version: string
  module: string
  json_schema: string
  created_at: string
}

/** The columns the shared reads use; `event_ts` and `body` differ in type per backend (see `TIME`). */
interface EventsTable {
  company_id: string
  customer_id: string | null
  event_id: string
  event_name: string
  source_module: string
  schema_version: string | null
  /** INTEGER ms (SQLite) or TIMESTAMPTZ (PostgreSQL). */
  event_ts: unknown
  /** TEXT (SQLite) or JSONB (PostgreSQL). */
  body: unknown
}

export interface SharedTables {
  api_keys: ApiKeysTable
  registered_schemas: RegisteredSchemasTable
  events: EventsTable
}

/** What differs between the backends in a timeline read: how time is stored and how text sorts. */
interface DialectParts {
  /** A ms timestamp as a value of the `event_ts` column, written exactly as the commit writes it. */
  ts(ms: number): RawBuilder<unknown>
  /** `event_ts` read back as ms since the epoch (a number or numeric string). */
  tsMillis: RawBuilder<number | string>
  /** `event_id` compared and sorted in binary (code point) order, whatever the database collation. */
  eventId: RawBuilder<string>
}

const DIALECTS: Record<StoreKind, DialectParts> = {
  sqlite: {
    ts: (ms) => sql`${ms}`,
    tsMillis: sql<number>`event_ts`,
    // TEXT compares with the BINARY collation: memcmp of UTF-8, which is code point order.
    eventId: sql<string>`event_id`,
  },
  postgres: {
    // The same expression the commit inserts with, so equality on a cursor's timestamp is exact.
    ts: (ms) => sql`to_timestamp(${ms}::float8 / 1000.0)`,
    tsMillis: sql<string>`extract(epoch FROM event_ts) * 1000`,
    eventId: sql<string>`event_id COLLATE "C"`,
  },
}

export class SharedQueries {
  readonly #dialect: DialectParts

  constructor(
    readonly db: Kysely<SharedTables>,
    kind: StoreKind,
  ) {
    this.#dialect = DIALECTS[kind]
  }

  async createKey(key: NewApiKey): Promise<ApiKeyRecord> {
    const row: ApiKeysTable = {
      id: key.id,
      key_hash: key.keyHash,
      company_id: key.companyId,
      type: key.type,
      modules: JSON.stringify(key.modules),
      role: key.role,
      name: key.name,
      created_at: new Date().toISOString(),
      revoked_at: null,
    }
    await this.db.insertInto('api_keys').values(row).execute()
    return toKey(row)
  }

  async findKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('key_hash', '=', keyHash)
      .executeTakeFirst()
    return row && toKey(row)
  }

  async listKeys(companyId?: string): Promise<ApiKeyRecord[]> {
    let query = this.db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id')
    if (companyId !== undefined) query = query.where('company_id', '=', companyId)
    return (await query.execute()).map(toKey)
  }

  async revokeKey(id: string): Promise<boolean> {
    const result = await this.db
      .updateTable('api_keys')
      .set({ revoked_at: new Date().toISOString() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    return Number(result.numUpdatedRows) > 0
  }

  async saveSchema(schema: Omit<StoredSchema, 'createdAt'>): Promise<void> {
    await this.db
      .insertInto('registered_schemas')
      .values({
        name: schema.name,
        version: schema.version,
        module: schema.module,
        json_schema: JSON.stringify(schema.jsonSchema),
        created_at: new Date().toISOString(),
      })
      .onConflict((oc) => oc.columns(['name', 'version']).doNothing())
      .execute()
  }

  async listSchemas(): Promise<StoredSchema[]> {
    const rows = await this.db.selectFrom('registered_schemas').selectAll().orderBy('created_at').execute()
    return rows.map((row) => ({
      name: row.name,
      version: row.version,
      module: row.module,
      jsonSchema: JSON.parse(row.json_schema) as Record<string, unknown>,
      createdAt: row.created_at,
    }))
  }

  /**
   * One page of a customer's timeline. Served by the `events_customer_timeline` index
   * (company_id, customer_id, event_ts), read backwards; only rows with equal timestamps are
   * sorted by event_id on top. The position (`after`) is a keyset, so concurrent inserts never
   * shift a page.
   */
  async timeline(query: TimelineQuery): Promise<TimelineEvent[]> {
    if (query.modules?.length === 0 || query.events?.length === 0) return []
    const d = this.#dialect
    let select = this.db
      .selectFrom('events')
      .select(['event_id', 'event_name', 'schema_version', 'body', d.tsMillis.as('ts')])
      .where('company_id', '=', query.companyId)
      .where('customer_id', '=', query.customerId)
    if (query.fromTs !== undefined) select = select.where('event_ts', '>=', d.ts(query.fromTs))
    if (query.toTs !== undefined) select = select.where('event_ts', '<', d.ts(query.toTs))
    if (query.modules) select = select.where('source_module', 'in', [...query.modules])
    if (query.events) select = select.where('event_name', 'in', [...query.events])
    const after = query.after
    if (after) {
      // (ts, id) < (after.ts, after.id), spelled so the index range on event_ts applies.
      select = select.where((eb) =>
        eb.and([
          eb('event_ts', '<=', d.ts(after.eventTs)),
          eb.or([eb('event_ts', '<', d.ts(after.eventTs)), eb(d.eventId, '<', after.eventId)]),
        ]),
      )
    }
    const rows = await select
      .orderBy('event_ts', 'desc')
      .orderBy(d.eventId, 'desc')
      .limit(Math.max(1, Math.floor(query.limit)))
      .execute()
    return rows.map((row) => ({
      eventId: row.event_id,
      eventName: row.event_name,
      schemaVersion: row.schema_version,
      eventTs: Math.round(Number(row.ts)),
      body: (typeof row.body === 'string' ? JSON.parse(row.body) : row.body) as Record<string, unknown>,
    }))
  }
}

function toKey(row: Selectable<ApiKeysTable>): ApiKeyRecord {
  return {
    id: row.id,
    companyId: row.company_id,
    type: row.type === 'read' ? 'read' : 'write',
    modules: JSON.parse(row.modules) as string[],
    role: row.role as ReadRole | null,
    name: row.name,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  }
}
