/**
 * A JSON answer within a character budget, so no tool answer can flood an agent's context: the
 * longest array loses its last items first, then the longest strings are cut, and an object
 * answer gets `"truncated": true`. Deterministic: the same value and budget give the same text.
 */

export interface BoundedJson {
  text: string
  truncated: boolean
}

const CUT_MARK = '…'

export function boundJson(value: unknown, maxChars: number): BoundedJson {
  let text = JSON.stringify(value)
  if (text.length <= maxChars) return { text, truncated: false }
  // An object says it was cut; anything else has nowhere to say it.
  const copy: unknown =
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? { truncated: true, ...structuredClone(value as Record<string, unknown>) }
      : structuredClone(value)
  for (let round = 0; round < 10_000 && text.length > maxChars; round++) {
    if (!shrinkOnce(copy)) break
    text = JSON.stringify(copy)
  }
  if (text.length <= maxChars) return { text, truncated: true }
  return {
    text: JSON.stringify({
      truncated: true,
      message: 'the answer does not fit max_chars; narrow the request',
    }).slice(0, maxChars),
    truncated: true,
  }
}

/** Halves the longest list (by its JSON) if longer than the longest string, else that string; false when neither can shrink. */
function shrinkOnce(root: unknown): boolean {
  let longestArray: { array: unknown[]; size: number } | undefined
  let longestString:
    | { holder: Record<string, unknown> | unknown[]; key: string | number; size: number }
    | undefined
  const visit = (node: unknown) => {
    if (Array.isArray(node)) {
      const size = JSON.stringify(node).length
      // A list keeps its first item: shrinking that item's strings says more than an empty list.
      if (node.length > 1 && (!longestArray || size > longestArray.size)) longestArray = { array: node, size }
      node.forEach((child, i) => {
        if (typeof child === 'string') consider(node, i, child)
        else visit(child)
      })
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        if (typeof child === 'string') consider(node as Record<string, unknown>, key, child)
        else visit(child)
      }
    }
  }
  const consider = (holder: Record<string, unknown> | unknown[], key: string | number, text: string) => {
    // A cut cursor would page nowhere; a cursor is short anyway.
    if (key === 'next_cursor') return
    if (text.length > 16 && (!longestString || text.length > longestString.size))
      longestString = { holder, key, size: text.length }
  }
  visit(root)
  if (longestArray && (!longestString || longestArray.size >= longestString.size)) {
    longestArray.array.length = Math.floor(longestArray.array.length / 2)
    return true
  }
  if (longestString) {
    const { holder, key } = longestString
    const points = Array.from((holder as Record<string | number, string>)[key]!)
    ;(holder as Record<string | number, string>)[key] =
      `${points.slice(0, Math.floor(points.length / 2)).join('')}${CUT_MARK}`
    return true
  }
  return false
}
