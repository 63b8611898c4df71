import { describe, expect, it } from 'vitest'
import { EventQueue, type QueueItem } from './queue.js'

const item = (id: string | number, bytes = 10): QueueItem => ({ id: String(id), json: '{}', bytes })

describe('EventQueue', () => {
  it('is FIFO and tracks count and bytes', () => {
    const queue = new EventQueue({ maxEvents: 10, maxBytes: 1000 })
    for (let i = 0; i < 5; i++)
      expect(queue.offer(item(i), 'drop-newest')).toEqual({ queued: true, evicted: [] })
    expect(queue.length).toBe(5)
    expect(queue.bytes).toBe(50)
    expect(queue.shift()?.id).toBe('0')
    expect(queue.peek()?.id).toBe('1')
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
})
