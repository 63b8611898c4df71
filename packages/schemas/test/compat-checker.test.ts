import { describe, expect, it } from 'vitest'
import {
  type CatalogSnapshot,
  catalogSnapshot,
  checkCompatibility,
  getCatalog,
  type JsonSchema,
} from '../src/index.js'

const attrs = (properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema => ({
  type: 'object',
  properties: { event_attributes: { type: 'object', properties, required, additionalProperties: false } },
  required: ['event_attributes'],
  additionalProperties: false,
})
const snapshot = (versions: Record<string, JsonSchema>, name = 'demo.happened'): CatalogSnapshot => ({
  events: { [name]: { module: 'cdp', versions } },
})
const id = { type: 'string', minLength: 1, maxLength: 128 }

function diff(base: JsonSchema, head: JsonSchema, headVersion = '2-0-0') {
  return checkCompatibility(snapshot({ '1-0-0': base }), snapshot({ '1-0-0': base, [headVersion]: head }))
}

describe('checkCompatibility', () => {
  it('finds no change between the catalog and itself', () => {
    const snap = catalogSnapshot(getCatalog())
    expect(checkCompatibility(snap, snap)).toMatchObject({
      changes: [],
      ok: true,
      breaking: false,
      semverBump: 'none',
    })
  })

  it('classifies an optional property added to a closed object as ADDITION', () => {
    const report = diff(attrs({ a: id }, ['a']), attrs({ a: id, b: id }, ['a']), '1-0-1')
    expect(report.changes).toEqual([
      expect.objectContaining({
        code: 'optional_property_added',
        pointer: '/event_attributes/b',
        class: 'ADDITION',
      }),
    ])
    expect(report).toMatchObject({ ok: true, breaking: false, semverBump: 'minor' })
  })

  it('classifies a required property added as MODEL and demands a MODEL bump', () => {
    const change = { code: 'required_property_added', pointer: '/event_attributes/b', class: 'MODEL' }
    expect(diff(attrs({ a: id }), attrs({ a: id, b: id }, ['b']), '2-0-0')).toMatchObject({
      changes: [change],
      ok: true,
      breaking: true,
      semverBump: 'major',
    })
    const underBumped = diff(attrs({ a: id }), attrs({ a: id, b: id }, ['b']), '1-1-0')
    expect(underBumped.ok).toBe(false)
    expect(underBumped.events[0]!.problem).toMatch(/need a MODEL bump/)
  })

  it('classifies narrowing as breaking: type, enum value removed, bound tightened, optional made required', () => {
    const cases: [JsonSchema, JsonSchema, string, string][] = [
      [attrs({ a: { type: 'number' } }), attrs({ a: { type: 'integer' } }), 'type_narrowed', 'REVISION'],
      [attrs({ a: { type: 'number' } }), attrs({ a: { type: 'string' } }), 'type_changed', 'MODEL'],
      [
        attrs({ a: { type: 'string', enum: ['x', 'y'] } }),
        attrs({ a: { type: 'string', enum: ['x'] } }),
        'enum_value_removed',
        'REVISION',
      ],
      [
        attrs({ a: { type: 'string', maxLength: 10 } }),
        attrs({ a: { type: 'string', maxLength: 5 } }),
        'bound_tightened',
        'REVISION',
      ],
      [
        attrs({ a: { type: 'number', minimum: 0 } }),
        attrs({ a: { type: 'number', minimum: 1 } }),
        'bound_tightened',
        'REVISION',
      ],
      [attrs({ a: id }), attrs({ a: id }, ['a']), 'property_made_required', 'REVISION'],
      [attrs({ a: id, b: id }), attrs({ a: id }), 'property_removed', 'REVISION'],
      [
        attrs({ a: { type: 'string' } }),
        attrs({ a: { type: 'string', pattern: '^x' } }),
        'pattern_changed',
        'REVISION',
      ],
    ]
    for (const [base, head, code, klass] of cases) {
      const report = diff(base, head)
      expect(report.changes, code).toContainEqual(expect.objectContaining({ code, class: klass }))
      expect(report.breaking, code).toBe(true)
    }
  })

  it('classifies widening as ADDITION: enum value added, bound loosened, required made optional', () => {
    const cases: [JsonSchema, JsonSchema, string][] = [
      [
        attrs({ a: { type: 'string', enum: ['x'] } }),
        attrs({ a: { type: 'string', enum: ['x', 'y'] } }),
        'enum_value_added',
      ],
      [
        attrs({ a: { type: 'string', maxLength: 5 } }),
        attrs({ a: { type: 'string', maxLength: 10 } }),
        'bound_loosened',
      ],
      [attrs({ a: id }, ['a']), attrs({ a: id }), 'property_made_optional'],
      [attrs({ a: { type: 'integer' } }), attrs({ a: { type: 'number' } }), 'type_widened'],
    ]
    for (const [base, head, code] of cases) {
      const report = diff(base, head, '1-0-1')
      expect(report.changes, code).toEqual([expect.objectContaining({ code, class: 'ADDITION' })])
      expect(report.ok, code).toBe(true)
    }
  })

  it('fails the gate when a schema changes without a version bump, or a version or event disappears', () => {
    const base = snapshot({ '1-0-0': attrs({ a: id }) })
    expect(checkCompatibility(base, snapshot({ '1-0-0': attrs({ a: id, b: id }) })).events[0]).toMatchObject({
      ok: false,
      declaredBump: 'NONE',
    })
    expect(
      checkCompatibility(snapshot({ '1-0-0': attrs({ a: id }), '1-0-1': attrs({ a: id }) }), base).ok,
    ).toBe(false)
    const removed = checkCompatibility(base, { events: {} })
    expect(removed).toMatchObject({
      ok: false,
      breaking: true,
      changes: [{ code: 'event_removed', class: 'MODEL' }],
    })
    const added = checkCompatibility({ events: {} }, base)
    expect(added).toMatchObject({
      ok: true,
      semverBump: 'minor',
      changes: [{ code: 'event_added', class: 'ADDITION' }],
    })
  })

  it('lets a PII mark be added to published versions in place (masking gets stricter, nothing else)', () => {
    const text = { type: 'string', maxLength: 64 }
    const marked = { ...text, 'x-pii': 'free_text' }
    const before = snapshot({ '1-0-0': attrs({ a: text }), '2-0-0': attrs({ a: text, b: id }, ['b']) })
    const after = snapshot({ '1-0-0': attrs({ a: marked }), '2-0-0': attrs({ a: marked, b: id }, ['b']) })
    const reordered = { 'x-pii': 'free_text', maxLength: 64, type: 'string' }
    const after2 = snapshot({ '1-0-0': attrs({ a: reordered }), '2-0-0': attrs({ a: marked, b: id }, ['b']) })
    expect(checkCompatibility(before, after2).ok).toBe(true)
    const report = checkCompatibility(before, after)
    expect(report).toMatchObject({ ok: true, breaking: false, semverBump: 'minor' })
    expect(report.changes).toEqual([
      expect.objectContaining({ code: 'pii_mark_added', pointer: '/event_attributes/a' }),
    ])
    // Taking a mark away, or changing it, still needs a new version; so does any other edit.
    expect(checkCompatibility(after, before).ok).toBe(false)
    const otherKind = snapshot({
      '1-0-0': attrs({ a: { ...text, 'x-pii': 'name' } }),
      '2-0-0': attrs({ a: marked, b: id }, ['b']),
    })
    expect(checkCompatibility(after, otherKind).events[0]!.problem).toMatch(/edited in place/)
    const loosened = snapshot({
      '1-0-0': attrs({ a: { ...marked, maxLength: 65 } }),
      '2-0-0': attrs({ a: marked, b: id }, ['b']),
    })
    expect(checkCompatibility(after, loosened).events[0]!.problem).toMatch(/edited in place/)
  })

  it('reports the catalog’s own order.paid history: 2-0-0 added a required order_id with a MODEL bump', () => {
    const head = catalogSnapshot(getCatalog())
    const base: CatalogSnapshot = structuredClone(head)
    for (const name of ['order.paid', 'order.delivered', 'payment.failed'])
      delete base.events[name]!.versions['2-0-0']
    const report = checkCompatibility(base, head)
    expect(report.ok).toBe(true)
    expect(report.changes).toContainEqual(
      expect.objectContaining({
        event: 'order.paid',
        code: 'required_property_added',
        pointer: '/event_attributes/order_id',
        class: 'MODEL',
      }),
    )
    expect(report.semverBump).toBe('major')
  })
})
