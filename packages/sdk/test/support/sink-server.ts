/**
 * A small, real HTTP server on 127.0.0.1 that implements the `POST /v1/events` contract of
 * ARCHITECTURE.md — auth, gunzip, limits, per-event validation with `validateEvent`, dedup on
 * (company_id, event_id) — and records every store so tests can assert exactly-once delivery.
 * It stands in for the registry-server; its store outlives `restart()` like a database would.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'
import { validateEvent } from '@cebe/schemas'
import { listen } from './listen.js'

export interface SinkOptions {
  writeKey?: string
  companyId?: string
  /** Answer 413 above this many events per request (the contract's limit is 500). */
  maxEventsPerRequest?: number
  /** Called for each request before it is handled; may answer it itself by returning true. */
  intercept?: (req: IncomingMessage, res: ServerResponse, requestIndex: number) => boolean
}

export interface Sink {
  readonly url: string
  readonly port: number
  readonly writeKey: string
  readonly companyId: string
  /** Event ids stored, in store order; an id appearing twice would be a duplicate store. */
  readonly storeLog: string[]
  /** How many times each event id arrived on the wire (retries and replays count). */
  readonly received: Map<string, number>
  readonly requests: number
  /** Closes every connection and listens again on the same port; the store survives. */
  restart(): Promise<void>
  stop(): Promise<void>
  start(): Promise<void>
  close(): Promise<void>
}

const MAX_BODY_BYTES = 1024 * 1024

export async function startSink(options: SinkOptions = {}): Promise<Sink> {
  const writeKey = options.writeKey ?? 'sink_write_key'
  const companyId = options.companyId ?? 'company_acme'
  const maxEvents = options.maxEventsPerRequest ?? 500
  const stored = new Set<string>()
  const storeLog: string[] = []
  const received = new Map<string, number>()
  let requests = 0

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    if (req.method !== 'POST' || req.url !== '/v1/events')
      return reply(res, 404, error('not_found', 'no route'))
    if (req.headers.authorization !== `Bearer ${writeKey}`)
      return reply(res, 401, error('unauthorized', 'bad key'))
    if (!String(req.headers['content-type']).startsWith('application/json')) {
      return reply(res, 415, error('unsupported_media_type', 'send JSON'))
    }
    let raw = body
    if (req.headers['content-encoding'] === 'gzip') {
      try {
        raw = gunzipSync(body, { maxOutputLength: MAX_BODY_BYTES + 1 })
      } catch {
        return reply(res, 413, error('payload_too_large', 'body over 1 MB decompressed or bad gzip'))
      }
    }
    if (raw.length > MAX_BODY_BYTES) return reply(res, 413, error('payload_too_large', 'body over 1 MB'))
    let parsed: { events?: unknown }
    try {
      parsed = JSON.parse(raw.toString('utf8'))
    } catch {
      return reply(res, 400, error('invalid_json', 'unparseable body'))
    }
    if (!Array.isArray(parsed.events))
      return reply(res, 400, error('invalid_body', 'events must be an array'))
    if (parsed.events.length > maxEvents)
      return reply(res, 413, error('payload_too_large', `over ${maxEvents} events`))
    let accepted = 0
    let duplicates = 0
    const rejected: unknown[] = []
    for (const [index, input] of parsed.events.entries()) {
      const id = (input as { event_id?: unknown })?.event_id
      if (typeof id === 'string') received.set(id, (received.get(id) ?? 0) + 1)
      const result = validateEvent(input)
      if (!result.ok) {
        rejected.push({ index, event_id: id, errors: result.errors })
        continue
      }
      if (result.event.company_id !== companyId) {
        rejected.push({
          index,
          event_id: id,
          errors: [{ path: '/company_id', code: 'invalid_value', message: 'not the key company' }],
        })
        continue
      }
      const key = `${result.event.company_id}\u0000${result.event.event_id}`
      if (stored.has(key)) {
        duplicates++
        continue
      }
      stored.add(key)
      storeLog.push(result.event.event_id)
      accepted++
    }
    reply(res, 200, { accepted, duplicates, rejected })
  }

  const server: Server = createServer((req, res) => {
    const index = requests++
    if (options.intercept?.(req, res, index)) return
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => handle(req, res, Buffer.concat(chunks)))
    req.on('error', () => res.destroy())
  })
  await listen(server, 0)
  const port = (server.address() as AddressInfo).port
  let listening = true

  const stop = async () => {
    if (!listening) return
    listening = false
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  const start = async () => {
    if (listening) return
    await listen(server, port)
    listening = true
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    writeKey,
    companyId,
    storeLog,
    received,
    get requests() {
      return requests
    },
    restart: async () => {
      await stop()
      await start()
    },
    stop,
    start,
    close: stop,
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

function error(code: string, message: string) {
  return { error: { code, message } }
}
