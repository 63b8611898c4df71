/**
 * `deliver` decides nothing about counters or reports; these hooks do. Each outcome of a batch
 * (acknowledged, refused, retries exhausted, aborted) becomes counters, events, spool settles
 * and `onError` reports, so every event is settled exactly once.
 */
import type { ValidationErrorCode } from '@cebe/schemas'
import type { Batch } from './batch.js'
import type { Counters } from './client-stats.js'
import type { ResolvedConfig } from './config.js'
import type { DeliveryHooks } from './delivery.js'
import type { Reporter } from './error-reporter.js'
import { CebeError, type CebeErrorCode, MAX_REPORTED_IDS } from './errors.js'
import type { ClientEmitter } from './events.js'
import type { QueueItem } from './queue.js'
import type { Spool } from './spool.js'

export interface OutcomeContext {
  config: Pick<ResolvedConfig, 'maxRetries' | 'maxRetryTimeMs'>
  counters: Counters
  events: ClientEmitter
  report: Reporter
  spool: Spool | undefined
  /** Events of batches cut short by shutdown's abort: shutdown reports them as unsent. */
  unsent: QueueItem[]
}

interface RejectedEvent {
  index: number
  event_id?: string
  errors?: { path: string; message: string; code?: ValidationErrorCode }[]
}

/**
 * ```ts
 * const hooks = createDeliveryHooks({ config, counters, events, report, spool, unsent })
 * ```
 */
export function createDeliveryHooks(context: OutcomeContext): DeliveryHooks {
  const { config, counters, events, spool } = context
  return {
    retried: (info) => {
      counters.retries++
      events.emit('retried', info)
    },
    split: (batch) => events.emit('split', { events: batch.length }),
    acknowledged: (batch, body) => acknowledge(context, batch, body),
    refused: (batch, answer) =>
      drop(
        context,
        batch.items,
        'request_refused',
        `the server refused a batch of ${batch.length} events with HTTP ${answer.status}: ${answer.body.slice(0, 300)}`,
        answer.status,
      ),
    exhausted: (batch, detail, status) =>
      drop(
        context,
        batch.items,
        'retries_exhausted',
        `gave up on a batch of ${batch.length} events after the retry budget (${config.maxRetries} retries / ${config.maxRetryTimeMs} ms); last failure: ${detail}${spool ? '; they stay in the spool and are sent by the next run' : ''}`,
        status,
        !spool,
      ),
    aborted: (batch) => {
      context.unsent.push(...batch.items)
    },
  }
}

/** A 2xx: the batch is settled; events the server rejected are reported one by one. */
function acknowledge(context: OutcomeContext, batch: Batch, text: string): void {
  const { counters, events, report, spool } = context
  let result: { accepted?: number; duplicates?: number; rejected?: RejectedEvent[] } = {}
  try {
    result = JSON.parse(text) as typeof result
  } catch {
    // A 2xx is an acknowledgement even when its body cannot be read.
  }
  const rejected = Array.isArray(result.rejected) ? result.rejected : []
  const rejectedItems: QueueItem[] = []
  // Decodes a sealed batch only when the server rejected some of its events.
  const items = rejected.length > 0 ? batch.items : []
  for (const entry of rejected) {
    const item = items[entry.index]
    if (!item) continue
    rejectedItems.push(item)
    const errors = Array.isArray(entry.errors) ? entry.errors : []
    events.emit('rejected', { eventId: item.id, errors })
    report(
      new CebeError(
        'rejected',
        `the server rejected event ${item.id}: ${errors.map((e) => `${e.path || '(event)'}: ${e.message}`).join('; ')}`,
        {
          eventIds: [item.id],
          validationErrors: errors.map((e) => ({
            path: e.path,
            code: e.code ?? 'invalid_value',
            message: e.message,
          })),
        },
      ),
    )
  }
  const sent = batch.length - rejectedItems.length
  counters.sent += sent
  counters.rejected += rejectedItems.length
  counters.duplicates += typeof result.duplicates === 'number' ? result.duplicates : 0
  spool?.settle(batch.settleKeys)
  events.emit('sent', {
    events: batch.length,
    accepted: typeof result.accepted === 'number' ? result.accepted : sent,
    duplicates: typeof result.duplicates === 'number' ? result.duplicates : 0,
    rejected: rejectedItems.length,
    attempts: 1,
  })
}

/** Events given up on: counted, settled (unless a spool keeps them for the next run), reported. */
function drop(
  context: OutcomeContext,
  items: QueueItem[],
  code: CebeErrorCode,
  message: string,
  status?: number,
  settle = true,
): void {
  const { counters, events, report, spool } = context
  counters.dropped += items.length
  if (settle) spool?.settle(items)
  const eventIds = items.slice(0, MAX_REPORTED_IDS).map((i) => i.id)
  events.emit('dropped', { count: items.length, code, eventIds })
  report(new CebeError(code, message, { eventIds, count: items.length, ...(status && { status }) }))
}
