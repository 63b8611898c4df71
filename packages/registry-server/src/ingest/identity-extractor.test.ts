import { EventValidator, getCatalog } from '@cebe/schemas'
import { describe, expect, it } from 'vitest'
import { IdentityExtractor, normalizeIdentifier } from './identity-extractor.js'

describe('IdentityExtractor', () => {
  const extractor = new IdentityExtractor(new EventValidator())

  it('reads the identity-marked attributes of an event, normalized', () => {
    const example = structuredClone(getCatalog().find((e) => e.name === 'customer.created')!.example)
    ;(example.event_attributes as Record<string, unknown>).email = ' Sari@Example.CO.ID '
    expect(extractor.extract(example)).toEqual([
      { kind: 'phone', value: '+6281234567890' },
      { kind: 'email', value: 'sari@example.co.id' },
    ])
  })

  it('finds nothing on events without identity marks', () => {
    const example = getCatalog().find((e) => e.name === 'campaign.sent')!.example
    expect(extractor.extract(example)).toEqual([])
  })

  it('normalizes phone punctuation away', () => {
    expect(normalizeIdentifier('phone', '+62 (812) 345-67.89')).toBe('+628123456789')
  })
})
