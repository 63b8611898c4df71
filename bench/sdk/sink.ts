/**
 * The bench's local sink: one HTTP server on 127.0.0.1 that accepts every SDK's wire format
 * (CEBE `/v1/events`, Segment and RudderStack `/v1/batch`, PostHog `/batch/`, Mixpanel
 * `/import` form posts, the hand loop), gunzips, and counts each event by its key — total
 * received vs unique — so lost and duplicated events are counted per SDK.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'

export interface SinkCounts {
  total: number
  unique: number
  requests: number
  lastAt: number
}

export interface BenchSink {
  url: string
  port: number
  counts(): SinkCounts
  reset(): void
  close(): Promise<void>
}

export async function startBenchSink(): Promise<BenchSink> {
  let seen = new Set<string>()
  let total = 0
  let requests = 0
  let lastAt = 0

  const count = (events: unknown[]) => {
    for (const event of events) {
      const e = event as Record<string, any>
      const key = e.properties?.seq ?? e.event_id ?? e.messageId ?? e.uuid
      total++
      seen.add(String(key))
    }
    lastAt = performance.now()
  }

  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      requests++
      let body = Buffer.concat(chunks)
      if (req.headers['content-encoding'] === 'gzip' || (body[0] === 0x1f && body[1] === 0x8b))
        body = gunzipSync(body)
      const text = body.toString('utf8')
      const path = (req.url ?? '').split('?')[0]!
      if (path.startsWith('/import') || path.startsWith('/track')) {
        const data = new URLSearchParams(text).get('data') ?? ''
        count(JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as unknown[])
        res.writeHead(200, { 'content-type': 'text/plain' })
        return res.end('1')
      }
      let parsed: any
      try {
        parsed = JSON.parse(text)
      } catch {
        res.writeHead(400)
        return res.end()
      }
      const events: unknown[] = Array.isArray(parsed) ? parsed : (parsed.events ?? parsed.batch ?? [parsed])
      count(events)
      const answer =
        path === '/v1/events' ? { accepted: events.length, duplicates: 0, rejected: [] } : { status: 1 }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(answer))
    })
  })
  server.keepAliveTimeout = 65_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    counts: () => ({ total, unique: seen.size, requests, lastAt }),
    reset() {
      seen = new Set()
      total = 0
      requests = 0
      lastAt = 0
    },
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
