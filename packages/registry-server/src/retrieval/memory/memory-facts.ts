/**
 * Everything the customer memory is made of, read as of one instant so the same instant gives
 * the same facts: the profile (`customer-profile.ts`), the metrics the memory prints and the
 * explained health score (the metrics engine), the open tickets, the last purchase, the NPS trend and the most recent
 * events (the timeline's newest-first page). Nothing here is masked yet.
 */
import type { ReadSide } from '../../storage/read-side.js'
import type { TimelineEvent } from '../../storage/store.js'
import { customerEventsInWindow } from '../customer-events-in-window.js'
import { type CustomerProfile, customerProfile } from '../customer-profile.js'
import { customerTimeline } from '../customer-timeline.js'
import { healthExplanation } from '../metrics/health-explanation.js'
import { customerMetrics } from '../metrics/metric-engine.js'
import type { MetricOptions } from '../metrics/metric-implementation.js'
import type { ProfileMetrics } from '../profile-metrics.js'
import { MEMORY_METRICS } from './memory-sections.js'

export interface MemoryScope {
  companyId: string
  customerId: string
  /** ms; events with event_timestamp ≤ asOf are read, later ones are not. */
  asOf: number
  /** Only these modules' recent events (absent: all). */
  modules?: readonly string[]
  /** How many recent events to read at most. */
  recentLimit: number
}

export interface OpenTicket {
  ticketId: string
  openedTs: number
}

export interface LastPurchase {
  ts: number
  orderId: string | null
  amount: number | null
}

export interface MemoryFacts {
  /** Undefined when the customer has no event up to `asOf`. */
  profile: CustomerProfile | undefined
  computed: ProfileMetrics
  /** Newest first. */
  openTickets: OpenTicket[]
  lastPurchase: LastPurchase | null
  /** Mean of the 3 latest NPS scores minus the mean of the 3 before; null with 3 or fewer. */
  npsTrend: number | null
  /** Newest first, as stored. */
  recentEvents: TimelineEvent[]
}

/** The NPS trend compares the latest scores with the ones just before, as the CSAT factor does. */
const TREND_WINDOW = 3

export async function memoryFacts(
  read: ReadSide,
  scope: MemoryScope,
  options: MetricOptions,
): Promise<MemoryFacts> {
  const { companyId, customerId } = scope
  const toTs = scope.asOf + 1
  const newest = (events: string[], limit: number) =>
    customerTimeline(read, { companyId, customerId, toTs, events, limit })
  const [profile, computed, tickets, purchases, nps, recentEvents] = await Promise.all([
    customerProfile(read, companyId, customerId, toTs),
    memoryMetrics(read, { companyId, customerId, toTs }, options),
    customerEventsInWindow(read, {
      companyId,
      customerId,
      toTs,
      events: ['ticket.created', 'ticket.resolved'],
    }),
    newest(['order.paid'], 1),
    newest(['nps.submitted'], 2 * TREND_WINDOW),
    customerTimeline(read, {
      companyId,
      customerId,
      toTs,
      limit: scope.recentLimit,
      ...(scope.modules && { modules: scope.modules }),
    }),
  ])
  return {
    profile,
    computed,
    openTickets: openTickets(tickets),
    lastPurchase: lastPurchase(purchases[0]),
    npsTrend: trend(
      nps.map((e) => attribute(e.body, 'score')).filter((s): s is number => typeof s === 'number'),
    ),
    recentEvents,
  }
}

/** Tickets created and not resolved (events oldest first), newest first. */
function openTickets(
  events: readonly { eventName: string; eventTs: number; body: Record<string, unknown> }[],
) {
  const open = new Map<string, number>()
  for (const event of events) {
    const id = attribute(event.body, 'ticket_id')
    if (typeof id !== 'string') continue
    if (event.eventName === 'ticket.created') open.set(id, event.eventTs)
    else open.delete(id)
  }
  return [...open]
    .map(([ticketId, openedTs]) => ({ ticketId, openedTs }))
    .sort(
      (a, b) => b.openedTs - a.openedTs || (a.ticketId < b.ticketId ? -1 : a.ticketId > b.ticketId ? 1 : 0),
    )
}

function lastPurchase(event: TimelineEvent | undefined): LastPurchase | null {
  if (!event) return null
  const orderId = attribute(event.body, 'order_id')
  const amount = attribute(event.body, 'paid_amount')
  return {
    ts: event.eventTs,
    orderId: typeof orderId === 'string' ? orderId : null,
    amount: typeof amount === 'number' ? amount : null,
  }
}

/** Only the metrics the memory prints, and the health score once (with its factors). */
async function memoryMetrics(
  read: ReadSide,
  scope: { companyId: string; customerId: string; toTs: number },
  options: MetricOptions,
): Promise<ProfileMetrics> {
  const [metrics, health] = await Promise.all([
    customerMetrics(read, scope, options, MEMORY_METRICS),
    healthExplanation(read, scope, options),
  ])
  return { metrics, health }
}

/** `scores` newest first. */
function trend(scores: readonly number[]): number | null {
  if (scores.length <= TREND_WINDOW) return null
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
  const change = mean(scores.slice(0, TREND_WINDOW)) - mean(scores.slice(TREND_WINDOW))
  return Math.round(change * 100) / 100
}

function attribute(body: Record<string, unknown>, name: string): unknown {
  const attrs = body.event_attributes
  return attrs && typeof attrs === 'object' && Object.hasOwn(attrs, name)
    ? (attrs as Record<string, unknown>)[name]
    : undefined
}
