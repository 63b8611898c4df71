/**
 * Fits sections of short items into a hard character budget. Items leave in a fixed order — the
 * lowest `rank` first and, within a rank, the item shown last first — until the text fits; what
 * never leaves (`rank` Infinity) is cut with "…" as a last resort. Characters are Unicode code
 * points, so a cut never splits a surrogate pair. Pure: the same sections give the same text.
 */

export interface BoundedItem<P = unknown> {
  text: string
  /** Lower leaves earlier; `Number.POSITIVE_INFINITY` never leaves. */
  rank: number
  /** The structured value the item renders, handed back when the item stays. */
  payload: P
}

export interface BoundedSection<P = unknown> {
  id: string
  /** Printed before the items (`Title: a; b` or `Title:\n a\n b`); empty: the items alone. */
  title: string
  /** `inline` joins items with "; " on the title's line; `lines` puts each on its own line. */
  layout: 'inline' | 'lines'
  items: BoundedItem<P>[]
}

export interface BoundedText<P = unknown> {
  text: string
  /** The items that stayed, per section id, in display order. */
  kept: Map<string, BoundedItem<P>[]>
  /** How many items left, per section id (sections that lost none are absent). */
  dropped: Record<string, number>
}

export const ELLIPSIS = '…'

/** UTF-16 length minus the low halves of surrogate pairs (a string iterator is far slower). */
export function codePoints(text: string): number {
  let n = text.length
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit >= 0xdc00 && unit <= 0xdfff && i > 0) {
      const previous = text.charCodeAt(i - 1)
      if (previous >= 0xd800 && previous <= 0xdbff) n--
    }
  }
  return n
}

/** The first `max` code points of `text`, the last one "…" when something was cut. */
export function cutTo(text: string, max: number): string {
  if (text.length <= max || codePoints(text) <= max) return text
  if (max <= 0) return ''
  return `${[...text].slice(0, max - 1).join('')}${ELLIPSIS}`
}

export function fitSections<P>(sections: readonly BoundedSection<P>[], maxChars: number): BoundedText<P> {
  const state = sections.map((section) => ({
    section,
    alive: section.items.map(() => true),
    lengths: section.items.map((item) => codePoints(item.text)),
    head: section.title === '' ? 0 : codePoints(section.title) + 1,
    count: section.items.length,
    itemChars: 0,
  }))
  for (const entry of state) entry.itemChars = entry.lengths.reduce((a, b) => a + b, 0)
  // A section's characters: its title and ":", its items and their separators; absent when empty.
  const sectionLength = (s: (typeof state)[number]) => {
    if (s.count === 0) return 0
    const separators =
      s.section.layout === 'inline'
        ? 2 * (s.count - 1) + (s.head > 0 ? 1 : 0)
        : s.count - (s.head > 0 ? 0 : 1)
    return s.head + s.itemChars + separators
  }
  // Sections are joined by one newline each.
  let length = state.reduce((sum, s) => sum + sectionLength(s), 0)
  let present = state.filter((s) => s.count > 0).length
  length += Math.max(0, present - 1)
  if (length > maxChars) {
    for (const { s, i } of dropOrder(sections)) {
      const entry = state[s]!
      const before = sectionLength(entry)
      entry.alive[i] = false
      entry.count--
      entry.itemChars -= entry.lengths[i]!
      length += sectionLength(entry) - before
      if (entry.count === 0 && --present > 0) length -= 1
      if (length <= maxChars) break
    }
  }

  const kept = new Map<string, BoundedItem<P>[]>()
  const dropped: Record<string, number> = {}
  const blocks: string[] = []
  for (const entry of state) {
    const items = entry.section.items.filter((_, i) => entry.alive[i])
    kept.set(entry.section.id, items)
    if (items.length < entry.section.items.length)
      dropped[entry.section.id] = entry.section.items.length - items.length
    if (items.length > 0) blocks.push(render(entry.section, items))
  }
  return { text: cutTo(blocks.join('\n'), maxChars), kept, dropped }
}

function render(section: BoundedSection<unknown>, items: readonly BoundedItem<unknown>[]): string {
  const texts = items.map((item) => item.text)
  if (section.layout === 'inline') {
    const body = texts.join('; ')
    return section.title === '' ? body : `${section.title}: ${body}`
  }
  return section.title === '' ? texts.join('\n') : `${section.title}:\n${texts.join('\n')}`
}

/** Every droppable item as (section, index): lowest rank first, then last shown first. */
function dropOrder(sections: readonly BoundedSection<unknown>[]): { s: number; i: number }[] {
  const order: { s: number; i: number; rank: number }[] = []
  sections.forEach((section, s) => {
    section.items.forEach((item, i) => {
      if (item.rank !== Number.POSITIVE_INFINITY) order.push({ s, i, rank: item.rank })
    })
  })
  return order.sort((a, b) => a.rank - b.rank || b.s - a.s || b.i - a.i)
}
