/**
 * The SQLite reads of per-customer data: the folded part (`customer_timeline`,
 * `customer_aggregates`, ADR 0106) plus the events above the watermark, in ONE statement — so
 * one snapshot: an event is either folded or in the tail, never both, never neither.
 *
 * The tail is at most a few thousand rows (the fold policy bounds it), read by `seq` range —
 * `NOT INDEXED`, so the planner never walks a company-wide index instead.
 */
import type { Database } from 'better-sqlite3'
import type { CustomerAggregate, TimelineEvent, TimelineQuery } from '../store.js'

const ABOVE_WATERMARK = 'e.seq > (SELECT folded_seq FROM fold_state)'

interface TimelineRow {
  event_id: string
  event_name: string
  schema_version: string | null
  body: string
  ts: number
}

/**
 * The SQL of one timeline page and its parameters: each part ordered and limited on its own
 * (the folded part walks the `customer_timeline` key backwards and sorts only equal
 * timestamps by event_id), then the two merged.
 */
export function timelineStatement(query: TimelineQuery): { sql: string; params: unknown[] } {
  const limit = Math.max(1, Math.floor(query.limit))
  const folded = customerEvents(query, 't.event_ts', 'customer_timeline t JOIN events e ON e.seq = t.seq', [
    't.company_id = ?',
    't.customer_id = ?',
  ])
  // NOT INDEXED: the tail is found by its seq range, never through a company-wide index.
  const tail = customerEvents(query, 'e.event_ts', 'events e NOT INDEXED', [
    ABOVE_WATERMARK,
    'e.company_id = ?',
    'e.customer_id = ?',
  ])
  const part = (p: { where: string; ts: string; from: string }) =>
    `SELECT * FROM (SELECT e.event_id, e.event_name, e.schema_version, e.body, e.event_ts AS ts
       FROM ${p.from} WHERE ${p.where} ORDER BY ${p.ts} DESC, e.event_id DESC LIMIT ?)`
  return {
    sql: `${part(folded)} UNION ALL ${part(tail)} ORDER BY ts DESC, event_id DESC LIMIT ?`,
    params: [...folded.params, limit, ...tail.params, limit, limit],
  }
}

/** The WHERE of one part: the customer, then every filter of the query on that part's timestamp. */
function customerEvents(query: TimelineQuery, ts: string, from: string, customer: string[]) {
  const where = [...customer]
  const params: unknown[] = [query.companyId, query.customerId]
  if (query.fromTs !== undefined) {
    where.push(`${ts} >= ?`)
    params.push(query.fromTs)
  }
  if (query.toTs !== undefined) {
    where.push(`${ts} < ?`)
    params.push(query.toTs)
  }
  if (query.modules) {
    where.push(`e.source_module IN (${query.modules.map(() => '?').join(', ')})`)
    params.push(...query.modules)
  }
  if (query.events) {
    where.push(`e.event_name IN (${query.events.map(() => '?').join(', ')})`)
    params.push(...query.events)
  }
  if (query.after) {
    // (ts, id) < (after.ts, after.id), spelled so the key range on the timestamp applies.
    where.push(`${ts} <= ?`, `(${ts} < ? OR e.event_id < ?)`)
    params.push(query.after.eventTs, query.after.eventTs, query.after.eventId)
  }
  return { where: where.join(' AND '), ts, from, params }
}

/** One page of a customer's timeline, newest first. */
export function readTimeline(db: Database, query: TimelineQuery): TimelineEvent[] {
  if (query.modules?.length === 0 || query.events?.length === 0) return []
  const { sql, params } = timelineStatement(query)
  return db
    .prepare<unknown[], TimelineRow>(sql)
    .all(...params)
    .map((row) => ({
      eventId: row.event_id,
      eventName: row.event_name,
      schemaVersion: row.schema_version,
      eventTs: row.ts,
      body: JSON.parse(row.body) as Record<string, unknown>,
    }))
}

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
