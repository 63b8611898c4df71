import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compareDirectoryValues, type DirectoryValue, mergeDirectoryValues } from './customer-directory.js'

const utf8Order = (a: string, b: string) => Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)))

describe('compareDirectoryValues', () => {
  it('orders text by UTF-8 bytes, as PostgreSQL\'s COLLATE "C" does', () => {
    const text = fc.string({ unit: 'binary', maxLength: 6 })
    fc.assert(
      fc.property(text, text, (a, b) => {
        const sign = Math.sign(compareDirectoryValues(['l', null, a], ['l', null, b]))
        expect(sign).toBe(utf8Order(a, b))
      }),
      { numRuns: 2_000 },
    )
    // The case UTF-16 order gets wrong: a surrogate pair sorts after U+FFFD by code point.
    expect(compareDirectoryValues(['l', null, '😀'], ['l', null, '\ufffd'])).toBeGreaterThan(0)
  })

  it('orders by list, then name with null first, then text', () => {
    const values: DirectoryValue[] = [
      ['change_fields', 'b', 'a'],
      ['default_fields', null, 'z'],
      ['change_fields', null, 'z'],
      ['change_fields', 'a', 'z'],
    ]
    expect(values.sort(compareDirectoryValues)).toEqual([
      ['change_fields', null, 'z'],
      ['change_fields', 'a', 'z'],
      ['change_fields', 'b', 'a'],
      ['default_fields', null, 'z'],
    ])
  })
})

describe('mergeDirectoryValues', () => {
  it('gives one stored form for one set, whatever the order and repeats', () => {
    const a = mergeDirectoryValues(null, [
      ['default_fields', 'city', 'bandung'],
      ['custom_fields', null, 'gold'],
    ])
    const b = mergeDirectoryValues(
      mergeDirectoryValues(null, [['custom_fields', null, 'gold']]).attributeValues,
      [
        ['default_fields', 'city', 'bandung'],
        ['custom_fields', null, 'gold'],
      ],
    )
    expect(b).toEqual(a)
    expect(a.attributeText).toBe('bandung\u001fgold')
  })
})
