import { getCatalog } from '@cebe/schemas'
import { describe, expect, it } from 'vitest'
import type { Envelope } from './envelope.js'
import { checkEvent } from './validate.js'

const example = () =>
  structuredClone(getCatalog().find((e) => e.name === 'campaign.replied')!.example) as Envelope

describe('checkEvent', () => {
  it('serializes a valid event and counts its wire bytes with sent_at', () => {
    const result = checkEvent(example(), { validate: true, maxEventBytes: 32 * 1024 })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.id).toBe('example-campaign.replied-1-0-0')
    expect(JSON.parse(result.json)).toEqual(example())
    expect(result.bytes).toBe(Buffer.byteLength(result.json) + ',"sent_at":"2026-01-01T00:00:00.000Z"'.length)
  })

  it('reports validation errors with paths', () => {
    const event = example()
    ;(event.event_attributes as Record<string, unknown>).campaign_cost = 'lots'
    const result = checkEvent(event, { validate: true, maxEventBytes: 32 * 1024 })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('invalid_event')
    expect(result.error.eventIds).toEqual(['example-campaign.replied-1-0-0'])
    expect(result.error.validationErrors?.[0]?.path).toBe('/event_attributes/campaign_cost')
    expect(result.error.message).toContain('/event_attributes/campaign_cost')
  })

  it('skips schema validation when off, but still refuses an event over the size limit', () => {
    const event = example()
    ;(event.event_attributes as Record<string, unknown>).campaign_cost = 'lots'
    expect(checkEvent(event, { validate: false, maxEventBytes: 32 * 1024 }).ok).toBe(true)
    ;(event.event_attributes as Record<string, unknown>).reply_content_preview = 'é'.repeat(17 * 1024)
    const result = checkEvent(event, { validate: false, maxEventBytes: 32 * 1024 })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('event_too_large')
    expect(result.error.message).toMatch(/at most 32768 bytes/)
  })

  it('refuses an event that cannot be serialized', () => {
    const event = example()
    ;(event.event_attributes as Record<string, unknown>).n = 1n
    const result = checkEvent(event, { validate: false, maxEventBytes: 32 * 1024 })
    expect(result.ok).toBe(false)
  })
})
