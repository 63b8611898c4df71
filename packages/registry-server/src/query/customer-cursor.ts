/**
 * Customer search cursors: base64url of `[customer_id]` of the last hit of a page. A position in
 * binary id order, so customers appearing meanwhile never shift or repeat a page. Anything that
 * does not decode to exactly this shape is rejected.
 */
const CURSOR_PATTERN = /^[A-Za-z0-9_-]{1,512}$/
const MAX_CUSTOMER_ID_LENGTH = 64

export function encodeCustomerCursor(customerId: string): string {
  return Buffer.from(JSON.stringify([customerId])).toString('base64url')
}

/** The customer id a cursor stands for, or undefined when it was not made by `encodeCustomerCursor`. */
export function decodeCustomerCursor(cursor: string): string | undefined {
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
  if (!Array.isArray(decoded) || decoded.length !== 1) return undefined
  const [id] = decoded as [unknown]
  if (
    typeof id !== 'string' ||
    id.length === 0 ||
    id.length > MAX_CUSTOMER_ID_LENGTH ||
    id.includes('\u0000')
  )
    return undefined
  return id
}
