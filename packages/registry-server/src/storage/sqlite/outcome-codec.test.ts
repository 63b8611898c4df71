import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { EventRow, RowOutcome } from '../store.js'
import { decodeOutcomes, encodeOutcomes } from './outcome-codec.js'

function sampleRow(overrides: Partial<EventRow> = {}): EventRow {
  return {
    companyId: 'co_1',
    eventId: '0190e0a0-0000-7000-8000-000000000001',
    eventName: 'campaign.sent',
    sourceModule: 'campaign',
    schemaVersion: '1.0.0',
    customerId: 'cust_1',
    eventTs: 1_764_000_000_123,
    sentAt: null,
    contentHash: 'abc',
    body: '{"a":"1:2;~=\\"x\\""}',
    facts: [],
    identifiers: [],
    ...overrides,
  }
}

describe('outcome codec (SQLite writer thread → main thread)', () => {
  it('round-trips outcomes against the rows, with resolved customers and identity conflicts', () => {
    const rows = [sampleRow(), sampleRow({ customerId: null }), sampleRow(), sampleRow({ customerId: null })]
    const outcomes: RowOutcome[] = [
      { status: 'accepted', customerId: 'cust_1' },
      { status: 'accepted', customerId: 'cust_resolved' },
      { status: 'duplicate', customerId: 'cust_other' },
      {
        status: 'conflict',
        customerId: null,
        identityConflicts: [{ kind: 'email', value: 'a@b.c', customerId: 'x', otherCustomerId: 'y:1;' }],
      },
    ]
    expect(decodeOutcomes(rows, encodeOutcomes(rows, outcomes))).toEqual(outcomes)
  })

  it('round-trips any text: separators, control characters, lone surrogates', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.option(fc.string({ unit: 'binary' }), { nil: null }), fc.string({ unit: 'binary' })),
        ),
        (pairs) => {
          const rows = pairs.map(([customerId]) => sampleRow({ customerId }))
          const outcomes: RowOutcome[] = pairs.map(([, customerId], i) => ({
            status: i % 2 ? 'duplicate' : 'accepted',
            customerId: i % 3 ? customerId : rows[i]!.customerId,
            ...(i % 4 === 1 && {
              identityConflicts: [
                { kind: 'phone', value: customerId, customerId: ':', otherCustomerId: '~' },
              ],
            }),
          }))
          expect(decodeOutcomes(rows, encodeOutcomes(rows, outcomes))).toEqual(outcomes)
        },
      ),
    )
  })

  it('refuses a truncated or mismatched answer instead of misreading it', () => {
    const rows = [sampleRow(), sampleRow({ customerId: null })]
    const encoded = encodeOutcomes(rows, [
      { status: 'accepted', customerId: 'cust_1' },
      { status: 'accepted', customerId: 'cust_resolved' },
    ])
    expect(() => decodeOutcomes(rows, encoded.slice(0, -3))).toThrow(/corrupt/)
    expect(() => decodeOutcomes(rows, `${encoded}x`)).toThrow(/corrupt/)
    const outcomes = encodeOutcomes([sampleRow()], [{ status: 'accepted', customerId: 'cust_1' }])
    expect(() => decodeOutcomes([sampleRow(), sampleRow()], outcomes)).toThrow(/2 rows/)
  })
})
