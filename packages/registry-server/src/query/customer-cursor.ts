/**
 * Customer search cursors: `[customer_id]` of the last hit of a page (`cursor-codec.ts`). A
 * position in binary id order, so customers appearing meanwhile never shift or repeat a page.
 */
import { decodeTuple, encodeTuple } from './cursor-codec.js'

const MAX_CUSTOMER_ID_LENGTH = 64

export function encodeCustomerCursor(customerId: string): string {
  return encodeTuple([customerId])
}

/** The customer id a cursor stands for, or undefined when it was not made by `encodeCustomerCursor`. */
export function decodeCustomerCursor(cursor: string): string | undefined {
  const [id] = decodeTuple(cursor, 1) ?? []
  if (
    typeof id !== 'string' ||
    id.length === 0 ||
    id.length > MAX_CUSTOMER_ID_LENGTH ||
    id.includes('\u0000')
  )
    return undefined
  return id
}
