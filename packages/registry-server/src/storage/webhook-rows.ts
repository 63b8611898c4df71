/** Row ↔ object mapping and the fair claim pick, shared by both webhook stores. */
import type {
  ClaimedDelivery,
  ClaimRequest,
  DeliveryRecord,
  DeliverySource,
  DeliveryStatus,
  NewDelivery,
  SegmentSubscription,
  SegmentTransition,
  Subscription,
  TransitionMatcher,
} from './webhook-store.js'

export interface SubscriptionRow {
  id: string
  company_id: string
  url: string
  events: string
  filter: string | null
  segments: string | null
  secret: string
  description: string | null
  status: string
  disabled_reason: string | null
  created_at: number | string
}

export interface DeliveryRow {
  id: string
  subscription_id: string
  event_id: string
  event_name: string
  status: string
  attempts: number | string
  next_attempt_at: number | string
  created_at: number | string
  finished_at: number | string | null
  last_status: number | string | null
  last_error: string | null
}

export function toSubscription(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    companyId: row.company_id,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    filter: row.filter === null ? null : (JSON.parse(row.filter) as Record<string, unknown>),
    segments: row.segments === null ? [] : (JSON.parse(row.segments) as SegmentSubscription[]),
    secret: row.secret,
    description: row.description,
    status: row.status === 'disabled' ? 'disabled' : 'enabled',
    disabledReason: row.disabled_reason,
    createdAt: Number(row.created_at),
  }
}

export function subscriptionValues(s: Subscription): unknown[] {
  return [
    s.id,
    s.companyId,
    s.url,
    JSON.stringify(s.events),
    s.filter === null ? null : JSON.stringify(s.filter),
    s.segments.length === 0 ? null : JSON.stringify(s.segments),
    s.secret,
    s.description,
    s.status,
    s.disabledReason,
    s.createdAt,
  ]
}

/** A leased delivery with its subscription's URL and secret, as both stores read it. */
export interface ClaimedRow {
  id: string
  source: DeliverySource
  company_id: string
  subscription_id: string
  event_id: string
  event_name: string
  attempts: number
  url: string
  secret: string
}

export function toClaimed(row: ClaimedRow, dueAt: number, body: string | null): ClaimedDelivery {
  return {
    id: row.id,
    source: row.source,
    companyId: row.company_id,
    subscriptionId: row.subscription_id,
    eventId: row.event_id,
    eventName: row.event_name,
    attempt: row.attempts,
    dueAt,
    url: row.url,
    secret: row.secret,
    body,
  }
}

export function toDelivery(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    eventId: row.event_id,
    eventName: row.event_name,
    status: row.status as DeliveryStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    createdAt: Number(row.created_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
    lastStatus: row.last_status === null ? null : Number(row.last_status),
    lastError: row.last_error,
  }
}

/** The last error is kept short: it is for humans reading a dead letter, not a log. */
export function shortError(error: string | null): string | null {
  return error === null ? null : error.slice(0, 500)
}

/**
 * Picks from due candidates (oldest first) at most `perSubscription` per subscription, minus what
 * this node already has in flight for it, so one slow receiver cannot take every slot.
 */
export function pickFair(
  candidates: readonly { id: string; subscription_id: string }[],
  request: Pick<ClaimRequest, 'limit' | 'perSubscription' | 'busy'>,
): string[] {
  const taken = new Map<string, number>()
  const picked: string[] = []
  for (const c of candidates) {
    if (picked.length >= request.limit) break
    const used = (request.busy.get(c.subscription_id) ?? 0) + (taken.get(c.subscription_id) ?? 0)
    if (used >= request.perSubscription) continue
    taken.set(c.subscription_id, (taken.get(c.subscription_id) ?? 0) + 1)
    picked.push(c.id)
  }
  return picked
}

/** Subscriptions this node may not start another delivery for right now. */
export function atCap(request: Pick<ClaimRequest, 'busy' | 'perSubscription'>): string[] {
  return [...request.busy].filter(([, n]) => n >= request.perSubscription).map(([id]) => id)
}

export function emptyCounts(): Record<DeliveryStatus, number> {
  return { pending: 0, delivered: 0, dead: 0 }
}

export const SUBSCRIPTION_COLUMNS =
  'id, company_id, url, events, filter, segments, secret, description, status, disabled_reason, created_at'

/** Subscriptions by company, for a fan-out. */
export function groupByCompany(subscriptions: readonly Subscription[]): Map<string, Subscription[]> {
  const byCompany = new Map<string, Subscription[]>()
  for (const s of subscriptions) {
    const list = byCompany.get(s.companyId)
    if (list) list.push(s)
    else byCompany.set(s.companyId, [s])
  }
  return byCompany
}

export const TRANSITION_COLUMNS = 'id, company_id, segment_id, customer_id, transition, detected_at'

export interface TransitionRow {
  id: string
  company_id: string
  segment_id: string
  customer_id: string
  transition: string
  detected_at: number | string
}

export function toTransition(row: TransitionRow): SegmentTransition {
  return {
    id: row.id,
    companyId: row.company_id,
    segmentId: row.segment_id,
    customerId: row.customer_id,
    transition: row.transition === 'segment.exited' ? 'segment.exited' : 'segment.entered',
    detectedAt: Number(row.detected_at),
  }
}

/** One delivery per (matching subscription, transition). */
export function transitionDeliveries(
  transitions: readonly SegmentTransition[],
  byCompany: ReadonlyMap<string, readonly Subscription[]>,
  match: TransitionMatcher,
  newId: () => string,
): NewDelivery[] {
  const deliveries: NewDelivery[] = []
  for (const t of transitions) {
    for (const s of byCompany.get(t.companyId) ?? []) {
      if (!match(s, t)) continue
      deliveries.push({
        id: newId(),
        companyId: t.companyId,
        subscriptionId: s.id,
        eventId: t.id,
        eventName: t.transition,
        eventTs: t.detectedAt,
      })
    }
  }
  return deliveries
}
export const DELIVERY_COLUMNS =
  'id, subscription_id, event_id, event_name, status, attempts, next_attempt_at, created_at, finished_at, last_status, last_error'
