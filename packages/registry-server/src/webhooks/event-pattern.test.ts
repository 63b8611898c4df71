import { describe, expect, it } from 'vitest'
import { matchesAny, matchesPattern, patternProblem } from './event-pattern.js'

describe('event patterns', () => {
  it('match exactly, by prefix, or everything', () => {
    expect(matchesPattern('ticket.sla_breached', 'ticket.sla_breached')).toBe(true)
    expect(matchesPattern('ticket.sla_breached', 'ticket.sla_breached_x')).toBe(false)
    expect(matchesPattern('campaign.*', 'campaign.sent')).toBe(true)
    expect(matchesPattern('campaign.*', 'campaigns.sent')).toBe(false)
    expect(matchesPattern('campaign.*', 'campaign')).toBe(false)
    expect(matchesPattern('*', 'add_to_cart')).toBe(true)
    expect(matchesAny(['order.*', 'add_to_cart'], 'add_to_cart')).toBe(true)
    expect(matchesAny(['order.*'], 'add_to_cart')).toBe(false)
  })

  it('accept only the three forms', () => {
    for (const ok of ['*', 'campaign.*', 'add_to_cart', 'a.b.c', 'a.b.*'])
      expect(patternProblem(ok)).toBeUndefined()
    for (const bad of ['', 'camp*', '*.sent', 'a..b', '**', 'a.*.b', 'a b'])
      expect(patternProblem(bad)).toBeDefined()
  })
})
