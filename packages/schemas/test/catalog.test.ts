import { describe, expect, it } from 'vitest'
import { CATALOG_EVENTS, catalog, getCatalog, SOURCE_MODULES } from '../src/index.js'

/** The PRD's §6 catalog, spelled exactly as the PRD spells it. */
const PRD_CATALOG: Record<string, string[]> = {
  communication: [
    'conversation.started',
    'call.started',
    'conversation.assigned',
    'call.assigned',
    'message.received',
    'conversation.resolved',
    'conversation.escalated',
    'bot.contained',
    'call.completed',
    'csat.submitted',
    'nps.submitted',
  ],
  ticketing: [
    'ticket.created',
    'ticket.assigned',
    'ticket.stage_changed',
    'ticket.resolved',
    'ticket.sla_breached',
  ],
  deals: ['deal.created', 'deal.stage_changed', 'deal.won', 'deal.lost', 'deal.rotten_time_breached'],
  campaign: [
    'campaign.sent',
    'campaign.replied',
    'campaign.clicked',
    'campaign.bounced',
    'campaign.opted_in',
    'campaign.opted_out',
    'ad.impression',
    'ad.clicked',
    'ad.lead_captured',
    'ad.converted',
    'ad.spend_recorded',
  ],
  conversion: [
    'booking.created',
    'booking.confirmed',
    'booking.cancelled',
    'booking.completed',
    'add_to_cart',
    'order.created',
    'order.paid',
    'order.delivered',
    'payment.failed',
  ],
  cdp: ['customer.created', 'customer.updated', 'segment.entered', 'segment.exited'],
  loyalty: [
    'membership.enrolled',
    'membership.unenrolled',
    'points.earned',
    'points.burned',
    'rewards.redeemed',
    'tier.upgraded',
    'tier.downgraded',
  ],
}

describe('catalog', () => {
  it('holds exactly the 52 events of the PRD, each in its own module', () => {
    expect(CATALOG_EVENTS).toHaveLength(52)
    for (const module of SOURCE_MODULES) {
      const names = CATALOG_EVENTS.filter((e) => e.module === module).map((e) => e.name)
      expect(names.sort(), module).toEqual([...(PRD_CATALOG[module] ?? [])].sort())
    }
  })

  it('gives every event a description, a SchemaVer version and a closed attribute object', () => {
    for (const entry of getCatalog()) {
      expect(entry.description.length, entry.name).toBeGreaterThan(10)
      expect(entry.version).toMatch(/^\d+-\d+-\d+$/)
      const attributes = (entry.jsonSchema.properties as Record<string, Record<string, unknown>>)
        .event_attributes!
      expect(attributes.additionalProperties, entry.name).toBe(false)
    }
  })

  it('keeps older versions: the lifecycle events that gained order_id have 1-0-0 and 2-0-0', () => {
    for (const name of ['order.paid', 'order.delivered', 'payment.failed']) {
      const entry = getCatalog().find((e) => e.name === name)!
      expect(entry.versions.map((v) => v.version)).toEqual(['1-0-0', '2-0-0'])
      const required = (entry.jsonSchema.properties as Record<string, { required: string[] }>)
        .event_attributes!.required
      expect(required).toContain('order_id')
    }
  })

  it('exposes the same entries through the lazy `catalog` export as through getCatalog()', () => {
    expect(catalog.length).toBe(52)
    expect(catalog.map((e) => e.name)).toEqual(getCatalog().map((e) => e.name))
    expect(Array.isArray(catalog)).toBe(true)
  })
})
