import { describe, expect, it } from 'vitest'
import { getCatalog, readMarks } from '../src/index.js'

const entry = (name: string) => getCatalog().find((e) => e.name === name)!

describe('PII and identity marks', () => {
  it('marks phone, email and bsuid of conversation.started as PII and identity', () => {
    const marks = entry('conversation.started').marks
    expect(marks).toEqual(
      expect.arrayContaining([
        { path: '/event_attributes/phone', pii: 'phone', identity: 'phone' },
        { path: '/event_attributes/email', pii: 'email', identity: 'email' },
        { path: '/event_attributes/bsuid', pii: 'identifier', identity: 'bsuid' },
      ]),
    )
  })

  it('marks free-text previews, recording urls and custom field values as PII', () => {
    expect(entry('campaign.replied').marks).toContainEqual({
      path: '/event_attributes/reply_content_preview',
      pii: 'free_text',
    })
    expect(entry('call.completed').marks).toContainEqual({
      path: '/event_attributes/recording_url',
      pii: 'url',
    })
    expect(entry('customer.created').marks).toContainEqual({
      path: '/event_attributes/default_fields/*/value',
      pii: 'custom_value',
    })
  })

  it('marks caller-written text that can name a person: descriptions, destination urls, reasons', () => {
    for (const entry of getCatalog())
      expect(entry.marks).toContainEqual({ path: '/event_description', pii: 'free_text' })
    expect(entry('campaign.clicked').marks).toContainEqual({
      path: '/event_attributes/destination_url',
      pii: 'url',
    })
    for (const [name, field] of [
      ['campaign.bounced', 'bounce_reason'],
      ['booking.cancelled', 'cancellation_reason'],
      ['payment.failed', 'failure_reason'],
      ['deal.lost', 'loss_reason'],
      ['conversation.escalated', 'escalation_reason'],
    ] as const) {
      expect(entry(name).marks).toContainEqual({ path: `/event_attributes/${field}`, pii: 'free_text' })
    }
  })

  it('marks loyalty member_id as an identity field', () => {
    expect(entry('points.earned').marks).toContainEqual({
      path: '/event_attributes/member_id',
      identity: 'member_id',
    })
  })

  it('writes the marks into the JSON Schema as x-pii / x-identity keywords', () => {
    const phone = (entry('conversation.started').jsonSchema.properties as any).event_attributes.properties
      .phone
    expect(phone['x-pii']).toBe('phone')
    expect(phone['x-identity']).toBe('phone')
    expect(readMarks({ properties: { a: { 'x-pii': 'email' } } })).toEqual([{ path: '/a', pii: 'email' }])
  })

  it('marks no field of ad.spend_recorded as personal data', () => {
    expect(entry('ad.spend_recorded').marks.filter((m) => m.path.startsWith('/event_attributes'))).toEqual([])
  })
})
