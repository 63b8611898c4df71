/**
 * One page of a customer's timeline, newest first (`newest-first-page.ts`). Written once over
 * the read port; both stores answer it.
 */
import type { ReadSide } from '../storage/read-side.js'
import type { TimelineEvent, TimelineQuery } from '../storage/store.js'
import { type EventRelation, matchesNothing, newestFirstPage } from './newest-first-page.js'

export async function customerTimeline(read: ReadSide, query: TimelineQuery): Promise<TimelineEvent[]> {
  if (matchesNothing(query)) return []
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
  const relation = read.customerEvents({
    companyId: query.companyId,
    customerId: query.customerId,
    ...(query.fromTs !== undefined && { fromTs: query.fromTs }),
    ...(query.toTs !== undefined && { toTs: query.toTs }),
  }) as unknown as EventRelation
  return newestFirstPage(read, relation, query)
}
