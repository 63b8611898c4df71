/**
 * A customer's aggregates on SQLite: the folded `customer_aggregates` rows (ADR 0106) plus the
 * events above the watermark, in ONE statement — so one snapshot: an event is either folded or
 * in the tail, never both, never neither. The tail is read by `seq` range, `NOT INDEXED`, so the
 * planner never walks a company-wide index instead. (The timeline reads through the read port,
 * `sqlite-read-side.ts`.)
 */
import type { Database } from 'better-sqlite3'
import type { CustomerAggregate } from '../store.js'

const ABOVE_WATERMARK = 'e.seq > (SELECT folded_seq FROM fold_state)'

/** A customer's aggregates per event name: the folded rows plus the tail, combined. */
export function readAggregates(db: Database, companyId: string, customerId: string): CustomerAggregate[] {
  return db
    .prepare<
      [string, string, string, string],
      { event_name: string; events_count: number; first_event_ts: number; last_event_ts: number }
    >(
      `SELECT event_name, sum(n) AS events_count, min(f) AS first_event_ts, max(l) AS last_event_ts
       FROM (
         SELECT event_name, events_count AS n, first_event_ts AS f, last_event_ts AS l
         FROM customer_aggregates WHERE company_id = ? AND customer_id = ?
         UNION ALL
         SELECT e.event_name, 1, e.event_ts, e.event_ts
         FROM events e NOT INDEXED WHERE ${ABOVE_WATERMARK} AND e.company_id = ? AND e.customer_id = ?)
       GROUP BY event_name ORDER BY event_name`,
    )
    .all(companyId, customerId, companyId, customerId)
    .map((r) => ({
      eventName: r.event_name,
      count: r.events_count,
      firstEventTs: r.first_event_ts,
      lastEventTs: r.last_event_ts,
    }))
}
