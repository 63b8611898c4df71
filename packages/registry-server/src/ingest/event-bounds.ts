/**
 * Bounds checked on a parsed event before validation runs on it. Validation costs grow with the
 * event (one error per unknown attribute, each message naming the allowed fields), so an event
 * that cannot be stored anyway is refused here, for the price of a walk that stops at the limit.
 */
import type { ValidationError } from '@cebe/schemas'

/**
 * A lower bound of the event's serialized size in bytes, walked iteratively (no recursion on
 * nesting) and stopped once it passes `limit`. Every character serializes to at least one byte,
 * so an event over the bound is over the limit; the exact size is measured after validation.
 */
export function serializedSizeAtLeast(value: unknown, limit: number): number {
  let size = 0
  const stack: unknown[] = [value]
  while (stack.length > 0 && size <= limit) {
    const item = stack.pop()
    if (typeof item === 'string') size += item.length + 2
    else if (typeof item === 'number' || typeof item === 'boolean') size += String(item).length
    else if (item === null) size += 4
    else if (Array.isArray(item)) {
      size += 2 + Math.max(0, item.length - 1)
      for (let i = 0; i < item.length && size <= limit; i++) stack.push(item[i])
    } else if (typeof item === 'object') {
      size += 2
      for (const key in item) {
        if (!Object.hasOwn(item, key)) continue
        size += key.length + 4
        if (size > limit) break
        stack.push((item as Record<string, unknown>)[key])
      }
    }
  }
  return size
}

/** The error for an event over `maxEventBytes`, or undefined when it may be validated. */
export function checkEventBounds(event: unknown, maxEventBytes: number): ValidationError | undefined {
  if (event === null || typeof event !== 'object') return undefined
  const size = serializedSizeAtLeast(event, maxEventBytes)
  if (size <= maxEventBytes) return undefined
  return {
    path: '',
    code: 'too_big',
    message: `the event is more than ${maxEventBytes} bytes serialized (the limit); send smaller events`,
  }
}
