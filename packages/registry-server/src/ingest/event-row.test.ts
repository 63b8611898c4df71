import { getCatalog } from '@cebe/schemas'
import { describe, expect, it } from 'vitest'
import { toEventRow } from './event-row.js'

const example = getCatalog().find((e) => e.name === 'campaign.sent')!.example

describe('toEventRow', () => {
  it('hashes the event without sent_at, so a restamped retry is the same event', () => {
    const a = toEventRow({ ...example, sent_at: '2026-11-27T03:15:01Z' }, [], 32_768)
    const b = toEventRow({ ...example, sent_at: '2026-11-27T03:20:00Z' }, [], 32_768)
    const c = toEventRow({ ...example, trigger_from: 'api' }, [], 32_768)
    if (!a.ok || !b.ok || !c.ok) throw new Error('expected rows')
    expect(a.row.contentHash).toBe(b.row.contentHash)
    expect(a.row.contentHash).not.toBe(c.row.contentHash)
    expect(a.row.sentAt).toBe(Date.parse('2026-11-27T03:15:01Z'))
    expect(JSON.parse(a.row.body)).not.toHaveProperty('sent_at')
  })

  it('rejects events over the size limit and text no store can hold', () => {
    expect(toEventRow(example, [], 100)).toMatchObject({ ok: false, errors: [{ code: 'too_big' }] })
    expect(toEventRow({ ...example, event_description: 'a\u0000b' }, [], 32_768)).toMatchObject({ ok: false })
    expect(toEventRow({ ...example, event_description: 'x\ud800y' }, [], 32_768)).toMatchObject({ ok: false })
    expect(toEventRow({ ...example, event_description: 'literal \\u0000 text 😀' }, [], 32_768).ok).toBe(true)
  })

  it('stores and hashes the canonical form: keys sorted, sent_at left out, the event unchanged', () => {
    const event = { ...example, sent_at: '2026-11-27T03:15:01Z', z: 1 }
    const before = JSON.stringify(event)
    const reordered = Object.fromEntries(Object.entries(event).reverse())
    const a = toEventRow(event, [], 32_768)
    const b = toEventRow(reordered, [], 32_768)
    if (!a.ok || !b.ok) throw new Error('expected rows')
    expect(a.row.body).toBe(b.row.body)
    expect(a.row.contentHash).toBe(b.row.contentHash)
    expect(Object.keys(JSON.parse(a.row.body))).toEqual(
      Object.keys(event)
        .filter((k) => k !== 'sent_at')
        .sort(),
    )
    expect(JSON.stringify(event)).toBe(before)
  })
})
