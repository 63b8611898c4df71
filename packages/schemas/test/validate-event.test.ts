import { describe, expect, it } from 'vitest'
import { EventValidator, getCatalog, validateEvent } from '../src/index.js'
import { buildCorpus } from './event-corpus.js'

const NOW = Date.parse('2026-11-27T04:00:00Z')
const corpus = buildCorpus()

describe('validateEvent on every catalog event', () => {
  it.each(getCatalog().flatMap((e) => e.versions.map((v) => [e.name, v.version, v.example] as const)))(
    'accepts the shipped example of %s %s',
    (_name, _version, example) => {
      expect(validateEvent(example, { now: NOW })).toEqual({ ok: true, event: example })
    },
  )

  const invalid = corpus.filter((c) => !c.valid)
  it.each(invalid.map((c) => [c.event, c.version, c.label, c] as const))(
    'rejects %s %s: %s',
    (_e, _v, _l, c) => {
      const result = validateEvent(c.input, { now: NOW })
      expect(result.ok).toBe(false)
      if (result.ok) return
      expect(result.errors.map((e) => e.path)).toContain(c.path)
      for (const error of result.errors) expect(error.message.length).toBeGreaterThan(5)
    },
  )

  it('checks more than a thousand cases', () => {
    expect(invalid.length).toBeGreaterThan(1000)
  })
})

describe('validateEvent envelope rules beyond the schema', () => {
  const example = getCatalog().find((e) => e.name === 'campaign.replied')!.example

  it('rejects an event_timestamp more than one hour in the future', () => {
    const result = validateEvent({ ...example, event_timestamp: '2026-11-27T05:00:01Z' }, { now: NOW })
    expect(result).toMatchObject({
      ok: false,
      errors: [{ path: '/event_timestamp', code: 'timestamp_in_future' }],
    })
    expect(validateEvent({ ...example, event_timestamp: '2026-11-27T05:00:00Z' }, { now: NOW }).ok).toBe(true)
  })

  it('names an unknown event and suggests the closest one', () => {
    const result = validateEvent({ ...example, event_name: 'campaign.replyed' })
    expect(result).toMatchObject({ ok: false, errors: [{ path: '/event_name', code: 'unknown_event' }] })
    if (!result.ok) expect(result.errors[0]!.message).toContain('"campaign.replied"')
  })

  it('bounds event_name before looking for suggestions: a long name costs nothing', () => {
    const long = `campaign.${'x'.repeat(1_000_000)}`
    const started = performance.now()
    const result = validateEvent({ ...example, event_name: long })
    expect(performance.now() - started).toBeLessThan(50)
    expect(result).toMatchObject({ ok: false, errors: [{ path: '/event_name', code: 'too_big' }] })
    if (!result.ok) expect(result.errors[0]!.message).toContain('at most 128 characters')
  })

  it('lists at most 20 errors per event and says that the list was cut', () => {
    const bad = structuredClone(example) as Record<string, any>
    for (let i = 0; i < 5_000; i++) bad.event_attributes[`extra_${i}`] = i
    const result = validateEvent(bad, { now: NOW })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors).toHaveLength(21)
    expect(result.errors.slice(0, 20).every((e) => e.code === 'unknown_field')).toBe(true)
    expect(result.errors[20]).toMatchObject({ path: '', code: 'too_many_errors' })
  })

  it('answers an event the caller may not see as unknown and never suggests it', () => {
    const validator = new EventValidator()
    const hidden = (name: string) => name !== 'campaign.replied'
    const result = validator.validate({ ...example, event_name: 'campaign.replied' }, { visible: hidden })
    expect(result).toMatchObject({ ok: false, errors: [{ code: 'unknown_event' }] })
    const typo = validator.validate({ ...example, event_name: 'campaign.replyed' }, { visible: hidden })
    if (!typo.ok) expect(typo.errors[0]!.message).not.toContain('"campaign.replied"')
  })

  it('says what is wrong with a number too large for a float (1e309 parses as Infinity)', () => {
    const bad = structuredClone(example) as Record<string, any>
    bad.event_attributes.campaign_cost = 0
    const event = JSON.parse(JSON.stringify(bad).replace('"campaign_cost":0', '"campaign_cost":1e309'))
    expect(event.event_attributes.campaign_cost).toBe(Number.POSITIVE_INFINITY)
    const result = validateEvent(event, { now: NOW })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      const message = result.errors.find((e) => e.path === '/event_attributes/campaign_cost')?.message
      expect(message).toContain('too large for a 64-bit float')
      expect(message).not.toMatch(/got number$/)
    }
  })

  it('rejects what is not an event object', () => {
    for (const input of [null, 42, 'x', [example]]) {
      expect(validateEvent(input)).toMatchObject({ ok: false, errors: [{ path: '', code: 'invalid_type' }] })
    }
    expect(validateEvent({})).toMatchObject({
      ok: false,
      errors: [{ path: '/event_name', code: 'required' }],
    })
  })

  it('validates an older version when schema_version names it', () => {
    const paid = getCatalog().find((e) => e.name === 'order.paid')!
    const v1 = paid.versions[0]!.example
    expect(validateEvent(v1, { now: NOW }).ok).toBe(true)
    const { schema_version: _drop, ...latestAssumed } = v1
    expect(validateEvent(latestAssumed, { now: NOW })).toMatchObject({
      ok: false,
      errors: [{ path: '/event_attributes/order_id', code: 'required' }],
    })
    expect(validateEvent({ ...v1, schema_version: '3-0-0' })).toMatchObject({
      ok: false,
      errors: [{ path: '/schema_version', code: 'unknown_version' }],
    })
  })

  it('reports every problem of one event, not just the first', () => {
    const bad = structuredClone(example) as Record<string, any>
    bad.event_id = 'bad id'
    bad.source_module = 'cdp'
    bad.event_attributes.channel = 7
    const result = validateEvent(bad, { now: NOW })
    expect(result.ok).toBe(false)
    if (!result.ok)
      expect(result.errors.map((e) => e.path).sort()).toEqual([
        '/event_attributes/channel',
        '/event_id',
        '/source_module',
      ])
  })
})

