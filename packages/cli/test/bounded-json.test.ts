/** The bound on `cebe mcp`'s JSON answers: under budget as is; over it, lists and strings shrink. */
import { describe, expect, it } from 'vitest'
import { boundJson } from '../src/mcp/bounded-json.js'

describe('boundJson', () => {
  const page = {
    customer_id: 'c1',
    history: Array.from({ length: 400 }, (_, i) => ({ stage: `stage_${i}`, at: '2026-11-01T00:00:00Z' })),
    note: 'n'.repeat(3_000),
  }

  it('answers a value that fits unchanged', () => {
    expect(boundJson({ a: 1 }, 1_000)).toEqual({ text: '{"a":1}', truncated: false })
  })

  it('halves the longest list, then the longest string, and says it was truncated', () => {
    for (const max of [1_000, 2_500, 8_000, 20_000]) {
      const { text, truncated } = boundJson(page, max)
      expect(text.length).toBeLessThanOrEqual(max)
      expect(truncated).toBe(true)
      const parsed = JSON.parse(text)
      expect(parsed).toMatchObject({ truncated: true, customer_id: 'c1' })
      expect(parsed.history).toEqual(page.history.slice(0, parsed.history.length))
    }
    // The same input and budget give the same text.
    expect(boundJson(page, 2_500).text).toBe(boundJson(page, 2_500).text)
  })

  it('cuts strings on code points, and answers a short notice when nothing else fits', () => {
    const { text } = boundJson({ s: '🙂'.repeat(500) }, 300)
    expect(text.length).toBeLessThanOrEqual(300)
    expect(JSON.parse(text).s).toMatch(/^(🙂)+…$/)
    const cursor = 'c'.repeat(120)
    const one = JSON.parse(
      boundJson({ events: [{ body: 'b'.repeat(5_000) }], next_cursor: cursor }, 1_000).text,
    )
    expect(one.next_cursor).toBe(cursor)
    expect(one.events[0].body.length).toBeLessThan(1_000)
    const tiny = boundJson({ a: 'x'.repeat(100) }, 40)
    expect(tiny.text.length).toBeLessThanOrEqual(40)
    expect(tiny.truncated).toBe(true)
  })
})
