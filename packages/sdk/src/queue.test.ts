import { describe, expect, it } from 'vitest'
import { SENT_AT_BYTES } from './envelope.js'
import { EventQueue, type QueueItem } from './queue.js'

const item = (id: string | number, bytes = 10): QueueItem => ({ id: String(id), json: '{}', bytes })
/** A real serialized event, so a sealed batch can be decoded. */
const event = (id: number): QueueItem => {
  const json = JSON.stringify({ event_id: `e${id}`, pad: 'x'.repeat(100) })
  return { id: `e${id}`, json, bytes: Buffer.byteLength(json) + SENT_AT_BYTES }
}
const BATCH = { maxEvents: 100, maxBytes: 512 * 1024 }
const ids = (items: readonly QueueItem[]) => items.map((i) => i.id)
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `e${from + i}`)

describe('EventQueue', () => {
  it('is FIFO and tracks count and bytes', () => {
    const queue = new EventQueue({ maxEvents: 10, maxBytes: 1000 })
    for (let i = 0; i < 5; i++)
      expect(queue.offer(item(i), 'drop-newest')).toEqual({ queued: true, evicted: [] })
    expect(queue.length).toBe(5)
    expect(queue.bytes).toBe(50)
    expect(queue.shift()?.id).toBe('0')
    expect(queue.bytes).toBe(40)
    expect(queue.drain().map((i) => i.id)).toEqual(['1', '2', '3', '4'])
    expect(queue.length).toBe(0)
    expect(queue.shift()).toBeUndefined()
  })

  it('drop-newest refuses the new item when full by count', () => {
    const queue = new EventQueue({ maxEvents: 2, maxBytes: 1000 })
    queue.offer(item(1), 'drop-newest')
    queue.offer(item(2), 'drop-newest')
    expect(queue.offer(item(3), 'drop-newest')).toEqual({ queued: false })
    expect(queue.drain().map((i) => i.id)).toEqual(['1', '2'])
  })

  it('drop-oldest evicts until the new item fits by bytes', () => {
    const queue = new EventQueue({ maxEvents: 100, maxBytes: 30 })
    queue.offer(item(1), 'drop-oldest')
    queue.offer(item(2), 'drop-oldest')
    queue.offer(item(3), 'drop-oldest')
    const result = queue.offer(item(4, 25), 'drop-oldest')
    expect(result.queued).toBe(true)
    if (result.queued) expect(result.evicted.map((i) => i.id)).toEqual(['1', '2', '3'])
    expect(queue.bytes).toBe(25)
  })

  it('never holds more than its bounds, across compaction', () => {
    const queue = new EventQueue({ maxEvents: 1000, maxBytes: 1_000_000 })
    let dropped = 0
    for (let i = 0; i < 50_000; i++) {
      if (!queue.offer(item(i), 'drop-newest').queued) dropped++
      if (i % 3 === 0) queue.shift()
      expect(queue.length).toBeLessThanOrEqual(1000)
    }
    expect(dropped).toBeGreaterThan(0)
    const ids = queue.drain().map((i) => Number(i.id))
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
  })

  it('fits() answers for wait mode', () => {
    const queue = new EventQueue({ maxEvents: 1, maxBytes: 100 })
    expect(queue.fits(10)).toBe(true)
    queue.force(item(1))
    expect(queue.fits(10)).toBe(false)
  })

  it('seals full batches from the tail without changing its counts (uncompressed bytes)', () => {
    const queue = new EventQueue({ maxEvents: 1000, maxBytes: 10_000_000 })
    for (let i = 0; i < 250; i++) queue.offer(event(i), 'drop-newest')
    const bytes = queue.bytes
    expect(queue.tailFull(BATCH)).toBe(true)
    while (queue.tailFull(BATCH)) queue.sealTail(BATCH, 'gzip')
    expect(queue).toMatchObject({ length: 250, bytes, tailLength: 50, sealedBatches: 2 })
    expect(queue.sealedBytes).toBeLessThan(bytes / 10)
    // Oldest first: both sealed batches, then the tail (only when full, unless partial).
    expect(queue.next(BATCH, false)?.sealed).toBe(true)
    expect(ids(queue.next(BATCH, false)!.items)).toEqual(range(100, 200))
    expect(queue.next(BATCH, false)).toBeUndefined()
    expect(ids(queue.next(BATCH, true)!.items)).toEqual(range(200, 250))
    expect(queue).toMatchObject({ length: 0, bytes: 0, sealedBatches: 0, sealedBytes: 0 })
  })

  it('drop-oldest evicts exactly the events it needs, from inside a sealed batch', () => {
    const queue = new EventQueue({ maxEvents: 250, maxBytes: 10_000_000 })
    for (let i = 0; i < 250; i++) queue.offer(event(i), 'drop-oldest')
    while (queue.tailFull(BATCH)) queue.sealTail(BATCH, 'gzip')
    const evicted: QueueItem[] = []
    for (let i = 250; i < 280; i++) {
      const result = queue.offer(event(i), 'drop-oldest')
      if (result.queued) evicted.push(...result.evicted)
    }
    // 30 in: the 30 oldest out, decoded exactly, nothing else touched.
    expect(evicted).toEqual(Array.from({ length: 30 }, (_, i) => event(i)))
    expect(queue.length).toBe(250)
    expect(queue.sealedBatches).toBe(1)
    // The rest of the reached batch goes first, then the untouched sealed one, then the tail.
    expect(ids(queue.next(BATCH, false)!.items)).toEqual(range(30, 100))
    expect(ids(queue.next(BATCH, false)!.items)).toEqual(range(100, 200))
    expect(ids(queue.drain())).toEqual(range(200, 280))
  })

  it('drop-oldest by bytes across several sealed batches, and drain decodes them in order', () => {
    const sum = (from: number, to: number) =>
      range(from, to).reduce((n, _, i) => n + event(from + i).bytes, 0)
    const queue = new EventQueue({ maxEvents: 10_000, maxBytes: sum(0, 250) })
    for (let i = 0; i < 250; i++) queue.offer(event(i), 'drop-oldest')
    while (queue.tailFull(BATCH)) queue.sealTail(BATCH, 'none')
    // Room for it means evicting exactly events 0–149: the whole first sealed batch and half the second.
    const big = { id: 'big', json: '{}', bytes: sum(0, 150) }
    const result = queue.offer(big, 'drop-oldest')
    expect(result.queued && ids(result.evicted)).toEqual(range(0, 150))
    expect(queue.bytes).toBe(sum(0, 250))
    expect(ids(queue.drain())).toEqual([...range(150, 250), 'big'])
  })
})
