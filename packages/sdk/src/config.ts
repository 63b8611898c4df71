/**
 * Every default of the SDK, in one place, each with its reason. `resolveConfig()` spreads the
 * caller's options over them, checks them, and freezes the result.
 */
import type { SourceModule } from '@cebe/schemas'
import { WIRE_LIMITS as CONTRACT_LIMITS } from '@cebe/schemas/validate'
import { CebeError } from './errors.js'
import type { Transport } from './transport.js'

export type ValidationMode = 'throw' | 'report' | 'off'
export type OverflowPolicy = 'drop-newest' | 'drop-oldest' | 'wait'
export type FsyncPolicy = 'always' | 'interval' | 'never'

export interface SpoolOptions {
  /** Directory for the spool's log files; one directory per producer process. */
  dir: string
  /** When appended events are fsynced. Default `'interval'`. */
  fsync?: FsyncPolicy
  /** For `fsync: 'interval'`. Default 1000 ms. */
  fsyncIntervalMs?: number
  /** A log file is closed and a new one started past this size. Default 8 MiB. */
  segmentBytes?: number
}

export interface ClientOptions<M extends SourceModule = SourceModule> {
  /** Base URL of the registry server, e.g. `http://127.0.0.1:4747`. */
  endpoint: string
  /** A write key of the company. */
  writeKey: string
  companyId: string
  companySsoId: string
  /** The module this service emits for; `track` only accepts that module's events. */
  sourceModule: M
  /** Envelope default for `trigger_from` when `track` does not give one. */
  triggerFrom?: string
  validation?: ValidationMode
  flushIntervalMs?: number
  maxBatchEvents?: number
  maxBatchBytes?: number
  maxQueueEvents?: number
  maxQueueBytes?: number
  overflow?: OverflowPolicy
  /** With `overflow: 'wait'`, at most this many `track` calls wait for room; more are dropped. */
  maxWaiting?: number
  maxInFlight?: number
  requestTimeoutMs?: number
  maxRetries?: number
  maxRetryTimeMs?: number
  retryBaseMs?: number
  retryMaxDelayMs?: number
  maxRetryAfterMs?: number
  compression?: 'gzip' | 'none'
  shutdownTimeoutMs?: number
  spool?: SpoolOptions
  /** Receives every dropped, refused and rejected event. Default: a rate-limited `console.warn`. */
  onError?: (error: CebeError) => void
  /** Replaces the HTTP transport (the testing helper does). */
  transport?: Transport
}

/** The wire limits of ARCHITECTURE.md; a config may go below them, never above. */
export const WIRE_LIMITS = Object.freeze({
  maxBatchEvents: CONTRACT_LIMITS.maxEventsPerRequest,
  maxBatchBytes: CONTRACT_LIMITS.maxRequestBytes,
  maxEventBytes: CONTRACT_LIMITS.maxEventBytes,
})

export const DEFAULTS = Object.freeze({
  /** Tests should fail loudly on a bad event; production must never crash a request over analytics. */
  validation: (): ValidationMode => (process.env.NODE_ENV === 'test' ? 'throw' : 'report'),
  /** The PRD's p99 < 5 s source-to-DB SLA: ≤ 0.5 s waiting here leaves 4.5 s for network and commit. */
  flushIntervalMs: 500,
  /** The server's per-request event limit; full batches go out at once without waiting for the timer. */
  maxBatchEvents: 500,
  /** Half the server's 1 MB decompressed limit: room for sent_at and framing, and small retries. */
  maxBatchBytes: 512 * 1024,
  /** ~100 s of buffering at 1,000 events/s during an outage. */
  maxQueueEvents: 100_000,
  /**
   * Caps memory regardless of event size (100,000 × 32 KB would be 3.2 GB). Counts uncompressed
   * wire bytes, sealed batches included, so admission never depends on when batches were sealed;
   * sealed (gzipped) batches hold ~1/10 of what they count for, so this is an upper bound.
   */
  maxQueueBytes: 64 * 1024 * 1024,
  /** The caller's code keeps running and the drop is reported; `wait` is opt-in backpressure. */
  overflow: 'drop-newest' as OverflowPolicy,
  /** Bounds the memory held by un-awaited `track` calls in `wait` mode. */
  maxWaiting: 10_000,
  /** Enough parallelism to hide one round trip per batch, few enough not to swamp the server. */
  maxInFlight: 4,
  /** A batch commit takes milliseconds; 10 s means the connection or server is stuck. */
  requestTimeoutMs: 10_000,
  /** With a 100 ms base and 10 s cap, 10 retries spread over ~1 min of outage per batch. */
  maxRetries: 10,
  /** The total retry budget of one batch; after it the events are reported as not delivered. */
  maxRetryTimeMs: 5 * 60_000,
  retryBaseMs: 100,
  retryMaxDelayMs: 10_000,
  /** A server asking for longer than this is treated as if it asked for this. */
  maxRetryAfterMs: 60_000,
  /**
   * JSON events compress ~10×; level 1 costs little CPU (see transport.ts). A full batch that must
   * wait is sealed: compressed at once (synchronously) so the queue holds ~10× less (batch.ts).
   */
  compression: 'gzip' as 'gzip' | 'none',
  /** Shorter than Kubernetes' 30 s terminationGracePeriod, so the report gets written. */
  shutdownTimeoutMs: 10_000,
  triggerFrom: 'api',
  spool: Object.freeze({
    fsync: 'interval' as FsyncPolicy,
    fsyncIntervalMs: 1000,
    segmentBytes: 8 * 1024 * 1024,
  }),
})

