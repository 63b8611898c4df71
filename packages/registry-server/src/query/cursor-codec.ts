/**
 * The one cursor format of every paged read: base64url of a JSON array, opaque to clients.
 * Anything that does not decode to an array of exactly the expected length is refused.
 */
const CURSOR_PATTERN = /^[A-Za-z0-9_-]{1,512}$/

export function encodeTuple(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url')
}

/** The array a cursor encodes, or undefined when it is not one of `length` items made by `encodeTuple`. */
export function decodeTuple(cursor: string, length: number): unknown[] | undefined {
  if (!CURSOR_PATTERN.test(cursor)) return undefined
  const bytes = Buffer.from(cursor, 'base64url')
  // Node's decoder skips what it cannot read; a canonical round trip proves nothing was skipped.
  if (bytes.toString('base64url') !== cursor) return undefined
  let decoded: unknown
  try {
    decoded = JSON.parse(bytes.toString('utf8'))
  } catch {
    return undefined
  }
  return Array.isArray(decoded) && decoded.length === length ? decoded : undefined
}
