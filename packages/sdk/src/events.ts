/**
 * The client's observable moments, as a typed emitter. Names avoid `error` on purpose: Node's
 * EventEmitter throws an unhandled `error` event, and an SDK must never crash its host over
 * analytics. Errors go to `onError`.
 */
import { EventEmitter } from 'node:events'
import type { ValidationError } from '@cebe/schemas'
import type { CebeErrorCode } from './errors.js'

export interface ClientEvents {
  /** A batch was acknowledged; `accepted + duplicates` events are done. */
  sent: { events: number; accepted: number; duplicates: number; rejected: number; attempts: number }
  /** An attempt failed and will be retried after `delayMs`. */
  retried: { events: number; attempt: number; delayMs: number; status?: number; reason: string }
  /** Events given up on locally: overflow, exhausted retries, refused requests, shutdown. */
  dropped: { count: number; code: CebeErrorCode; eventIds: string[] }
  /** Events the server rejected as invalid. */
  rejected: { eventId: string; errors: Pick<ValidationError, 'path' | 'message'>[] }
  /** A 413 answer split a batch in two. */
  split: { events: number }
}

export type ClientEventName = keyof ClientEvents

/**
 * ```ts
 * cebe.events.on('retried', ({ attempt, delayMs, status }) => log.warn({ attempt, delayMs, status }))
 * ```
 */
export class ClientEmitter {
  readonly #emitter = new EventEmitter()

  on<E extends ClientEventName>(event: E, listener: (payload: ClientEvents[E]) => void): this {
    this.#emitter.on(event, listener)
    return this
  }

  once<E extends ClientEventName>(event: E, listener: (payload: ClientEvents[E]) => void): this {
    this.#emitter.once(event, listener)
    return this
  }

  off<E extends ClientEventName>(event: E, listener: (payload: ClientEvents[E]) => void): this {
    this.#emitter.off(event, listener)
    return this
  }

  emit<E extends ClientEventName>(event: E, payload: ClientEvents[E]): void {
    if (this.#emitter.listenerCount(event) === 0) return
    try {
      this.#emitter.emit(event, payload)
    } catch {
      // A throwing listener must not break delivery.
    }
  }
}
