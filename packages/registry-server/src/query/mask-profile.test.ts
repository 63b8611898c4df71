import { describe, expect, it } from 'vitest'
import { emptyAttributes } from '../retrieval/profile-fold.js'
import { displayName, maskAttributes, maskIdentifiers } from './mask-profile.js'

const attributes = () => {
  const a = emptyAttributes()
  a.defaultFields.set('first_name', 'Sari').set('last_name', 'W').set('email', 'sari@example.co.id')
  a.defaultFields.set('birth_date', '1990-01-01')
  a.customFields.set('full_name', 'a custom field is a custom value')
  return a
}

describe('profile masking', () => {
  it('names, phones and emails by their kind; every other value as a custom value', () => {
    expect(maskAttributes(attributes(), 'marketing')).toEqual({
      default_fields: { first_name: 'Sari', last_name: 'W', email: '***@example.co.id', birth_date: '***' },
      custom_fields: { full_name: '***' },
    })
    expect(maskAttributes(attributes(), 'admin').custom_fields.full_name).toBe(
      'a custom field is a custom value',
    )
  })

  it('fails closed for an unknown role', () => {
    expect(Object.values(maskAttributes(attributes(), 'intern').default_fields)).toEqual([
      '***',
      '***',
      '***',
      '***',
    ])
    expect(displayName(attributes(), 'intern')).toBe('***')
    expect(maskIdentifiers([{ kind: 'phone', value: '+6281234567890' }], null)).toEqual([
      { kind: 'phone', value: '***' },
    ])
  })

  it('builds the display name from first and last name, masked as a name', () => {
    expect(displayName(attributes(), 'service')).toBe('Sari W')
    expect(displayName(emptyAttributes(), 'admin')).toBeNull()
  })

  it('member ids are not PII; BSUIDs are identifiers', () => {
    const ids = [
      { kind: 'member_id', value: 'mbr_1' },
      { kind: 'bsuid', value: 'bsuid_1' },
    ]
    expect(maskIdentifiers(ids, 'analyst')).toEqual([
      { kind: 'member_id', value: 'mbr_1' },
      { kind: 'bsuid', value: '***' },
    ])
    expect(maskIdentifiers(ids, 'service')).toEqual(ids)
  })
})
