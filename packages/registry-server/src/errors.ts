/**
 * The one error class of the server. Routes and the pipeline throw it; the central error handler
 * (`app.ts`) turns it into `{ error: { code, message, details? } }` with its status. Anything else
 * becomes a 500 whose internals are logged, never sent.
 */
export type ErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'incompatible_schema'
  | 'payload_too_large'
  | 'headers_too_large'
  | 'request_timeout'
  | 'unsupported_media_type'
  | 'overloaded'
  | 'store_unavailable'
  | 'internal'

export class ServerError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'ServerError'
    this.retryAfterSeconds = options?.retryAfterSeconds
  }

  readonly retryAfterSeconds: number | undefined
}

/** A read of one customer the key's company has no event of (profile, memory). */
export function unknownCustomer(customerId: string): ServerError {
  return new ServerError('not_found', 404, `no customer "${customerId}": this company has no event of it`, {
    customer_id: customerId,
  })
}

/** The store cannot be reached or cannot write right now; the client should retry later. */
/** Refuses one more of something a company may keep only `limit` of (409 naming the count). */
export function assertBelowLimit(count: number, limit: number, what: string): void {
  if (count >= limit)
    throw new ServerError(
      'conflict',
      409,
      `this company has ${count} ${what}, the most it may keep; delete one first`,
      {
        limit,
      },
    )
}

export function storeUnavailable(cause: unknown): ServerError {
  return new ServerError('store_unavailable', 503, 'the event store is unavailable; retry later', undefined, {
    cause,
    retryAfterSeconds: 2,
  })
}

const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN|READONLY|PROTOCOL|NOMEM)/
const NODE_NET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
])

/**
 * True when an error from a driver means "the store is not there / cannot write now" (503) rather
 * than "this statement is wrong" (a bug, 500). PostgreSQL classes 08 (connection), 53 (resources),
 * 57 (operator intervention, which includes statement_timeout's 57014) and 58 (system) count as
 * unavailable, and so do lock_timeout (55P03), pg's own query timeout and pg-pool's connect timeout.
 */
export function isUnavailableError(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string') {
    if (SQLITE_UNAVAILABLE.test(code) || NODE_NET_ERRORS.has(code)) return true
    if (/^(08|53|57|58)[0-9A-Z]{3}$/.test(code) || code === '55P03') return true
  }
  const message = error.message
  return (
    /Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Cannot use a pool after calling end|database is closed|The database connection is not open|the store did not answer within/i.test(
      message,
    ) ||
    (error.cause !== undefined && isUnavailableError(error.cause))
  )
}