describe('EventValidator.register', () => {
  it('validates a custom event from its JSON Schema and replaces it on re-registration', () => {
    const validator = new EventValidator()
    const schema = {
      type: 'object',
      properties: { event_name: { const: 'survey.answered' }, event_timestamp: { type: 'string' } },
      required: ['event_name', 'event_timestamp'],
    }
    validator.register('survey.answered', 'communication', '1-0-0', schema)
    expect(
      validator.validate({ event_name: 'survey.answered', event_timestamp: '2026-11-27T00:00:00Z' }).ok,
    ).toBe(true)
    validator.register('survey.answered', 'communication', '1-0-0', {
      ...schema,
      properties: { ...schema.properties, x: { type: 'string' } },
      required: [...schema.required, 'x'],
    })
    expect(
      validator.validate({ event_name: 'survey.answered', event_timestamp: '2026-11-27T00:00:00Z' }).ok,
    ).toBe(false)
    expect(validator.describe('survey.answered')).toEqual({
      name: 'survey.answered',
      module: 'communication',
      versions: ['1-0-0'],
    })
    expect(() => validator.register('x.y', 'cdp', 'v1', schema)).toThrow(/SchemaVer/)
  })
})

describe('qontak_customer_id inside event_attributes (CDP and loyalty events, as the PRD lists it)', () => {
  const created = getCatalog().find((e) => e.name === 'customer.created')!.example as Record<string, any>
  const enrolled = getCatalog().find((e) => e.name === 'membership.enrolled')!.example as Record<string, any>
  const withAttribute = (event: Record<string, any>, id: string): Record<string, any> => ({
    ...event,
    event_attributes: { ...event.event_attributes, qontak_customer_id: id },
  })

  it.each([
    ['EventValidator', (e: unknown) => new EventValidator().validate(e, { now: NOW })],
    ['validateEvent', (e: unknown) => validateEvent(e, { now: NOW })],
  ] as const)(
    '%s takes it when it equals the envelope, and fills an envelope without one',
    (_n, validate) => {
      for (const example of [created, enrolled]) {
        const same = withAttribute(example, example.qontak_customer_id)
        expect(validate(same)).toEqual({ ok: true, event: same })
        const { qontak_customer_id: id, ...withoutEnvelopeId } = same
        expect(validate(withoutEnvelopeId)).toEqual({
          ok: true,
          event: { ...withoutEnvelopeId, qontak_customer_id: id },
        })
      }
    },
  )

  it('rejects a different value, naming both', () => {
    for (const example of [created, enrolled]) {
      const result = validateEvent(withAttribute(example, 'cust_other'), { now: NOW })
      expect(result).toMatchObject({
        ok: false,
        errors: [{ path: '/event_attributes/qontak_customer_id', code: 'customer_mismatch' }],
      })
      if (!result.ok) {
        expect(result.errors[0]!.message).toContain('"cust_other"')
        expect(result.errors[0]!.message).toContain(`"${example.qontak_customer_id}"`)
      }
    }
  })

  it('still needs a customer somewhere on a CDP event', () => {
    const { qontak_customer_id: _id, ...anonymous } = created
    const result = validateEvent(anonymous, { now: NOW })
    expect(result).toMatchObject({
      ok: false,
      errors: [{ path: '/qontak_customer_id', code: 'missing_customer' }],
    })
  })

  it('is an unknown field on events whose PRD row does not list it, and on 1-0-0', () => {
    const replied = getCatalog().find((e) => e.name === 'campaign.replied')!.example as Record<string, any>
    expect(validateEvent(withAttribute(replied, replied.qontak_customer_id), { now: NOW })).toMatchObject({
      ok: false,
      errors: [{ path: '/event_attributes/qontak_customer_id', code: 'unknown_field' }],
    })
    const v1 = { ...withAttribute(created, created.qontak_customer_id), schema_version: '1-0-0' }
    expect(validateEvent(v1, { now: NOW })).toMatchObject({
      ok: false,
      errors: [{ path: '/event_attributes/qontak_customer_id', code: 'unknown_field' }],
    })
  })
})

describe('room_id on the communication lifecycle events', () => {
  const received = getCatalog().find((e) => e.name === 'message.received')!.example as Record<string, any>

  it('is optional from 1-0-1 and still required by 1-0-0', () => {
    const { room_id: _room, ...prdPayload } = received.event_attributes
    const event = { ...received, event_attributes: prdPayload }
    expect(validateEvent(event, { now: NOW }).ok).toBe(true)
    expect(validateEvent({ ...event, schema_version: '1-0-0' }, { now: NOW })).toMatchObject({
      ok: false,
      errors: [{ path: '/event_attributes/room_id', code: 'required' }],
    })
  })
})
