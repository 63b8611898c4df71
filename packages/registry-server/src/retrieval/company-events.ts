/**
 * One page of a company's event feed, newest first: event_timestamp descending, ties by event_id
 * in binary order, greater first — the timeline's order and keyset, over every event of the
 * company: with a customer, unresolved, or company-scoped (`ad.spend_recorded`).
 */
import type { ReadSide } from '../storage/read-side.js'
import type { TimelineEvent, TimelinePosition } from '../storage/store.js'

export interface CompanyFeedQuery {
  companyId: string
  /** Inclusive lower bound on event_timestamp, ms. */
  fromTs?: number
  /** Exclusive upper bound on event_timestamp, ms. */
  toTs?: number
  /** Only these source modules (undefined: all; empty: none). */
  modules?: readonly string[]
  /** Only these event names (undefined: all; empty: none). */
  events?: readonly string[]
  /** Continue strictly after this event in feed order (the last one of the previous page). */
  after?: TimelinePosition
  /** Page size, ≥ 1. */
  limit: number
}

export interface FeedEvent extends TimelineEvent {
  /** The resolved customer; null for company-scoped and not (yet) resolved events. */
  customerId: string | null
}

export async function companyEvents(read: ReadSide, query: CompanyFeedQuery): Promise<FeedEvent[]> {
  if (query.modules?.length === 0 || query.events?.length === 0) return []
  const rows = await companyFeedQuery(read, query).execute()
  return rows.map((row) => ({
    eventId: row.event_id,
    eventName: row.event_name,
    schemaVersion: row.schema_version,
    customerId: row.customer_id,
    eventTs: Math.round(Number(row.ts)),
    body: read.decodeBody(row.body),
  }))
}

/** The query of one page (exported for the query-plan test). */
export function companyFeedQuery(read: ReadSide, query: CompanyFeedQuery) {
  let select = read
    .companyEvents({
      companyId: query.companyId,
      ...(query.fromTs !== undefined && { fromTs: query.fromTs }),
      ...(query.toTs !== undefined && { toTs: query.toTs }),
    })
    .select([
      'ce.event_id',
      'ce.event_name',
      'ce.schema_version',
      'ce.customer_id',
      'ce.body',
      read.tsMillis.as('ts'),
    ])
  if (query.modules) select = select.where('ce.source_module', 'in', [...query.modules])
  if (query.events) select = select.where('ce.event_name', 'in', [...query.events])
  const after = query.after
  if (after) {
    // (ts, id) < (after.ts, after.id), spelled so the index range on the timestamp applies.
    select = select.where((eb) =>
      eb.and([
        eb('ce.event_ts', '<=', read.ts(after.eventTs)),
        eb.or([eb('ce.event_ts', '<', read.ts(after.eventTs)), eb(read.eventIdBinary, '<', after.eventId)]),
      ]),
    )
  }
  return select
    .orderBy('ce.event_ts', 'desc')
    .orderBy(read.eventIdBinary, 'desc')
    .limit(Math.max(1, Math.floor(query.limit)))
}
