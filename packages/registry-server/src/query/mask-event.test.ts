import { type FieldMark, getCatalog } from '@cebe/schemas'
import { describe, expect, it } from 'vitest'
import { maskEvent, maskValue } from './mask-event.js'

function example(name: string): { body: Record<string, unknown>; marks: FieldMark[] } {
  const entry = getCatalog().find((e) => e.name === name)!
  const body = structuredClone(entry.example) as Record<string, any>
  body.actor = { ...body.actor, name: 'Budi Santoso' }
  return { body, marks: entry.versions.at(-1)!.marks }
}

/** Every key path of a JSON value, with array lengths: what masking must never change. */
function shape(value: unknown, path = ''): string[] {
  if (Array.isArray(value))
    return [`${path}[${value.length}]`, ...value.flatMap((v, i) => shape(v, `${path}/${i}`))]
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [`${path}/${k}`, ...shape(v, `${path}/${k}`)])
  return []
}

describe('maskEvent', () => {
  it('returns the stored envelope to admin untouched', () => {
    const { body, marks } = example('customer.created')
    expect(maskEvent(body, marks, 'admin')).toBe(body)
  })

  it('redacts every marked field for analyst, keeping the structure and the input intact', () => {
    const { body, marks } = example('customer.created')
    const before = structuredClone(body)
    const masked = maskEvent(body, marks, 'analyst') as any
    expect(body).toEqual(before)
    expect(shape(masked)).toEqual(shape(body))
    expect(masked.event_attributes.phone).toBe('***')
    expect(masked.event_attributes.email).toBe('***')
    expect(masked.actor).toEqual({ type: 'agent', id: 'agent_17', name: '***' })
    expect(masked.event_attributes.default_fields).toEqual([
      { name: 'full_name', value: '***' },
      { name: 'phone', value: '***' },
      { name: 'city', value: '***' },
    ])
    // a boolean custom value is redacted too; unmarked fields stay as stored
    expect(masked.event_attributes.custom_fields[1]).toEqual({ name: 'is_reseller', value: '***' })
    expect(masked.event_attributes.created_by).toBe('agent_17')
    expect(masked.qontak_customer_id).toBe('cust_0001')
  })

  it('shows marketing the tail of phones and the domain of emails', () => {
    const { body, marks } = example('customer.created')
    const masked = maskEvent(body, marks, 'marketing') as any
    expect(masked.event_attributes.phone).toBe('***7890')
    expect(masked.event_attributes.email).toBe('***@example.co.id')
    expect(masked.actor.name).toBe('Budi Santoso')
    expect(masked.event_attributes.custom_fields[0].value).toBe('***')
  })

  it('gives service contact data and free text but not recording URLs or custom values', () => {
    const replied = example('campaign.replied')
    expect(
      (maskEvent(replied.body, replied.marks, 'service') as any).event_attributes.reply_content_preview,
    ).toBe('Is the promo still on tomorrow?')
    const call = example('call.completed')
    expect((maskEvent(call.body, call.marks, 'service') as any).event_attributes.recording_url).toBe('***')
    const sent = example('campaign.sent')
    expect((maskEvent(sent.body, sent.marks, 'service') as any).event_attributes.customer_attributes).toEqual(
      {
        first_name: '***',
        city: '***',
      },
    )
    const started = example('conversation.started')
    const attrs = (maskEvent(started.body, started.marks, 'service') as any).event_attributes
    expect(attrs).toMatchObject({ phone: '+6281234567890', bsuid: 'ID.1234567890123456' })
    expect((maskEvent(started.body, started.marks, 'ai_agent') as any).event_attributes).toMatchObject({
      phone: '***7890',
      bsuid: '***',
    })
  })

  it('masks map values under any key, __proto__ included', () => {
    const { body, marks } = example('ticket.created')
    const attributes = body.event_attributes as Record<string, any>
    attributes.other_fields = JSON.parse('{"__proto__": "secret", "nested": {"a": 1}}')
    const masked = maskEvent(body, marks, 'marketing') as any
    expect(Object.getOwnPropertyDescriptor(masked.event_attributes.other_fields, '__proto__')?.value).toBe(
      '***',
    )
    expect(masked.event_attributes.other_fields.nested).toBe('***')
    expect(Object.keys(masked.event_attributes.other_fields)).toEqual(['__proto__', 'nested'])
  })

  it('keeps nulls and absent fields as they are', () => {
    const { body, marks } = example('ad.lead_captured')
    ;(body.event_attributes as any).phone = null
    const masked = maskEvent(body, marks, 'analyst') as any
    expect(masked.event_attributes.phone).toBeNull()
    expect('email' in masked.event_attributes).toBe(false)
  })

  it('applies the stricter treatment when a path carries two kinds', () => {
    const body = { event_attributes: { contact: '+6281234567890' } }
    const marks: FieldMark[] = [
      { path: '/event_attributes/contact', pii: 'phone' },
      { path: '/event_attributes/contact', pii: 'free_text' },
    ]
    expect(maskEvent(body, marks, 'marketing')).toEqual({ event_attributes: { contact: '***' } })
    expect(maskEvent(body, marks, 'service')).toEqual(body)
  })

  it('fails closed on an unknown schema: every attribute value redacted, shape kept', () => {
    const body = {
      event_name: 'x.unknown',
      actor: { type: 'customer', name: 'Sari' },
      event_attributes: { a: 'x', b: [1, { c: true, d: null }], e: {} },
    }
    expect(maskEvent(body, undefined, 'service')).toEqual({
      event_name: 'x.unknown',
      actor: { type: 'customer', name: 'Sari' },
      event_attributes: { a: '***', b: ['***', { c: '***', d: null }], e: {} },
    })
    expect(maskEvent(body, undefined, 'analyst')).toMatchObject({ actor: { name: '***' } })
    expect(maskEvent(body, undefined, 'admin')).toBe(body)
  })
})

describe('maskValue', () => {
  it('uses partial shapes only where they hide enough', () => {
    expect(maskValue('+62 812', 'partial', 'phone')).toBe('***')
    expect(maskValue('+62812345678', 'partial', 'phone')).toBe('***5678')
    expect(maskValue('no-at-sign', 'partial', 'email')).toBe('***')
    expect(maskValue('a@b.io', 'partial', 'email')).toBe('***@b.io')
    expect(maskValue('trailing@', 'partial', 'email')).toBe('***')
    expect(maskValue('Sari', 'partial', 'name')).toBe('***')
    expect(maskValue(6281234567890, 'partial', 'phone')).toBe('***')
    expect(maskValue('x', 'clear', 'phone')).toBe('x')
  })
})
