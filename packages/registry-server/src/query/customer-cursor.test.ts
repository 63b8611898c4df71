import { describe, expect, it } from 'vitest'
import { decodeCustomerCursor, encodeCustomerCursor } from './customer-cursor.js'

describe('customer cursors', () => {
  it('round-trips any customer id', () => {
    for (const id of ['c1', 'ünïcode id', 'x'.repeat(64), '["nested"]'])
      expect(decodeCustomerCursor(encodeCustomerCursor(id))).toBe(id)
  })

  it('refuses what encodeCustomerCursor never makes', () => {
    const json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
    for (const cursor of [
      '',
      '%%%',
      `${encodeCustomerCursor('c1')}=`,
      json(['']),
      json(['a\u0000']),
      json(['x'.repeat(65)]),
      json([1]),
      json(['a', 'b']),
      json('c1'),
      Buffer.from('not json').toString('base64url'),
    ])
      expect(decodeCustomerCursor(cursor), cursor).toBeUndefined()
  })
})
