/**
 * How a batch reaches the server. The client only knows the `Transport` interface; the default
 * is an undici keep-alive pool to the endpoint with request timeouts, and the testing helper
 * swaps in an in-memory one.
 */
import { promisify } from 'node:util'
import { constants, gzip } from 'node:zlib'
import { Pool } from 'undici'
import type { HeaderBag } from './retry-policy.js'

const gzipAsync = promisify(gzip)

/** gzip level 1: JSON events shrink ~10× already at the fastest level. */
export const GZIP_LEVEL = constants.Z_BEST_SPEED

export interface TransportRequest {
  /** The encoded body, identical on every attempt. */
  body: Uint8Array
  contentEncoding: 'gzip' | 'identity'
  eventCount: number
  signal?: AbortSignal
}

export interface TransportResponse {
  status: number
  headers: HeaderBag
  /** The response body as text (JSON for 200 and errors). */
  body: string
}

export interface Transport {
  /** Sends one batch; resolves with any HTTP answer, rejects on network errors and timeouts. */
  send(request: TransportRequest): Promise<TransportResponse>
  close(): Promise<void>
}

export interface HttpTransportOptions {
  endpoint: string
  writeKey: string
  /** Connections in the pool; the client never has more batches in flight than this. */
  maxInFlight: number
  requestTimeoutMs: number
}

/**
 * Encodes the body of a batch sent as soon as it is formed, once per batch. gzip level 1: the
 * producer's CPU matters more than the last few percent of bytes. Runs on the libuv pool so it
 * overlaps with `track` calls on the main thread. (A batch that must wait is sealed instead:
 * compressed synchronously when it fills, see batch.ts.)
 */
export async function encodeBody(
  json: string,
  compression: 'gzip' | 'none',
): Promise<{ body: Uint8Array; contentEncoding: 'gzip' | 'identity' }> {
  if (compression === 'none') return { body: Buffer.from(json), contentEncoding: 'identity' }
  return { body: await gzipAsync(json, { level: GZIP_LEVEL }), contentEncoding: 'gzip' }
}

/**
 * ```ts
 * const transport = createHttpTransport({ endpoint, writeKey, maxInFlight: 4, requestTimeoutMs: 10_000 })
 * const response = await transport.send({ body, contentEncoding: 'gzip', eventCount: 500 })
 * ```
 */
export function createHttpTransport(options: HttpTransportOptions): Transport {
  const url = new URL(options.endpoint)
  const path = `${url.pathname.replace(/\/+$/, '')}/v1/events`
  const pool = new Pool(url.origin, {
    connections: options.maxInFlight,
    pipelining: 1,
    connectTimeout: Math.min(options.requestTimeoutMs, 10_000),
    headersTimeout: options.requestTimeoutMs,
    bodyTimeout: options.requestTimeoutMs,
    // Below the 5 s idle timeout of Node's and most proxies' servers, so a reused socket is not
    // one the server is closing at the same moment.
    keepAliveTimeout: 4_000,
    keepAliveMaxTimeout: 4_000,
  })
  const authorization = `Bearer ${options.writeKey}`
  return {
    async send(request) {
      // undici's own timers are coarse below a second; this bounds the whole exchange exactly.
      const timeout = AbortSignal.timeout(options.requestTimeoutMs)
      const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout
      const response = await pool.request({
        path,
        method: 'POST',
        headers: {
          authorization,
          'content-type': 'application/json',
          ...(request.contentEncoding === 'gzip' && { 'content-encoding': 'gzip' }),
          'user-agent': 'cebe-sdk-node/0.1.0',
        },
        body: request.body,
        signal,
      })
      const body = await response.body.text()
      return { status: response.statusCode, headers: response.headers, body }
    },
    async close() {
      await pool.close()
    },
  }
}
