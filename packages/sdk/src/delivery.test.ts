import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { Batch } from './batch.js'
import { type DeliveryConfig, type DeliveryHooks, deliver } from './delivery.js'
import { SENT_AT_BYTES } from './envelope.js'
import type { QueueItem } from './queue.js'
import type { Transport, TransportRequest, TransportResponse } from './transport.js'

const config: DeliveryConfig = {
  compression: 'none',
  maxRetries: 3,
  maxRetryTimeMs: 60_000,
  retryBaseMs: 1,
  retryMaxDelayMs: 2,
  maxRetryAfterMs: 5,
}

const item = (id: string): QueueItem => {
  const json = JSON.stringify({ event_id: id })
  return { id, json, bytes: Buffer.byteLength(json) + SENT_AT_BYTES }
}
const batchOf = (...ids: string[]) => new Batch({ maxEvents: 500, maxBytes: 512 * 1024 }, ids.map(item))

type Answer = Partial<TransportResponse> | Error
/** A transport that answers from a script and records each request. */
function scripted(...answers: Answer[]): Transport & { requests: TransportRequest[] } {
  const requests: TransportRequest[] = []
  return {
    requests,
    async send(request) {
      requests.push(request)
      const answer = answers.shift() ?? { status: 200 }
      if (answer instanceof Error) throw answer
      return { status: 200, headers: {}, body: '{}', ...answer }
    },
    async close() {},
  }
}

/** Hooks that record their calls by name. */
function recorder() {
  const calls: [string, ...unknown[]][] = []
  const hooks: DeliveryHooks = {
    retried: (info) => calls.push(['retried', info.attempt, info.status]),
    split: (batch) => calls.push(['split', batch.length]),
    acknowledged: (batch) => calls.push(['acknowledged', batch.items.map((i) => i.id)]),
    refused: (batch, answer) => calls.push(['refused', batch.length, answer.status]),
    exhausted: (batch, detail) => calls.push(['exhausted', batch.length, detail]),
    aborted: (batch) => calls.push(['aborted', batch.length]),
  }
  return { calls, hooks }
}

const run = (transport: Transport, batch: Batch, signal = new AbortController().signal) => {
  const { calls, hooks } = recorder()
  return deliver(batch, { config, transport, signal, hooks }).then(() => calls)
}

describe('deliver', () => {
  it('acknowledges a 2xx', async () => {
    expect(await run(scripted({ status: 200 }), batchOf('a', 'b'))).toEqual([['acknowledged', ['a', 'b']]])
  })

  it('retries 5xx and network errors with the same bytes, then acknowledges', async () => {
    const transport = scripted({ status: 503 }, new Error('ECONNRESET'), { status: 200 })
    const calls = await run(transport, batchOf('a'))
    expect(calls).toEqual([
      ['retried', 1, 503],
      ['retried', 2, undefined],
      ['acknowledged', ['a']],
    ])
    const bodies = transport.requests.map((r) => Buffer.from(r.body).toString())
    expect(new Set(bodies).size).toBe(1)
    expect(JSON.parse(bodies[0]!).events[0].sent_at).toMatch(/Z$/)
  })

  it('splits a 413 into halves and delivers each', async () => {
    const calls = await run(scripted({ status: 413 }), batchOf('a', 'b', 'c'))
    expect(calls).toEqual([
      ['split', 3],
      ['acknowledged', ['a', 'b']],
      ['acknowledged', ['c']],
    ])
  })

  it('refuses a 400, and a 413 for a single event, without retrying', async () => {
    expect(await run(scripted({ status: 400 }), batchOf('a', 'b'))).toEqual([['refused', 2, 400]])
    expect(await run(scripted({ status: 413 }), batchOf('a'))).toEqual([['refused', 1, 413]])
  })

  it('reports the retry budget exhausted with the last failure', async () => {
    const calls = await run(scripted(...Array.from({ length: 10 }, () => ({ status: 500 }))), batchOf('a'))
    expect(calls.filter((c) => c[0] === 'retried')).toHaveLength(3)
    expect(calls.at(-1)).toEqual(['exhausted', 1, 'HTTP 500'])
  })

  it('hands the batch back as aborted when the signal aborts', async () => {
    const abort = new AbortController()
    const transport: Transport = {
      send: () => {
        abort.abort(new Error('shutdown'))
        return Promise.reject(new Error('aborted'))
      },
      close: async () => {},
    }
    expect(await run(transport, batchOf('a', 'b'), abort.signal)).toEqual([['aborted', 2]])
  })

  it('sends a sealed batch as is: its own body on every attempt, sent_at from the seal', async () => {
    const batch = batchOf('a', 'b')
    batch.seal('gzip', new Date('2026-11-27T01:00:00.000Z'))
    const transport = scripted({ status: 503 }, { status: 200 })
    const calls = await run(transport, batch)
    expect(calls).toEqual([
      ['retried', 1, 503],
      ['acknowledged', ['a', 'b']],
    ])
    const [first, second] = transport.requests
    expect(second!.body).toBe(first!.body)
    expect(first!.contentEncoding).toBe('gzip')
    const body = JSON.parse(gunzipSync(first!.body).toString())
    expect(body.events.map((e: { sent_at: string }) => e.sent_at)).toEqual([
      '2026-11-27T01:00:00.000Z',
      '2026-11-27T01:00:00.000Z',
    ])
  })

  it('splits a sealed batch on 413: decoded, halves sent with the same events and sent_at', async () => {
    const batch = batchOf('a', 'b', 'c')
    batch.seal('gzip', new Date('2026-11-27T01:00:00.000Z'))
    const transport = scripted({ status: 413 })
    const calls = await run(transport, batch)
    expect(calls).toEqual([
      ['split', 3],
      ['acknowledged', ['a', 'b']],
      ['acknowledged', ['c']],
    ])
    const halves = transport.requests.slice(1).map((r) => JSON.parse(Buffer.from(r.body).toString()))
    expect(halves.map((h) => h.events.map((e: { event_id: string }) => e.event_id))).toEqual([
      ['a', 'b'],
      ['c'],
    ])
    expect(halves.flatMap((h) => h.events.map((e: { sent_at: string }) => e.sent_at))).toEqual(
      Array(3).fill('2026-11-27T01:00:00.000Z'),
    )
  })
})
