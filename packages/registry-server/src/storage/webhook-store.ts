/**
 * The storage port of webhooks, apart from the event `Store` so the ingest interface stays
 * small. Each backend implements it (`sqlite/sqlite-webhooks.ts`, `postgres/postgres-webhooks.ts`);
 * `test/webhook-store-conformance.test.ts` runs the same contract on both. Times are epoch ms.
 */

export type SubscriptionStatus = 'enabled' | 'disabled'
export type DeliveryStatus = 'pending' | 'delivered' | 'dead'
/** What a delivery carries: a stored event, or a segment entry/exit (ADR 0117). */
export type DeliverySource = 'event' | 'segment'
export type SegmentTransitionName = 'segment.entered' | 'segment.exited'

/** A subscription to a saved segment's entries or exits; `segmentId` null: any of the company's segments. */
export interface SegmentSubscription {
  transition: SegmentTransitionName
  segmentId: string | null
}

export interface Subscription {
  id: string
  companyId: string
  url: string
  /** Event patterns: an exact name, `prefix.*` or `*`. */
  events: string[]
  /** Attribute filter (see `webhooks/subscription-filter.ts`), or null for none. */
  filter: Record<string, unknown> | null
  /** Segment transitions it receives (empty: none). */
  segments: SegmentSubscription[]
  secret: string
  description: string | null
  status: SubscriptionStatus
  disabledReason: string | null
  createdAt: number
}

/** One event committed with its outbox entry, as the fan-out sees it. */
export interface OutboxEvent {
  companyId: string
  eventId: string
  eventName: string
  eventTs: number
  /** When the outbox entry was written (the commit). */
  committedAt: number
  /** The stored envelope as JSON text. */
  body: string
}

/** One segment entry or exit written by an evaluation, as the fan-out sees it. */
export interface SegmentTransition {
  id: string
  companyId: string
  segmentId: string
  customerId: string
  transition: SegmentTransitionName
  detectedAt: number
}

export interface NewDelivery {
  id: string
  companyId: string
  subscriptionId: string
  eventId: string
  eventName: string
  eventTs: number
}

/** A delivery leased to this node for one attempt. */
export interface ClaimedDelivery {
  id: string
  source: DeliverySource
  companyId: string
  subscriptionId: string
  /** The event id, or the transition id when `source` is `segment`. */
  eventId: string
  eventName: string
  /** This attempt's number, from 1. */
  attempt: number
  /** When it was due (lag = now − dueAt). */
  dueAt: number
  url: string
  secret: string
  /** The envelope (or the transition) as JSON text; null when it is gone. */
  body: string | null
}

export interface DeliveryRecord {
  id: string
  subscriptionId: string
  eventId: string
  eventName: string
  status: DeliveryStatus
  attempts: number
  nextAttemptAt: number
  createdAt: number
  finishedAt: number | null
  lastStatus: number | null
  lastError: string | null
}

export interface ClaimRequest {
  now: number
  /** The claimed rows are hidden from other claims until then (the lease). */
  leaseUntil: number
  /** Most deliveries to claim. */
  limit: number
  /** Most deliveries per subscription in this claim, after `busy` is subtracted. */
  perSubscription: number
  /** Deliveries this node already has in flight, by subscription. */
  busy: ReadonlyMap<string, number>
}

export interface AttemptResult {
  status: number | null
  error: string | null
}

export interface WebhookStats {
  pending: number
  /** Pending and due now. */
  due: number
  dead: number
  /** The oldest due delivery's due time, or null. */
  oldestDueAt: number | null
  /** Outbox entries (events and segment transitions) not yet fanned out. */
  outboxPending: number
}

export type FanOutMatcher = (subscription: Subscription, event: OutboxEvent) => boolean
export type TransitionMatcher = (subscription: Subscription, transition: SegmentTransition) => boolean

export interface WebhookStore {
  createSubscription(subscription: Subscription): Promise<void>
  listSubscriptions(companyId: string): Promise<Subscription[]>
  getSubscription(companyId: string, id: string): Promise<Subscription | undefined>
  /** Deletes it and its deliveries; false when there was none. */
  deleteSubscription(companyId: string, id: string): Promise<boolean>
  /** Disables it; its pending deliveries become dead letters (they would never be sent). */
  disableSubscription(id: string, reason: string): Promise<void>
  /** Delivery counts by status for one subscription. */
  deliveryCounts(subscriptionId: string): Promise<Record<DeliveryStatus, number>>

  /**
   * Takes up to `limit` outbox entries not yet fanned out (skipping ones another node holds),
   * makes one delivery per matching enabled subscription, and marks the entries done — all in
   * one transaction. Returns how many outbox entries it took (0: nothing left).
   */
  fanOut(match: FanOutMatcher, newId: () => string, now: number, limit: number): Promise<number>
  /**
   * The same for segment transitions not yet fanned out (`segment_transitions`), matched against
   * the subscriptions that name segments; their deliveries have `source` `segment`.
   */
  fanOutTransitions(
    match: TransitionMatcher,
    newId: () => string,
    now: number,
    limit: number,
  ): Promise<number>
  /** Enabled subscriptions that name segment transitions, every company. */
  segmentSubscriptions(): Promise<Subscription[]>
  /** Whether any subscription of any company is enabled (a cheap read, no lock). */
  hasEnabledSubscriptions(): Promise<boolean>
  /** Leases due deliveries of enabled subscriptions; each attempt counter goes up by one. */
  claim(request: ClaimRequest): Promise<ClaimedDelivery[]>
  markDelivered(id: string, now: number, result: AttemptResult): Promise<void>
  scheduleRetry(id: string, at: number, result: AttemptResult): Promise<void>
  markDead(id: string, now: number, result: AttemptResult): Promise<void>

  /**
   * Deliveries of a subscription, newest first (ids are time-ordered), in one status or all;
   * `before` continues after a page's last id.
   */
  deliveries(
    subscriptionId: string,
    page: { status?: DeliveryStatus; limit: number; before?: string },
  ): Promise<DeliveryRecord[]>
  /** Dead deliveries (all, or these ids) back to pending, due now, attempts from zero. */
  replay(subscriptionId: string, now: number, ids?: readonly string[]): Promise<number>

  stats(now: number): Promise<WebhookStats>
  /**
   * Deletes delivered deliveries and fanned-out outbox entries finished before `before`; a
   * segment transition is kept while a delivery of it is pending or dead (replay needs its body).
   */
  prune(before: number): Promise<number>
}
