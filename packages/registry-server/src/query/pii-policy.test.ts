import { PII_KINDS } from '@cebe/schemas'
import { describe, expect, it } from 'vitest'
import { READ_ROLES } from '../auth/api-keys.js'
import { PII_POLICY, stricter, treatmentFor } from './pii-policy.js'

describe('PII policy', () => {
  it('has a row for every read role', () => {
    expect(Object.keys(PII_POLICY).sort()).toEqual([...READ_ROLES].sort())
  })

  it('shows admin everything and analyst nothing', () => {
    for (const kind of PII_KINDS) {
      expect(treatmentFor('admin', kind)).toBe('clear')
      expect(treatmentFor('analyst', kind)).toBe('redact')
    }
  })

  it('matches the documented table', () => {
    const table = Object.fromEntries(
      READ_ROLES.map((role) => [role, PII_KINDS.map((kind) => treatmentFor(role, kind)).join(' ')]),
    )
    // columns: phone email name free_text url identifier custom_value
    expect(PII_KINDS).toEqual(['phone', 'email', 'name', 'free_text', 'url', 'identifier', 'custom_value'])
    expect(table).toEqual({
      admin: 'clear clear clear clear clear clear clear',
      service: 'clear clear clear clear redact clear redact',
      ai_agent: 'partial partial clear clear redact redact redact',
      marketing: 'partial partial clear redact redact redact redact',
      analyst: 'redact redact redact redact redact redact redact',
    })
  })

  it('fails closed for unknown roles, missing roles and unknown kinds', () => {
    expect(treatmentFor('superuser', 'phone')).toBe('redact')
    expect(treatmentFor(null, 'name')).toBe('redact')
    expect(treatmentFor('toString', 'name')).toBe('redact')
    expect(treatmentFor('service', 'biometric')).toBe('redact')
    expect(treatmentFor('service', 'constructor')).toBe('redact')
  })

  it('picks the stricter of two treatments', () => {
    expect(stricter('clear', 'partial')).toBe('partial')
    expect(stricter('redact', 'partial')).toBe('redact')
    expect(stricter('clear', 'clear')).toBe('clear')
  })
})
