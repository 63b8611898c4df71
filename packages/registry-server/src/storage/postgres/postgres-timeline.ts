/**
 * One page of a customer's timeline on PostgreSQL. Served by the `events_customer_timeline` index
 * (company_id, customer_id, event_ts) of every monthly partition, read backwards; only rows with
 * equal timestamps are sorted by event_id on top. The position (`after`) is a keyset, so
 * concurrent inserts never shift a page.
 */
import { type Kysely, sql } from 'kysely'
import type { SharedTables } from '../shared-queries.js'
import type { TimelineEvent, TimelineQuery } from '../store.js'

/** The `events` columns a timeline reads. */
export type TimelineTables = {
  events: EventsTable
}

type EventsTable = {
  company_id: string
  customer_id: string | null
  event_id: string
  event_name: string
  source_module: string
  schema_version: string | null
  event_ts: Date
  body: Record<string, unknown>
}

/** A ms timestamp as `event_ts`, written exactly as the commit writes it, so equality is exact. */
const ts = (ms: number) => sql<Date>`to_timestamp(${ms}::float8 / 1000.0)`
const tsMillis = sql<string>`extract(epoch FROM event_ts) * 1000`
/** `event_id` compared and sorted in binary (code point) order, whatever the database collation. */
const eventId = sql<string>`event_id COLLATE "C"`

export async function postgresTimeline(
  db: Kysely<SharedTables & TimelineTables>,
  query: TimelineQuery,
): Promise<TimelineEvent[]> {
  if (query.modules?.length === 0 || query.events?.length === 0) return []
  let select = db
    .selectFrom('events')
    .select(['event_id', 'event_name', 'schema_version', 'body', tsMillis.as('ts')])
    .where('company_id', '=', query.companyId)
    .where('customer_id', '=', query.customerId)
  if (query.fromTs !== undefined) select = select.where('event_ts', '>=', ts(query.fromTs))
  if (query.toTs !== undefined) select = select.where('event_ts', '<', ts(query.toTs))
  if (query.modules) select = select.where('source_module', 'in', [...query.modules])
  if (query.events) select = select.where('event_name', 'in', [...query.events])
  const after = query.after
  if (after) {
    // (ts, id) < (after.ts, after.id), spelled so the index range on event_ts applies.
    select = select.where((eb) =>
      eb.and([
        eb('event_ts', '<=', ts(after.eventTs)),
        eb.or([eb('event_ts', '<', ts(after.eventTs)), eb(eventId, '<', after.eventId)]),
      ]),
    )
  }
  const rows = await select
    .orderBy('event_ts', 'desc')
    .orderBy(eventId, 'desc')
    .limit(Math.max(1, Math.floor(query.limit)))
    .execute()
  return rows.map((row) => ({
    eventId: row.event_id,
    eventName: row.event_name,
    schemaVersion: row.schema_version,
    eventTs: Math.round(Number(row.ts)),
    body: row.body,
  }))
}
