import { describe, expect, it } from 'vitest'
import { buildEnvelope, SENT_AT_BYTES, sentAtMember, withSentAt } from './envelope.js'

const defaults = {
  companyId: 'company_acme',
  companySsoId: 'sso_acme',
  sourceModule: 'campaign',
  triggerFrom: 'api',
}
const UUIDV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('buildEnvelope', () => {
  it('fills a UUIDv7 event_id, event_timestamp, tenant, module and trigger_from', () => {
    const envelope = buildEnvelope(
      'campaign.replied',
      {
        qontak_customer_id: 'cust_1',
        actor: { type: 'customer' },
        attributes: { campaign_id: 'c' } as never,
      },
      defaults,
      Date.UTC(2026, 0, 2, 3, 4, 5),
    )
    expect(envelope).toEqual({
      event_id: expect.stringMatching(UUIDV7),
      event_name: 'campaign.replied',
      company_id: 'company_acme',
      company_sso_id: 'sso_acme',
      qontak_customer_id: 'cust_1',
      actor: { type: 'customer' },
      event_timestamp: '2026-01-02T03:04:05.000Z',
      source_module: 'campaign',
      trigger_from: 'api',
      event_attributes: { campaign_id: 'c' },
    })
    expect(Object.keys(envelope)[0]).toBe('event_id')
  })

  it('keeps a caller-supplied event_id, timestamp (string or Date), trigger and version', () => {
    const envelope = buildEnvelope(
      'campaign.replied',
      {
        event_id: 'my-id-1',
        event_timestamp: new Date(Date.UTC(2026, 0, 1)),
        trigger_from: 'automation',
        schema_version: '1-0-0',
        actor: { type: 'system' },
        attributes: {} as never,
      },
      defaults,
    )
    expect(envelope).toMatchObject({
      event_id: 'my-id-1',
      event_timestamp: '2026-01-01T00:00:00.000Z',
      trigger_from: 'automation',
      schema_version: '1-0-0',
    })
    expect(envelope).not.toHaveProperty('qontak_customer_id')
  })

  it('gives time-ordered ids', () => {
    const ids = Array.from(
      { length: 100 },
      () => buildEnvelope('x', { actor: { type: 'system' }, attributes: {} as never }, defaults).event_id,
    )
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(100)
  })
})

describe('sent_at', () => {
  it('is appended as the last member and SENT_AT_BYTES is exact', () => {
    const json = '{"event_id":"a"}'
    const out = withSentAt(json, sentAtMember(new Date(Date.UTC(2026, 0, 1))))
    expect(JSON.parse(out)).toEqual({ event_id: 'a', sent_at: '2026-01-01T00:00:00.000Z' })
    expect(out.length - json.length).toBe(SENT_AT_BYTES)
  })
})
