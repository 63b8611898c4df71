import { SOURCE_MODULES, validateEvent } from '@cebe/schemas'
import { describe, expect, it } from 'vitest'
import { type DemoEvent, generateDemoEvents } from './demo-generator.js'

const NOW = Date.UTC(2026, 11, 2, 9, 30)
const events = generateDemoEvents({ now: NOW })

const byCustomer = new Map<string, DemoEvent[]>()
for (const e of events) {
  const id = e.qontak_customer_id as string | undefined
  if (id) byCustomer.set(id, [...(byCustomer.get(id) ?? []), e])
}
const attr = (e: DemoEvent, key: string) => e.event_attributes[key]

describe('demo data', () => {
  it('is deterministic for a seed and day, and differs for another seed', () => {
    expect(generateDemoEvents({ now: NOW + 3_600_000 })).toEqual(events)
    const other = generateDemoEvents({ now: NOW, seed: 7 })
    expect(other.map((e) => e.event_id)).not.toEqual(events.map((e) => e.event_id))
  })

  it('validates against the current schemas, every event', () => {
    const invalid = events
      .map((e) => ({ e, r: validateEvent(e, { now: NOW }) }))
      .filter(({ r }) => !r.ok)
      .slice(0, 3)
      .map(({ e, r }) => ({ name: e.event_name, errors: !r.ok && r.errors }))
    expect(invalid).toEqual([])
    expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length)
  })

  it('covers all seven modules, a few hundred customers and six months', () => {
    expect(new Set(events.map((e) => e.source_module))).toEqual(new Set(SOURCE_MODULES))
    expect(byCustomer.size).toBe(300)
    const first = Date.parse(events[0]!.event_timestamp)
    const last = Date.parse(events.at(-1)!.event_timestamp)
    expect((last - first) / 86_400_000).toBeGreaterThan(170)
    expect(last).toBeLessThanOrEqual(NOW)
    expect(events.length).toBeGreaterThan(5_000)
    const names = new Set(events.map((e) => e.event_name))
    for (const name of [
      'ticket.sla_breached',
      'deal.won',
      'deal.lost',
      'booking.cancelled',
      'tier.upgraded',
      'ad.spend_recorded',
    ]) {
      expect(names).toContain(name)
    }
  })

  it('tells stories that hold together', () => {
    for (const [customer, story] of byCustomer) {
      const created = story.findIndex((e) => e.event_name === 'customer.created')
      expect(created, customer).toBeGreaterThanOrEqual(0)
      // Only the ad that brought them in comes before their creation.
      expect(
        story.slice(0, created).every((e) => e.event_name.startsWith('ad.')),
        customer,
      ).toBe(true)
      const seen = new Map<string, number>()
      story.forEach((e, i) => {
        const key = `${e.event_name}:${String(attr(e, 'order_id') ?? attr(e, 'deal_id') ?? attr(e, 'booking_id') ?? attr(e, 'ticket_id') ?? '')}`
        seen.set(key, i)
      })
      const at = (name: string, id: unknown) => seen.get(`${name}:${String(id)}`)
      for (const e of story) {
        const order = attr(e, 'order_id')
        if (e.event_name === 'order.paid')
          expect(at('order.created', order)).toBeLessThan(at('order.paid', order)!)
        if (e.event_name === 'order.delivered')
          expect(at('order.paid', order)).toBeLessThan(at('order.delivered', order)!)
        const deal = attr(e, 'deal_id')
        if (e.event_name === 'deal.won') expect(at('deal.lost', deal)).toBeUndefined()
        const booking = attr(e, 'booking_id')
        if (e.event_name === 'booking.completed') expect(at('booking.cancelled', booking)).toBeUndefined()
        const ticket = attr(e, 'ticket_id')
        if (e.event_name === 'ticket.resolved')
          expect(at('ticket.created', ticket)).toBeLessThan(at('ticket.resolved', ticket)!)
      }
      const enrolled = story.findIndex((e) => e.event_name === 'membership.enrolled')
      const loyalty = story.filter((e) => e.source_module === 'loyalty')
      if (loyalty.length > 0) expect(loyalty[0]!.event_name, customer).toBe('membership.enrolled')
      for (const e of loyalty) {
        expect(attr(e, 'available_point') as number).toBeGreaterThanOrEqual(0)
        expect(attr(e, 'member_id')).toBe(story[enrolled]!.event_attributes.member_id)
      }
    }
  })
})
