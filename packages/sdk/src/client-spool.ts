/**
 * Where the client meets its optional spool: on start, events an earlier run left unsettled go
 * back in the queue; on `track`, each accepted event is appended before it is queued.
 */
import type { ResolvedSpool } from './config.js'
import type { Reporter } from './error-reporter.js'
import { CebeError } from './errors.js'
import type { EventQueue, QueueItem } from './queue.js'
import { Spool } from './spool.js'

/** Opens the spool and queues its replay; returns how many events were replayed. */
export function openSpool(config: ResolvedSpool, queue: EventQueue): { spool: Spool; replayed: number } {
  const { spool, replay } = Spool.open(config)
  // Replayed events were accepted by an earlier run: they go in even past the memory bounds.
  for (const item of replay) queue.force(item)
  return { spool, replayed: replay.length }
}

/**
 * The queue item for a checked event: as is without a spool, with its segment once appended, or
 * `undefined` (reported as `spool_failed`) when the append failed and the event must be dropped.
 */
export function persist(
  spool: Spool | undefined,
  checked: { id: string; json: string; bytes: number },
  report: Reporter,
): QueueItem | undefined {
  if (!spool) return checked
  try {
    return { ...checked, segment: spool.append(checked.json) }
  } catch (cause) {
    report(
      new CebeError('spool_failed', `could not append to the spool: ${(cause as Error).message}`, {
        eventIds: [checked.id],
        cause,
      }),
    )
    return undefined
  }
}
