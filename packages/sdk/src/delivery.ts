/**
 * One batch to a final outcome: encode once (or take a sealed batch's body), send, retry what is retryable with backoff (the same
 * bytes every attempt), split on 413. It decides nothing about counters or reports: every outcome
 * goes to one hook of the `DeliveryHooks` the client passes in. Never rejects.
 */
import pRetry from 'p-retry'
import type { Batch } from './batch.js'
import type { ResolvedConfig } from './config.js'
import { backoff, classifyResponse, retryDelay } from './retry-policy.js'
import type { Transport, TransportResponse } from './transport.js'

export type DeliveryConfig = Pick<
  ResolvedConfig,
  'compression' | 'maxRetries' | 'maxRetryTimeMs' | 'retryBaseMs' | 'retryMaxDelayMs' | 'maxRetryAfterMs'
>

export interface RetryInfo {
  events: number
  attempt: number
  delayMs: number
  reason: string
  status?: number
}

export interface DeliveryHooks {
  /** A retryable failure; the next attempt starts after `delayMs`. */
  retried(info: RetryInfo): void
  /** A 413: the batch is sent again as two halves (a sealed one is decoded first), keeping its sent_at. */
  split(batch: Batch): void
  /** A 2xx: `body` holds the per-event results. */
  acknowledged(batch: Batch, body: string): void
  /** An answer no retry can fix (400, 401, 403, 415, other 4xx; 413 for a single event). */
  refused(batch: Batch, response: TransportResponse): void
  /** The retry budget ran out; `detail` is the last failure. */
  exhausted(batch: Batch, detail: string, status: number | undefined): void
  /** The client's signal aborted (shutdown timeout) before an outcome. */
  aborted(batch: Batch): void
}

export interface DeliveryContext {
  config: DeliveryConfig
  transport: Transport
  signal: AbortSignal
  hooks: DeliveryHooks
}

export class RetryableFailure extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message)
  }
}

/**
 * ```ts
 * await deliver(batch, { config, transport, signal: abort.signal, hooks })
 * ```
 */
export async function deliver(batch: Batch, context: DeliveryContext): Promise<void> {
  const { config, transport, signal, hooks } = context
  try {
    // A sealed batch already holds its body; an open one is encoded (and its sent_at stamped) now.
    const { body, contentEncoding } = await batch.encode(config.compression)
    const { answer, decision } = await pRetry(
      async () => {
        let answer: TransportResponse
        try {
          answer = await transport.send({ body, contentEncoding, eventCount: batch.length, signal })
        } catch (cause) {
          if (signal.aborted) throw cause
          throw new RetryableFailure(`network error: ${(cause as Error).message}`)
        }
        const decision = classifyResponse(answer.status, answer.headers)
        if (decision.kind === 'retry') {
          throw new RetryableFailure(`HTTP ${answer.status}`, answer.status, decision.retryAfterMs)
        }
        return { answer, decision }
      },
      {
        retries: config.maxRetries,
        maxRetryTime: config.maxRetryTimeMs,
        minTimeout: 0,
        maxTimeout: 0,
        signal,
        shouldRetry: ({ error }) => error instanceof RetryableFailure && !signal.aborted,
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
          if (!(error instanceof RetryableFailure) || retriesLeft === 0 || signal.aborted) return
          const delayMs = retryDelay(
            backoff({
              attempt: attemptNumber - 1,
              baseMs: config.retryBaseMs,
              maxMs: config.retryMaxDelayMs,
            }),
            error.retryAfterMs,
            config.maxRetryAfterMs,
          )
          hooks.retried({
            events: batch.length,
            attempt: attemptNumber,
            delayMs,
            reason: error.message,
            ...(error.status !== undefined && { status: error.status }),
          })
          await sleep(delayMs, signal)
        },
      },
    )
    if (decision.kind === 'success') return hooks.acknowledged(batch, answer.body)
    if (decision.kind === 'split' && batch.length > 1) {
      hooks.split(batch)
      const [first, second] = batch.split()
      await deliver(first, context)
      await deliver(second, context)
      return
    }
    hooks.refused(batch, answer)
  } catch (error) {
    if (signal.aborted) return hooks.aborted(batch)
    const detail =
      error instanceof RetryableFailure ? error.message : String((error as Error)?.message ?? error)
    hooks.exhausted(batch, detail, error instanceof RetryableFailure ? error.status : undefined)
  }
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
