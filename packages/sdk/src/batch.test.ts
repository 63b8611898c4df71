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
})