export interface ResolvedSpool {
  readonly dir: string
  readonly fsync: FsyncPolicy
  readonly fsyncIntervalMs: number
  readonly segmentBytes: number
}

export interface ResolvedConfig {
  readonly endpoint: string
  readonly writeKey: string
  readonly companyId: string
  readonly companySsoId: string
  readonly sourceModule: SourceModule
  readonly triggerFrom: string
  readonly validation: ValidationMode
  readonly flushIntervalMs: number
  readonly maxBatchEvents: number
  readonly maxBatchBytes: number
  readonly maxEventBytes: number
  readonly maxQueueEvents: number
  readonly maxQueueBytes: number
  readonly overflow: OverflowPolicy
  readonly maxWaiting: number
  readonly maxInFlight: number
  readonly requestTimeoutMs: number
  readonly maxRetries: number
  readonly maxRetryTimeMs: number
  readonly retryBaseMs: number
  readonly retryMaxDelayMs: number
  readonly maxRetryAfterMs: number
  readonly compression: 'gzip' | 'none'
  readonly shutdownTimeoutMs: number
  readonly spool: ResolvedSpool | undefined
}

/**
 * ```ts
 * const config = resolveConfig({ endpoint, writeKey, companyId, companySsoId, sourceModule: 'campaign' })
 * config.flushIntervalMs // 500
 * ```
 */
export function resolveConfig(options: ClientOptions): ResolvedConfig {
  for (const key of ['endpoint', 'writeKey', 'companyId', 'companySsoId', 'sourceModule'] as const) {
    if (typeof options[key] !== 'string' || options[key] === '') invalid(`${key} is required`)
  }
  try {
    new URL(options.endpoint)
  } catch {
    invalid(`endpoint "${options.endpoint}" is not a URL`)
  }
  const pick = <K extends keyof typeof DEFAULTS & keyof ClientOptions>(key: K) =>
    (options[key] ?? DEFAULTS[key]) as NonNullable<ClientOptions[K]>
  const config: ResolvedConfig = {
    endpoint: options.endpoint.replace(/\/+$/, ''),
    writeKey: options.writeKey,
    companyId: options.companyId,
    companySsoId: options.companySsoId,
    sourceModule: options.sourceModule,
    triggerFrom: pick('triggerFrom'),
    validation: options.validation ?? DEFAULTS.validation(),
    flushIntervalMs: pick('flushIntervalMs'),
    maxBatchEvents: pick('maxBatchEvents'),
    maxBatchBytes: pick('maxBatchBytes'),
    maxEventBytes: WIRE_LIMITS.maxEventBytes,
    maxQueueEvents: pick('maxQueueEvents'),
    maxQueueBytes: pick('maxQueueBytes'),
    overflow: pick('overflow'),
    maxWaiting: pick('maxWaiting'),
    maxInFlight: pick('maxInFlight'),
    requestTimeoutMs: pick('requestTimeoutMs'),
    maxRetries: pick('maxRetries'),
    maxRetryTimeMs: pick('maxRetryTimeMs'),
    retryBaseMs: pick('retryBaseMs'),
    retryMaxDelayMs: pick('retryMaxDelayMs'),
    maxRetryAfterMs: pick('maxRetryAfterMs'),
    compression: pick('compression'),
    shutdownTimeoutMs: pick('shutdownTimeoutMs'),
    spool:
      options.spool &&
      Object.freeze({ ...DEFAULTS.spool, ...definedOnly(options.spool), dir: options.spool.dir }),
  }
  check(config)
  return Object.freeze(config)
}

function check(config: ResolvedConfig): void {
  if (!['throw', 'report', 'off'].includes(config.validation))
    invalid(`validation must be throw, report or off`)
  if (!['drop-newest', 'drop-oldest', 'wait'].includes(config.overflow)) {
    invalid('overflow must be drop-newest, drop-oldest or wait')
  }
  if (config.compression !== 'gzip' && config.compression !== 'none')
    invalid('compression must be gzip or none')
  const atLeast: [keyof ResolvedConfig, number][] = [
    ['flushIntervalMs', 0],
    ['maxBatchEvents', 1],
    ['maxBatchBytes', 1024],
    ['maxQueueEvents', 1],
    ['maxQueueBytes', WIRE_LIMITS.maxEventBytes],
    ['maxWaiting', 0],
    ['maxInFlight', 1],
    ['requestTimeoutMs', 1],
    ['maxRetries', 0],
    ['maxRetryTimeMs', 0],
    ['retryBaseMs', 0],
    ['retryMaxDelayMs', 0],
    ['maxRetryAfterMs', 0],
    ['shutdownTimeoutMs', 0],
  ]
  for (const [key, min] of atLeast) {
    const value = config[key]
    if (typeof value !== 'number' || Number.isNaN(value) || value < min)
      invalid(`${key} must be a number ≥ ${min}`)
  }
  if (config.maxBatchEvents > WIRE_LIMITS.maxBatchEvents) {
    invalid(`maxBatchEvents must be ≤ ${WIRE_LIMITS.maxBatchEvents} (the server's limit)`)
  }
  if (config.maxBatchBytes > WIRE_LIMITS.maxBatchBytes) {
    invalid(`maxBatchBytes must be ≤ ${WIRE_LIMITS.maxBatchBytes} (the server's limit)`)
  }
  if (config.spool) {
    if (typeof config.spool.dir !== 'string' || config.spool.dir === '') invalid('spool.dir is required')
    if (!['always', 'interval', 'never'].includes(config.spool.fsync)) {
      invalid('spool.fsync must be always, interval or never')
    }
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}

function invalid(message: string): never {
  throw new CebeError('invalid_config', `createClient: ${message}`)
}
