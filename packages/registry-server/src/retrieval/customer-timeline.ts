/**
 * One page of a customer's timeline, newest first: event_timestamp descending, ties by event_id
 * in binary order, greater first. The position (`after`) is a keyset, so concurrent inserts never
 * shift a page. Written once over the read port; both stores answer it.
 */
import type { ReadSide } from '../storage/read-side.js'
import type { TimelineEvent, TimelineQuery } from '../storage/store.js'

export async function customerTimeline(read: ReadSide, query: TimelineQuery): Promise<TimelineEvent[]> {
  if (query.modules?.length === 0 || query.events?.length === 0) return []
  const rows = await timelineQuery(read, query).execute()
  return rows.map((row) => ({
    eventId: row.event_id,
    eventName: row.event_name,
    schemaVersion: row.schema_version,
    eventTs: Math.round(Number(row.ts)),
    body: read.decodeBody(row.body),
  }))
}

/** The query of one page (exported for the query-plan test). */
export function timelineQuery(read: ReadSide, query: TimelineQuery) {
  let select = read
    .customerEvents({
      companyId: query.companyId,
      customerId: query.customerId,
      ...(query.fromTs !== undefined && { fromTs: query.fromTs }),
      ...(query.toTs !== undefined && { toTs: query.toTs }),
    })
    .select(['ce.event_id', 'ce.event_name', 'ce.schema_version', 'ce.body', read.tsMillis.as('ts')])
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
