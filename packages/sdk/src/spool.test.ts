import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ResolvedSpool } from './config.js'
import type { QueueItem } from './queue.js'
import { Spool } from './spool.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function config(overrides: Partial<ResolvedSpool> = {}): ResolvedSpool {
  const dir = mkdtempSync(join(tmpdir(), 'cebe-spool-'))
  dirs.push(dir)
  return { dir, fsync: 'never', fsyncIntervalMs: 1000, segmentBytes: 1024 * 1024, ...overrides }
}

const event = (id: string) => JSON.stringify({ event_id: id, event_name: 'campaign.replied' })

function append(spool: Spool, ids: string[]): QueueItem[] {
  return ids.map((id) => ({ id, json: event(id), bytes: 0, segment: spool.append(event(id)) }))
}

describe('Spool', () => {
  it('replays what was appended and not settled, in order, after a crash (no close)', () => {
    const cfg = config({ fsync: 'always' })
    const first = Spool.open(cfg)
    expect(first.replay).toEqual([])
    const items = append(first.spool, ['a', 'b', 'c', 'd'])
    first.spool.settle([items[1]!])
    const second = Spool.open(cfg)
    expect(second.replay.map((i) => i.id)).toEqual(['a', 'c', 'd'])
    expect(second.replay[0]!.json).toBe(event('a'))
    expect(second.replay[0]!.bytes).toBeGreaterThan(event('a').length)
    first.spool.close()
    second.spool.close()
  })

  it('deletes a segment once every event in it is settled', () => {
    const cfg = config()
    const { spool } = Spool.open(cfg)
    const items = append(spool, ['a', 'b'])
    expect(readdirSync(cfg.dir)).toHaveLength(1)
    spool.settle(items)
    expect(readdirSync(cfg.dir)).toEqual([])
    expect(spool.stats).toEqual({ segments: 0, outstanding: 0 })
    append(spool, ['c'])
    expect(spool.stats).toEqual({ segments: 1, outstanding: 1 })
    spool.close()
    expect(Spool.open(cfg).replay.map((i) => i.id)).toEqual(['c'])
  })

  it('rotates segments by size and compacts the settled ones', () => {
    const cfg = config({ segmentBytes: 200 })
    const { spool } = Spool.open(cfg)
    const items = append(
      spool,
      Array.from({ length: 20 }, (_, i) => `id-${i}`),
    )
    const segments = new Set(items.map((i) => i.segment))
    expect(segments.size).toBeGreaterThan(2)
    spool.settle(items.slice(0, 10))
    expect(spool.stats.outstanding).toBe(10)
    spool.close()
    const reopened = Spool.open(cfg)
    expect(reopened.replay.map((i) => i.id)).toEqual(items.slice(10).map((i) => i.id))
    reopened.spool.settle(reopened.replay)
    expect(readdirSync(cfg.dir)).toEqual([])
    reopened.spool.close()
  })

  it('skips a line torn by a crash mid-write', () => {
    const cfg = config()
    const { spool } = Spool.open(cfg)
    append(spool, ['a'])
    spool.close()
    const [log] = readdirSync(cfg.dir)
    appendFileSync(join(cfg.dir, log!), '{"event_id":"half')
    const reopened = Spool.open(cfg)
    expect(reopened.replay.map((i) => i.id)).toEqual(['a'])
    expect(reopened.tornLines).toBe(1)
    reopened.spool.close()
  })
})
