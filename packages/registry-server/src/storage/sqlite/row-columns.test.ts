import { deserialize, serialize } from 'node:v8'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { EventRow } from '../store.js'
import { fromColumns, toColumns } from './row-columns.js'

const text = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)) })
const row: fc.Arbitrary<EventRow> = fc.record({
  companyId: text,
  eventId: text,
  eventName: text,
  sourceModule: text,
  schemaVersion: fc.option(text, { nil: null }),
  customerId: fc.option(text, { nil: null }),
  eventTs: fc.integer(),
  sentAt: fc.option(fc.integer(), { nil: null }),
  contentHash: text,
  body: text,
  facts: fc
    .array(
      fc.tuple(fc.nat({ max: 20 }), fc.oneof(text, fc.double({ noNaN: true, noDefaultInfinity: true }))),
      {
        maxLength: 3,
      },
    )
    .map((pairs) => pairs.flat()),
  identifiers: fc.array(
    fc.record({ kind: fc.constantFrom('phone', 'email', 'bsuid', 'member_id'), value: text }),
    {
      maxLength: 3,
    },
  ),
})

describe('row columns', () => {
  it('give back the same rows after a structured clone', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 20 }), (rows) => {
        expect(fromColumns(deserialize(serialize(toColumns(rows))))).toEqual(rows)
      }),
      { numRuns: 300 },
    )
  })
})
