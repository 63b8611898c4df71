/**
 * Timeline cursors: `[event_timestamp ms, event_id]` of the last event of a page (`cursor-codec.ts`).
 * A position, not an offset, so events inserted meanwhile never shift or repeat a page.
 */
import { EVENT_ID_PATTERN } from '@cebe/schemas'
import type { TimelinePosition } from '../storage/store.js'
import { decodeTuple, encodeTuple } from './cursor-codec.js'

export function encodeCursor(position: TimelinePosition): string {
  return encodeTuple([position.eventTs, position.eventId])
}

/** The position a cursor stands for, or undefined when it was not made by `encodeCursor`. */
export function decodeCursor(cursor: string): TimelinePosition | undefined {
  const decoded = decodeTuple(cursor, 2)
  if (!decoded) return undefined
  const [eventTs, eventId] = decoded
  if (!Number.isSafeInteger(eventTs) || typeof eventId !== 'string' || !EVENT_ID_PATTERN.test(eventId))
    return undefined
  return { eventTs: eventTs as number, eventId }
}
