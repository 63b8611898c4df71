/**
 * The events of one customer in [from, to), oldest first (event_timestamp, then event_id in
 * binary order): what a per-customer metric folds over. Optionally only some event names.
 */
import type { ReadSide } from '../storage/read-side.js'

export interface CustomerWindow {
  companyId: string
  customerId: string
  /** Inclusive, ms; absent: from the beginning. */
  fromTs?: number
  /** Exclusive, ms; absent: no upper bound. */
  toTs?: number
  /** Only these event names (absent: all; empty: none). */
  events?: readonly string[]
}

export interface WindowEvent {
  eventId: string
  eventName: string
  /** event_timestamp, ms since the epoch. */
  eventTs: number
  /** The event as stored (without `sent_at`). */
  body: Record<string, unknown>
}

export async function customerEventsInWindow(read: ReadSide, window: CustomerWindow): Promise<WindowEvent[]> {
  if (window.events?.length === 0) return []
  let select = read
    .customerEvents({
      companyId: window.companyId,
      customerId: window.customerId,
      ...(window.fromTs !== undefined && { fromTs: window.fromTs }),
      ...(window.toTs !== undefined && { toTs: window.toTs }),
    })
    .select(['ce.event_id', 'ce.event_name', 'ce.body', read.tsMillis.as('ts')])
  if (window.events) select = select.where('ce.event_name', 'in', [...window.events])
  const rows = await select.orderBy('ce.event_ts', 'asc').orderBy(read.eventIdBinary, 'asc').execute()
  return rows.map((row) => ({
    eventId: row.event_id,
    eventName: row.event_name,
    eventTs: Math.round(Number(row.ts)),
    body: read.decodeBody(row.body),
  }))
}
