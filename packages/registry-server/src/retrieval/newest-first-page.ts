/**
 * One page of events newest first — event_timestamp descending, ties by event_id in binary order,
 * greater first — over either relation of the read port (one customer's events, or every event
 * of the company). The position (`after`) is a keyset, so concurrent inserts never shift a page.
 */
import type { SelectQueryBuilder } from 'kysely'
import type { CompanyEventsDb, ReadSide } from '../storage/read-side.js'
import type { TimelinePosition } from '../storage/store.js'

export interface PageFilters {
  /** Only these source modules (undefined: all; empty: none). */
  modules?: readonly string[]
  /** Only these event names (undefined: all; empty: none). */
  events?: readonly string[]
  /** Continue strictly after this event (the last one of the previous page). */
  after?: TimelinePosition
  /** Page size, ≥ 1. */
  limit: number
}

/** Either relation, as the company's: the customer one is the same columns with a customer. */
export type EventRelation = SelectQueryBuilder<CompanyEventsDb, 'ce', object>

export function newestFirstPage(read: ReadSide, relation: EventRelation, filters: PageFilters) {
  let select = relation.select([
    'ce.event_id',
    'ce.event_name',
    'ce.schema_version',
    'ce.customer_id',
    'ce.body',
    read.tsMillis.as('ts'),
  ])
  if (filters.modules) select = select.where('ce.source_module', 'in', [...filters.modules])
  if (filters.events) select = select.where('ce.event_name', 'in', [...filters.events])
  const after = filters.after
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
    .limit(Math.max(1, Math.floor(filters.limit)))
}

/** Whether a filter rules out every event (an empty list), so no query need run. */
export function matchesNothing(filters: PageFilters): boolean {
  return filters.modules?.length === 0 || filters.events?.length === 0
}
