/**
 * Masks a page of stored events for a role (`mask-event.ts`), learning first any event version
 * registered on another node since this one last read the registry.
 */
import type { SchemaRegistry } from '../registry/schema-registry.js'
import type { EventMarks } from './event-marks.js'
import { maskEvent } from './mask-event.js'

export interface StoredEventLike {
  eventName: string
  schemaVersion: string | null
  body: Record<string, unknown>
}

export async function maskEvents(
  page: readonly StoredEventLike[],
  marks: EventMarks,
  registry: SchemaRegistry,
  role: string | null,
): Promise<Record<string, unknown>[]> {
  if (page.some((e) => marks.marksOf(e.eventName, e.schemaVersion) === undefined))
    await registry.refreshIfStale()
  return page.map((e) => maskEvent(e.body, marks.marksOf(e.eventName, e.schemaVersion), role))
}
