/**
 * One page of a company's event feed, newest first (`newest-first-page.ts`, the timeline's order
 * and keyset), over every event of the company: with a customer, unresolved, or company-scoped
 * (`ad.spend_recorded`).
 */
import type { ReadSide } from '../storage/read-side.js'
import type { TimelineEvent } from '../storage/store.js'
import { matchesNothing, newestFirstPage, type PageFilters } from './newest-first-page.js'

export interface CompanyFeedQuery extends PageFilters {
  companyId: string
  /** Inclusive lower bound on event_timestamp, ms. */
  fromTs?: number
  /** Exclusive upper bound on event_timestamp, ms. */
  toTs?: number
}

export interface FeedEvent extends TimelineEvent {
  /** The resolved customer; null for company-scoped and not (yet) resolved events. */
  customerId: string | null
}

export async function companyEvents(read: ReadSide, query: CompanyFeedQuery): Promise<FeedEvent[]> {
  if (matchesNothing(query)) return []
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
  const relation = read.companyEvents({
    companyId: query.companyId,
    ...(query.fromTs !== undefined && { fromTs: query.fromTs }),
    ...(query.toTs !== undefined && { toTs: query.toTs }),
  })
  return newestFirstPage(read, relation, query)
}
