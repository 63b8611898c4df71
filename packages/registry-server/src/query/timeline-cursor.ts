/**
 * Timeline cursors: base64url of `[event_timestamp ms, event_id]` of the last event of a page.
 * A position, not an offset, so events inserted meanwhile never shift or repeat a page. Opaque
 * to clients; anything that does not decode to exactly this shape is rejected.
 */
import { EVENT_ID_PATTERN } from '@cebe/schemas'
import type { TimelinePosition } from '../storage/store.js'

const CURSOR_PATTERN = /^[A-Za-z0-9_-]{1,512}$/

export function encodeCursor(position: TimelinePosition): string {
  return Buffer.from(JSON.stringify([position.eventTs, position.eventId])).toString('base64url')
}

/** The position a cursor stands for, or undefined when it was not made by `encodeCursor`. */
export function decodeCursor(cursor: string): TimelinePosition | undefined {
  if (!CURSOR_PATTERN.test(cursor)) return undefined
  const bytes = Buffer.from(cursor, 'base64url')
  // Node's decoder skips what it cannot read; a canonical round trip proves nothing was skipped.
  if (bytes.toString('base64url') !== cursor) return undefined
  let decoded: unknown
  try {
    decoded = JSON.parse(bytes.toString('utf8'))
  } catch {
    return undefined
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) return undefined
  const [eventTs, eventId] = decoded as [unknown, unknown]
  if (!Number.isSafeInteger(eventTs) || typeof eventId !== 'string' || !EVENT_ID_PATTERN.test(eventId))
    return undefined
  return { eventTs: eventTs as number, eventId }
}
