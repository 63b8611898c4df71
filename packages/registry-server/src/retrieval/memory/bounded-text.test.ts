import { describe, expect, it } from 'vitest'
import { type BoundedSection, codePoints, cutTo, fitSections } from './bounded-text.js'

/** Sections like a memory's: an identity line that never leaves, inline lists, event lines. */
function sampleSections(): BoundedSection<string>[] {
  const words = [
    'tiket',
    'pesanan',
    'VIP',
    'Jabodetabek',
    '🙂 emoji',
    'Ünïcödé',
    'a',
    'order #ord_1 paid 575,000',
  ]
  const word = (i: number) => words[(i * 7) % words.length]!
  const items = (n: number, rank: (i: number) => number, prefix: string) =>
    Array.from({ length: n }, (_, i) => {
      const text = `${prefix}${i} ${word(i)} ${word(i + 3).repeat(1 + (i % 4))}`
      return { text, rank: rank(i), payload: text }
    })
  return [
    {
      id: 'identity',
      title: '',
      layout: 'inline',
      items: [
        {
          text: `Customer c_1 "Sari 🙂": first seen 2026-09-01 ${'x'.repeat(120)}`,
          rank: Infinity,
          payload: 'id',
        },
      ],
    },
    { id: 'risk', title: 'Risk', layout: 'inline', items: items(4, () => 11, 'risk') },
    { id: 'segments', title: 'Segments', layout: 'inline', items: items(6, () => 7, 'seg') },
    {
      id: 'attributes',
      title: 'Attributes',
      layout: 'inline',
      items: items(30, (i) => (i < 15 ? 3 : 2), 'attr'),
    },
    { id: 'metrics.ticketing', title: 'Metrics ticketing', layout: 'inline', items: items(8, () => 4, 'm') },
    { id: 'empty', title: 'Nothing', layout: 'inline', items: [] },
    {
      id: 'recent_events',
      title: 'Recent events',
      layout: 'lines',
      items: items(300, (i) => (i < 3 ? 5 : 1), 'e'),
    },
  ]
}

const keptCount = (kept: Map<string, unknown[]>) =>
  [...kept.values()].reduce((n, items) => n + items.length, 0)

describe('fitSections', () => {
  const sections = sampleSections()
  const full = fitSections(sections, Number.MAX_SAFE_INTEGER)

  it('renders titles, inline lists and lines, skipping empty sections', () => {
    const lines = full.text.split('\n')
    expect(lines[0]).toMatch(/^Customer c_1 "Sari 🙂"/)
    expect(lines[1]).toMatch(/^Risk: risk0 .*; risk1 /)
    expect(full.text).not.toContain('Nothing')
    expect(lines[lines.indexOf('Recent events:') + 1]).toMatch(/^e0 /)
    expect(full.dropped).toEqual({})
  })

  it('never exceeds any budget from 200 to 20,000 and drops a prefix of the drop order', () => {
    const total = keptCount(full.kept)
    let previousKept = 0
    for (let max = 200; max <= 20_000; max++) {
      const fitted = fitSections(sections, max)
      expect(codePoints(fitted.text)).toBeLessThanOrEqual(max)
      const kept = keptCount(fitted.kept)
      // More room never keeps fewer items; a budget that fits everything drops nothing.
      expect(kept).toBeGreaterThanOrEqual(previousKept)
      previousKept = kept
      if (max >= codePoints(full.text)) expect(fitted.text).toBe(full.text)
      const dropped = Object.values(fitted.dropped).reduce((a, b) => a + b, 0)
      expect(kept + dropped).toBe(total)
    }
  })

  it('drops the lowest rank first, the item shown last first within a rank', () => {
    const exact = codePoints(full.text)
    expect(fitSections(sections, exact).dropped).toEqual({})
    // One character short: only the oldest event line leaves.
    const oneShort = fitSections(sections, exact - 1)
    expect(oneShort.dropped).toEqual({ recent_events: 1 })
    expect(oneShort.kept.get('recent_events')!.at(-1)!.payload).toMatch(/^e298 /)
    // Older events all leave before any custom attribute (rank 2), those before default ones (3).
    const tight = fitSections(sections, 1_200)
    expect(tight.kept.get('recent_events')!.map((i) => i.payload)).toEqual(
      sections
        .at(-1)!
        .items.slice(0, 3)
        .map((i) => i.payload),
    )
    expect(tight.dropped.attributes).toBeGreaterThan(0)
    const attributes = tight.kept.get('attributes')!
    expect(attributes.every((item) => item.rank === 3)).toBe(true)
  })

  it('cuts the line that never leaves with "…" when nothing else is left', () => {
    const fitted = fitSections(sections, 50)
    expect(codePoints(fitted.text)).toBe(50)
    expect(fitted.text.endsWith('…')).toBe(true)
    expect(keptCount(fitted.kept)).toBe(1)
  })
})

describe('cutTo', () => {
  it('counts code points and never splits a surrogate pair', () => {
    expect(cutTo('🙂🙂🙂', 3)).toBe('🙂🙂🙂')
    expect(cutTo('🙂🙂🙂', 2)).toBe('🙂…')
    expect(cutTo('abc', 0)).toBe('')
  })
})
