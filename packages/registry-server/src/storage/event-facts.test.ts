/**
 * A fact column answers for the body only where the attribute has the fact's JSON type, so every
 * catalog event (each version) that declares a fact attribute must declare it with that type — a
 * catalog change that breaks this fails here instead of making company metrics read a null.
 */
import { buildEnvelopeJsonSchema, buildEventJsonSchema, CATALOG_EVENTS, getCatalog } from '@cebe/schemas'
import { describe, expect, it } from 'vitest'
import { denseFacts, EVENT_FACTS, type FactKind, factAt, factValues } from './event-facts.js'

const ALLOWED: Record<FactKind, readonly string[]> = {
  text: ['string', 'null'],
  number: ['number', 'integer', 'null'],
}

/** Every JSON type a schema admits (through `anyOf`/`oneOf`); empty when it names none. */
function typesOf(schema: unknown): string[] {
  if (typeof schema !== 'object' || schema === null) return []
  const s = schema as { type?: string | string[]; anyOf?: unknown[]; oneOf?: unknown[]; const?: unknown }
  const own = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type]
  const constType = s.const === undefined ? [] : [s.const === null ? 'null' : typeof s.const]
  return [...own, ...constType, ...[...(s.anyOf ?? []), ...(s.oneOf ?? [])].flatMap(typesOf)]
}

function propertyAt(schema: unknown, path: readonly string[]): unknown {
  let node = schema
  for (const step of path) {
    node = (node as { properties?: Record<string, unknown> } | undefined)?.properties?.[step]
    if (node === undefined) return undefined
  }
  return node
}

describe('event facts', () => {
  it('every catalog event declares each fact attribute it carries with the fact type', () => {
    const declared: string[] = []
    for (const event of CATALOG_EVENTS) {
      for (const version of event.versions) {
        const schema = buildEventJsonSchema(event, version)
        for (const fact of EVENT_FACTS) {
          const property = propertyAt(schema, fact.path)
          if (property === undefined) continue
          declared.push(`${event.name} ${version.version} ${fact.column}`)
          const types = typesOf(property)
          expect(types.length, `${event.name} ${version.version} ${fact.path.join('.')}`).toBeGreaterThan(0)
          for (const type of types) {
            expect(ALLOWED[fact.kind], `${event.name} ${version.version} ${fact.path.join('.')}`).toContain(
              type,
            )
          }
        }
      }
    }
    // Each fact is read from some catalog event (a typo in a name would declare nothing).
    for (const fact of EVENT_FACTS.filter((f) => f.path[0] === 'event_attributes')) {
      expect(
        declared.some((d) => d.endsWith(` ${fact.column}`)),
        fact.column,
      ).toBe(true)
    }
  })

  it('the envelope facts have the fact type', () => {
    const envelope = buildEnvelopeJsonSchema()
    for (const fact of EVENT_FACTS.filter((f) => f.path[0] !== 'event_attributes')) {
      const types = typesOf(propertyAt(envelope, fact.path))
      expect(types.length, fact.column).toBeGreaterThan(0)
      for (const type of types) expect(ALLOWED[fact.kind]).toContain(type)
    }
  })

  it('finds in every catalog example (each version) what a look at every fact path finds', () => {
    const everyPath = (event: Record<string, unknown>) =>
      EVENT_FACTS.map(({ path, kind }) => {
        const value = path.reduce<unknown>((node, step) => (node as Record<string, unknown>)?.[step], event)
        return (kind === 'text' && typeof value === 'string') ||
          (kind === 'number' && typeof value === 'number')
          ? value
          : null
      })
    let withFacts = 0
    for (const entry of getCatalog()) {
      for (const version of entry.versions) {
        const facts = denseFacts(factValues(version.example))
        expect(facts, `${entry.name} ${version.version}`).toEqual(everyPath(version.example))
        if (facts.some((value, i) => value !== null && EVENT_FACTS[i]!.path.length === 2)) withFacts++
      }
    }
    expect(withFacts).toBeGreaterThan(20)
  })

  it('takes values of the fact type only', () => {
    const values = denseFacts(
      factValues({
        event_name: 'order.paid',
        trigger_from: 'agent',
        event_attributes: {
          order_id: 'ord_1',
          paid_amount: 1500.5,
          ticket_id: 7,
          deal_size: '10',
          score: null,
        },
      }),
    )
    const at = (column: string) => values[EVENT_FACTS.findIndex((f) => f.column === column)]
    expect(values).toHaveLength(EVENT_FACTS.length)
    expect(at('fact_order_id')).toBe('ord_1')
    expect(at('fact_paid_amount')).toBe(1500.5)
    expect(at('fact_trigger_from')).toBe('agent')
    // Another type than the fact's: no fact (the body keeps the value).
    expect(at('fact_ticket_id')).toBeNull()
    expect(at('fact_deal_size')).toBeNull()
    expect(at('fact_score')).toBeNull()
    expect(at('fact_campaign_id')).toBeNull()
  })

  it('has no facts without attributes, and finds a fact by path and kind', () => {
    expect(factValues({ event_name: 'order.created', event_attributes: ['not', 'an', 'object'] })).toEqual([])
    expect(factValues({ event_name: 'order.created' })).toEqual([])
    // A company's custom event has no facts, whatever its fields (read from its body).
    expect(factValues({ event_name: 'survey.answered', event_attributes: { order_id: 'ord_1' } })).toEqual([])
    // Present facts only: (index, value) pairs.
    const orderId = EVENT_FACTS.findIndex((f) => f.column === 'fact_order_id')
    expect(
      factValues({
        event_name: 'order.created',
        event_attributes: { order_id: 'ord_1', payment_method: 'card' },
      }),
    ).toEqual([orderId, 'ord_1'])
    expect(factAt(['event_attributes', 'order_id'], 'text')?.column).toBe('fact_order_id')
    expect(factAt(['event_attributes', 'order_id'], 'number')).toBeUndefined()
    expect(factAt(['event_attributes', 'payment_method'], 'text')).toBeUndefined()
  })
})
