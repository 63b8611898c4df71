import { EventValidator, getCatalog, readMarks } from '@cebe/schemas'
import { describe, expect, it } from 'vitest'
import { buildCustomEventSchema } from '../registry/schema-registry.js'
import { EventMarks } from './event-marks.js'

describe('EventMarks', () => {
  it("uses the catalog's marks per version and the union when the version is not stored", () => {
    const marks = new EventMarks(new EventValidator())
    const entry = getCatalog().find((e) => e.name === 'customer.created')!
    expect(marks.marksOf('customer.created', entry.version)).toBe(entry.versions.at(-1)!.marks)
    expect(marks.marksOf('customer.created', null)).toEqual(expect.arrayContaining(entry.marks))
    expect(marks.marksOf('customer.created', '9-9-9')).toBeUndefined()
    expect(marks.marksOf('nothing.here', null)).toBeUndefined()
  })

  it('reads the marks of registered custom events from their JSON Schema', () => {
    const validator = new EventValidator()
    const marks = new EventMarks(validator)
    expect(marks.marksOf('loyalty_card.issued', '1-0-0')).toBeUndefined()
    const schema = buildCustomEventSchema('loyalty_card.issued', 'loyalty', {
      version: '1-0-0',
      attributes: {
        type: 'object',
        properties: { holder_phone: { type: 'string', 'x-pii': 'phone' }, card: { type: 'string' } },
      },
    })
    validator.register('loyalty_card.issued', 'loyalty', '1-0-0', schema)
    marks.forget()
    expect(marks.marksOf('loyalty_card.issued', '1-0-0')).toEqual(readMarks(schema))
    expect(marks.marksOf('loyalty_card.issued', '1-0-0')).toContainEqual({
      path: '/event_attributes/holder_phone',
      pii: 'phone',
    })
  })
})
