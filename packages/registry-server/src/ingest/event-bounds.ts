/**
 * Bounds checked on a parsed event before validation runs on it. Validation costs grow with the
 * event (one error per unknown attribute, each message naming the allowed fields), so an event
 * that cannot be stored anyway is refused here, for the price of a walk that stops at the limit.
 */
import type { ValidationError } from '@cebe/schemas'

/** Deepest nesting of arrays and objects an event may have (serializing and hashing recurse). */
export const MAX_EVENT_DEPTH = 32

/**
 * A lower bound of the event's serialized size in bytes, and its nesting depth, walked
 * iteratively (no recursion on nesting) and stopped once either passes its limit. Every character
 * serializes to at least one byte, so an event over the bound is over the limit; the exact size
 * is measured after validation.
 */
export function measureEvent(value: unknown, limit: number): { size: number; depth: number } {
  let size = 0
  let deepest = 0
  // Two parallel stacks rather than one of {item, depth} pairs: no allocation per value walked.
  const items: unknown[] = [value]
  const depths: number[] = [0]
  while (items.length > 0 && size <= limit && deepest <= MAX_EVENT_DEPTH) {
    const item = items.pop()
    const depth = depths.pop()!
    if (typeof item === 'string') size += item.length + 2
    else if (typeof item === 'number' || typeof item === 'boolean') size += String(item).length
    else if (item === null) size += 4
    else if (typeof item === 'object') {
      if (depth + 1 > deepest) deepest = depth + 1
      if (Array.isArray(item)) {
        size += 2 + Math.max(0, item.length - 1)
        for (let i = 0; i < item.length && size <= limit; i++) {
          items.push(item[i])
          depths.push(depth + 1)
        }
      } else {
        size += 2
        for (const key in item) {
          if (!Object.hasOwn(item, key)) continue
          size += key.length + 4
          if (size > limit) break
          items.push((item as Record<string, unknown>)[key])
          depths.push(depth + 1)
        }
      }
    }
  }
  return { size, depth: deepest }
}

/** The error for an event over `maxEventBytes`, or undefined when it may be validated. */
export function checkEventBounds(event: unknown, maxEventBytes: number): ValidationError | undefined {
  if (event === null || typeof event !== 'object') return undefined
  const { size, depth } = measureEvent(event, maxEventBytes)
  if (depth > MAX_EVENT_DEPTH) {
    return {
      path: '',
      code: 'too_big',
      message: `the event nests arrays and objects more than ${MAX_EVENT_DEPTH} levels deep; flatten it`,
    }
  }
  if (size <= maxEventBytes) return undefined
  return {
    path: '',
    code: 'too_big',
    message: `the event is more than ${maxEventBytes} bytes serialized (the limit); send smaller events`,
  }
}
