import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { Batch } from './batch.js'
import { SENT_AT_BYTES, sentAtMember } from './envelope.js'
import type { QueueItem } from './queue.js'

const event = (id: number, pad = 0): QueueItem => {
  const json = JSON.stringify({ event_id: `e${id}`, pad: 'x'.repeat(pad) })
  return { id: `e${id}`, json, bytes: Buffer.byteLength(json) + SENT_AT_BYTES }
}

describe('Batch', () => {
  it('stops at the event limit with a named reason', () => {
    const batch = new Batch({ maxEvents: 3, maxBytes: 1_000_000 })
    for (let i = 0; i < 3; i++) expect(batch.tryAdd(event(i))).toEqual({ ok: true })
    expect(batch.tryAdd(event(3))).toEqual({ ok: false, limit: 'events' })
    expect(batch.isFull()).toBe(true)
  })

  it('stops at the byte limit, and its byte count is the exact body size', () => {
    const batch = new Batch({ maxEvents: 500, maxBytes: 2000 })
    let added = 0
    while (batch.tryAdd(event(added, 100)).ok) added++
    expect(batch.tryAdd(event(999, 100))).toEqual({ ok: false, limit: 'bytes' })
    const body = batch.toJson(sentAtMember(new Date()))
    expect(Buffer.byteLength(body)).toBe(batch.bytes)
    expect(batch.bytes).toBeLessThanOrEqual(2000)
    const parsed = JSON.parse(body) as { events: { event_id: string; sent_at: string }[] }
    expect(parsed.events).toHaveLength(added)
    expect(parsed.events.every((e) => typeof e.sent_at === 'string')).toBe(true)
  })

  it('counts multi-byte characters as UTF-8 bytes', () => {
    const json = JSON.stringify({ event_id: 'u', text: 'ééé😀' })
    const batch = new Batch({ maxEvents: 10, maxBytes: 10_000 }, [
      { id: 'u', json, bytes: Buffer.byteLength(json) + SENT_AT_BYTES },
    ])
    expect(Buffer.byteLength(batch.toJson(sentAtMember(new Date())))).toBe(batch.bytes)
  })

  it('always takes one event into an empty batch and splits in halves', () => {
    const batch = new Batch({ maxEvents: 10, maxBytes: 1024 })
    expect(batch.tryAdd(event(0, 2000)).ok).toBe(true)
    const five = new Batch(
      { maxEvents: 10, maxBytes: 100_000 },
      [0, 1, 2, 3, 4].map((i) => event(i)),
    )
    const [a, b] = five.split()
    expect(a.items.map((i) => i.id)).toEqual(['e0', 'e1', 'e2'])
    expect(b.items.map((i) => i.id)).toEqual(['e3', 'e4'])
  })

  it('builds the same body for the same sent_at (identical retries)', () => {
    const batch = new Batch({ maxEvents: 10, maxBytes: 100_000 }, [event(1), event(2)])
    const member = sentAtMember(new Date())
    expect(batch.toJson(member)).toBe(batch.toJson(member))
  })

  it('seal: the gzipped body is the open body with sent_at = the seal time, ~10× smaller', async () => {
    const items = Array.from({ length: 500 }, (_, i) => event(i, 500))
    const open = new Batch({ maxEvents: 500, maxBytes: 1024 * 1024 }, items)
    const sealedAt = new Date('2026-11-27T01:02:03.456Z')
    const expected = open.toJson(sentAtMember(sealedAt))
    const sealed = new Batch({ maxEvents: 500, maxBytes: 1024 * 1024 }, items)
    sealed.seal('gzip', sealedAt)
    expect(sealed.sealed).toBe(true)
    expect(sealed.length).toBe(500)
    expect(sealed.bytes).toBe(Buffer.byteLength(expected))
    expect(sealed.eventBytes).toBe(items.reduce((sum, i) => sum + i.bytes, 0))
    expect(sealed.sealedBytes).toBeLessThan(sealed.bytes / 10)
    expect(sealed.sentAt).toBe(sentAtMember(sealedAt))
    // Sending later does not restamp: every attempt gets the same bytes.
    const first = await sealed.encode('gzip', new Date('2026-11-27T09:00:00Z'))
    const second = await sealed.encode('gzip')
    expect(first.contentEncoding).toBe('gzip')
    expect(second.body).toBe(first.body)
    expect(gunzipSync(first.body).toString()).toBe(expected)
    // Decoding gives back exactly the queued events.
    expect(sealed.items).toEqual(items)
  })

  it('seal without compression, with multi-byte text and spool segments: decodes exactly', () => {
    const json = JSON.stringify({ event_id: 'u', text: 'ééé😀 "quoted" \\ \u2028', n: 1.5e-7 })
    const items: QueueItem[] = [
      { id: 'u', json, bytes: Buffer.byteLength(json) + SENT_AT_BYTES, segment: 3 },
      { ...event(1), segment: 4 },
    ]
    const batch = new Batch({ maxEvents: 10, maxBytes: 10_000 }, items)
    batch.seal('none')
    expect(batch.settleKeys).toEqual([
      { id: 'u', segment: 3 },
      { id: 'e1', segment: 4 },
    ])
    expect(batch.items).toEqual(items)
  })

  it('an open batch stamps sent_at on first encode and keeps it', async () => {
    const batch = new Batch({ maxEvents: 10, maxBytes: 100_000 }, [event(1)])
    expect(batch.sentAt).toBeUndefined()
    const at = new Date('2026-11-27T05:00:00.000Z')
    const a = await batch.encode('none', at)
    const b = await batch.encode('none', new Date())
    expect(Buffer.from(b.body).toString()).toBe(Buffer.from(a.body).toString())
    expect(JSON.parse(Buffer.from(a.body).toString()).events[0].sent_at).toBe(at.toISOString())
  })

  it('splits a sealed batch into open halves that keep its sent_at', async () => {
    const items = [0, 1, 2, 3, 4].map((i) => event(i))
    const batch = new Batch({ maxEvents: 10, maxBytes: 100_000 }, items)
    const sealedAt = new Date('2026-11-27T01:00:00.000Z')
    batch.seal('gzip', sealedAt)
    const [a, b] = batch.split()
    expect(a.sealed || b.sealed).toBe(false)
    expect(a.items).toEqual(items.slice(0, 3))
    expect(b.items).toEqual(items.slice(3))
    const body = JSON.parse(Buffer.from((await b.encode('none')).body).toString())
    expect(body.events.map((e: { sent_at: string }) => e.sent_at)).toEqual([
      sealedAt.toISOString(),
      sealedAt.toISOString(),
    ])
  })
})
