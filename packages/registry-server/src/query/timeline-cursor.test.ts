import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor } from './timeline-cursor.js'

describe('timeline cursors', () => {
  it('round-trip a position as base64url', () => {
    const position = { eventTs: Date.parse('2026-11-27T03:15:00.123Z'), eventId: '0190a1b2-c3d4:x.y_z' }
    const cursor = encodeCursor(position)
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(decodeCursor(cursor)).toEqual(position)
    expect(decodeCursor(encodeCursor({ eventTs: -5, eventId: 'a' }))).toEqual({ eventTs: -5, eventId: 'a' })
  })

  it('rejects anything it did not issue', () => {
    const good = encodeCursor({ eventTs: 1_700_000_000_000, eventId: 'evt_1' })
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
    for (const bad of [
      '',
      `${good}=`,
      `${good.slice(0, -1)}!`,
      good.slice(0, -2),
      `${good}A`,
      Buffer.from('not json').toString('base64url'),
      b64({ eventTs: 1, eventId: 'a' }),
      b64([1, 'a', 'extra']),
      b64([1.5, 'a']),
      b64(['1', 'a']),
      b64([1, 'bad id with spaces']),
      b64([1, '']),
      b64([1e300, 'a']),
      'A'.repeat(600),
    ]) {
      expect(decodeCursor(bad), bad).toBeUndefined()
    }
  })
})
