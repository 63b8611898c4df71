/**
 * What one `track` call resolves to. Its own file because the client, the overflow reporter and
 * the overflow waiters all build it, and none of them should import another to get the type.
 */
import type { CebeError } from './errors.js'

export type TrackResult =
  | { status: 'queued'; eventId: string }
  | { status: 'dropped'; eventId: string; error: CebeError }
  | { status: 'invalid'; eventId: string; error: CebeError }
