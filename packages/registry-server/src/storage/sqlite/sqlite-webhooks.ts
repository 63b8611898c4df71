/**
 * SQLite webhook store. One process owns a SQLite file's dispatcher, so a claim needs no row
 * locks: each write is one IMMEDIATE transaction on the main connection (the ingest writer
 * thread has its own), short enough that ingest waits at most a few milliseconds for it.
 */
import type { Database } from 'better-sqlite3'
import * as webhookRows from '../webhook-rows.js'
import type * as port from '../webhook-store.js'
import { ifWriteLockFree } from './write-lock-attempt.js'

interface BatchRow {
  id: number
  first_seq: number
  last_seq: number
  events: number
  created_at: number
}

const PRUNE_TRANSITIONS_SQL = `DELETE FROM segment_transitions WHERE fanned_out_at < ? AND NOT EXISTS (
  SELECT 1 FROM webhook_deliveries d
  WHERE d.source = 'segment' AND d.event_id = segment_transitions.id AND d.status <> 'delivered')`

export class SqliteWebhookStore implements port.WebhookStore {
  constructor(readonly db: Database) {}

  async createSubscription(s: port.Subscription): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO webhook_subscriptions (${webhookRows.SUBSCRIPTION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(...webhookRows.subscriptionValues(s))
  }

  async listSubscriptions(companyId: string): Promise<port.Subscription[]> {
    return this.db
      .prepare<[string], webhookRows.SubscriptionRow>(
        `SELECT ${webhookRows.SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE company_id = ? ORDER BY created_at, id`,
      )
      .all(companyId)
      .map(webhookRows.toSubscription)
  }

  async getSubscription(companyId: string, id: string): Promise<port.Subscription | undefined> {
    const row = this.db
      .prepare<[string, string], webhookRows.SubscriptionRow>(
        `SELECT ${webhookRows.SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE company_id = ? AND id = ?`,
      )
      .get(companyId, id)
    return row && webhookRows.toSubscription(row)
  }

  async deleteSubscription(companyId: string, id: string): Promise<boolean> {
    return this.db
      .transaction(() => {
        const deleted = this.db
          .prepare('DELETE FROM webhook_subscriptions WHERE company_id = ? AND id = ?')
          .run(companyId, id).changes
        if (deleted > 0) this.db.prepare('DELETE FROM webhook_deliveries WHERE subscription_id = ?').run(id)
        return deleted > 0
      })
      .immediate()
  }

  async disableSubscription(id: string, reason: string): Promise<void> {
    this.db
      .transaction(() => {
        this.db
          .prepare("UPDATE webhook_subscriptions SET status = 'disabled', disabled_reason = ? WHERE id = ?")
          .run(reason, id)
        this.db
          .prepare(
            `UPDATE webhook_deliveries SET status = 'dead', finished_at = ?, last_error = ?
             WHERE subscription_id = ? AND status = 'pending'`,
          )
          .run(Date.now(), webhookRows.shortError(`subscription disabled: ${reason}`), id)
      })
      .immediate()
  }

  async deliveryCounts(subscriptionId: string): Promise<Record<port.DeliveryStatus, number>> {
    const counts = webhookRows.emptyCounts()
    const rows = this.db
      .prepare<[string], { status: port.DeliveryStatus; n: number }>(
        'SELECT status, count(*) AS n FROM webhook_deliveries WHERE subscription_id = ? GROUP BY status',
      )
      .all(subscriptionId)
    for (const r of rows) counts[r.status] = r.n
    return counts
  }

  async fanOut(match: port.FanOutMatcher, newId: () => string, now: number, limit: number): Promise<number> {
    // Look before taking the write lock: an idle poll must not queue behind the ingest writer.
    if (!this.db.prepare('SELECT 1 FROM outbox_batches WHERE delivered_at IS NULL LIMIT 1').get()) return 0
    if (!this.#anyEnabled()) return this.#markAllDelivered(now)
    return this.db
      .transaction(() => {
        const batches: BatchRow[] = []
        let events = 0
        for (const b of this.db
          .prepare<[], BatchRow>(
            'SELECT id, first_seq, last_seq, events, created_at FROM outbox_batches WHERE delivered_at IS NULL ORDER BY id LIMIT 100',
          )
          .all()) {
          if (events > 0 && events + b.events > limit) break
          batches.push(b)
          events += b.events
        }
        if (batches.length === 0) return 0
        const byCompany = webhookRows.groupByCompany(this.#enabledSubscriptions())
        const insert = this.db.prepare(
          `INSERT INTO webhook_deliveries (id, company_id, subscription_id, event_id, event_name, event_ts, status,
             attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)
           ON CONFLICT (subscription_id, event_id) DO NOTHING`,
        )
        const read = this.db.prepare<
          [number, number],
          { company_id: string; event_id: string; event_name: string; event_ts: number; body: string }
        >('SELECT company_id, event_id, event_name, event_ts, body FROM events WHERE seq BETWEEN ? AND ?')
        const done = this.db.prepare('UPDATE outbox_batches SET delivered_at = ? WHERE id = ?')
        for (const batch of batches) {
          if (byCompany.size > 0) {
            for (const e of read.all(batch.first_seq, batch.last_seq)) {
              const subscriptions = byCompany.get(e.company_id)
              if (!subscriptions) continue
              const event: port.OutboxEvent = {
                companyId: e.company_id,
                eventId: e.event_id,
                eventName: e.event_name,
                eventTs: e.event_ts,
                committedAt: batch.created_at,
                body: e.body,
              }
              for (const s of subscriptions) {
                if (match(s, event))
                  insert.run(newId(), e.company_id, s.id, e.event_id, e.event_name, e.event_ts, now, now)
              }
            }
          }
          done.run(now, batch.id)
        }
        return events
      })
      .immediate()
  }

  /**
   * With no enabled subscription no outbox entry can match one (a subscription takes only events
   * committed after it), so every entry is marked in one statement — when the write lock is free;
   * else the next poll does it.
   */
  #markAllDelivered(now: number): number {
    const marked = ifWriteLockFree(this.db, () => {
      if (this.#anyEnabled()) return 0
      const batches = this.db
        .prepare<[number], { events: number }>(
          'UPDATE outbox_batches SET delivered_at = ? WHERE delivered_at IS NULL RETURNING events',
        )
        .all(now)
      return batches.reduce((sum, batch) => sum + batch.events, 0)
    })
    return marked ?? 0
  }

  async fanOutTransitions(
    match: port.TransitionMatcher,
    newId: () => string,
    now: number,
    limit: number,
  ): Promise<number> {
    if (!this.db.prepare('SELECT 1 FROM segment_transitions WHERE fanned_out_at IS NULL LIMIT 1').get())
      return 0
    return this.db
      .transaction(() => {
        const transitions = this.db
          .prepare<[number], webhookRows.TransitionRow>(
            `SELECT ${webhookRows.TRANSITION_COLUMNS} FROM segment_transitions WHERE fanned_out_at IS NULL ORDER BY id LIMIT ?`,
          )
          .all(limit)
          .map(webhookRows.toTransition)
        const byCompany = webhookRows.groupByCompany(this.#enabledSubscriptions())
        const insert = this.db.prepare(
          `INSERT INTO webhook_deliveries (id, company_id, subscription_id, event_id, event_name, event_ts, status,
             attempts, next_attempt_at, created_at, source) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, 'segment')
           ON CONFLICT (subscription_id, event_id) DO NOTHING`,
        )
        for (const d of webhookRows.transitionDeliveries(transitions, byCompany, match, newId))
          insert.run(d.id, d.companyId, d.subscriptionId, d.eventId, d.eventName, d.eventTs, now, now)
        const done = this.db.prepare('UPDATE segment_transitions SET fanned_out_at = ? WHERE id = ?')
        for (const t of transitions) done.run(now, t.id)
        return transitions.length
      })
      .immediate()
  }

  async segmentSubscriptions(): Promise<port.Subscription[]> {
    return this.#enabledSubscriptions().filter((s) => s.segments.length > 0)
  }

  async hasEnabledSubscriptions(): Promise<boolean> {
    return this.#anyEnabled()
  }

  #anyEnabled(): boolean {
    return (
      this.db.prepare("SELECT 1 FROM webhook_subscriptions WHERE status = 'enabled' LIMIT 1").get() !==
      undefined
    )
  }

  #enabledSubscriptions(): port.Subscription[] {
    return this.db
      .prepare<[], webhookRows.SubscriptionRow>(
        `SELECT ${webhookRows.SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE status = 'enabled'`,
      )
      .all()
      .map(webhookRows.toSubscription)
  }

  async claim(request: port.ClaimRequest): Promise<port.ClaimedDelivery[]> {
    const due = this.db
      .prepare<[number], { n: number }>(
        "SELECT 1 AS n FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ? LIMIT 1",
      )
      .get(request.now)
    if (!due) return []
    const claimed = this.db
      .transaction(() => {
        const candidates = this.db
          .prepare<[number, string, number], { id: string; subscription_id: string }>(
            `SELECT d.id, d.subscription_id FROM webhook_deliveries d
             JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.status = 'enabled'
             WHERE d.status = 'pending' AND d.next_attempt_at <= ?
               AND d.subscription_id NOT IN (SELECT value FROM json_each(?))
             ORDER BY d.next_attempt_at, d.id LIMIT ?`,
          )
          .all(request.now, JSON.stringify(webhookRows.atCap(request)), request.limit * 4)
        const lease = this.db.prepare(
          'UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?',
        )
        const due = new Map<string, number>()
        const dueOf = this.db.prepare<[string], { next_attempt_at: number }>(
          'SELECT next_attempt_at FROM webhook_deliveries WHERE id = ?',
        )
        const ids = webhookRows.pickFair(candidates, request)
        for (const id of ids) {
          due.set(id, dueOf.get(id)!.next_attempt_at)
          lease.run(request.leaseUntil, id)
        }
        return { ids, due }
      })
      .immediate()
    const read = this.db.prepare<[string], webhookRows.ClaimedRow & { body: string | null }>(
      `SELECT d.id, d.source, d.company_id, d.subscription_id, d.event_id, d.event_name, d.attempts, s.url, s.secret,
         coalesce(e.body, t.body) AS body
       FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
       LEFT JOIN events e ON d.source = 'event' AND e.company_id = d.company_id AND e.event_id = d.event_id
       LEFT JOIN segment_transitions t ON d.source = 'segment' AND t.id = d.event_id
       WHERE d.id = ?`,
    )
    return claimed.ids.flatMap((id) => {
      const r = read.get(id)
      return r ? [webhookRows.toClaimed(r, claimed.due.get(id)!, r.body)] : []
    })
  }

  async markDelivered(id: string, now: number, result: port.AttemptResult): Promise<void> {
    this.#finish(id, 'delivered', now, result)
  }

  async markDead(id: string, now: number, result: port.AttemptResult): Promise<void> {
    this.#finish(id, 'dead', now, result)
  }

  async scheduleRetry(id: string, at: number, result: port.AttemptResult): Promise<void> {
    this.db
      .prepare(
        "UPDATE webhook_deliveries SET next_attempt_at = ?, last_status = ?, last_error = ? WHERE id = ? AND status = 'pending'",
      )
      .run(at, result.status, webhookRows.shortError(result.error), id)
  }

  async deliveries(
    subscriptionId: string,
    page: { status?: port.DeliveryStatus; limit: number; before?: string },
  ): Promise<port.DeliveryRecord[]> {
    const status = page.status ?? null
    const before = page.before ?? null
    return this.db
      .prepare<
        [string, string | null, string | null, string | null, string | null, number],
        webhookRows.DeliveryRow
      >(
        `SELECT ${webhookRows.DELIVERY_COLUMNS} FROM webhook_deliveries
         WHERE subscription_id = ? AND (? IS NULL OR status = ?) AND (? IS NULL OR id < ?)
         ORDER BY id DESC LIMIT ?`,
      )
      .all(subscriptionId, status, status, before, before, page.limit)
      .map(webhookRows.toDelivery)
  }

  async replay(subscriptionId: string, now: number, ids?: readonly string[]): Promise<number> {
    return this.db
      .prepare(
        `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, finished_at = NULL
         WHERE subscription_id = ? AND status = 'dead' AND (? IS NULL OR id IN (SELECT value FROM json_each(?)))`,
      )
      .run(now, subscriptionId, ids ? 1 : null, JSON.stringify(ids ?? [])).changes
  }

  async stats(now: number): Promise<port.WebhookStats> {
    const d = this.db
      .prepare<[number, number], { pending: number; due: number; dead: number; oldest: number | null }>(
        `SELECT
           coalesce(sum(status = 'pending'), 0) AS pending,
           coalesce(sum(status = 'pending' AND next_attempt_at <= ?), 0) AS due,
           coalesce(sum(status = 'dead'), 0) AS dead,
           (SELECT min(next_attempt_at) FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ?) AS oldest
         FROM webhook_deliveries WHERE status <> 'delivered'`,
      )
      .get(now, now)!
    const outbox = this.db
      .prepare<[], { n: number }>(
        `SELECT (SELECT coalesce(sum(events), 0) FROM outbox_batches WHERE delivered_at IS NULL)
              + (SELECT count(*) FROM segment_transitions WHERE fanned_out_at IS NULL) AS n`,
      )
      .get()!
    return { pending: d.pending, due: d.due, dead: d.dead, oldestDueAt: d.oldest, outboxPending: outbox.n }
  }

  async prune(before: number): Promise<number> {
    return this.db
      .transaction(
        () =>
          this.db
            .prepare("DELETE FROM webhook_deliveries WHERE status = 'delivered' AND finished_at < ?")
            .run(before).changes +
          this.db.prepare('DELETE FROM outbox_batches WHERE delivered_at < ?').run(before).changes +
          this.db.prepare(PRUNE_TRANSITIONS_SQL).run(before).changes,
      )
      .immediate()
  }

  #finish(id: string, status: 'delivered' | 'dead', now: number, result: port.AttemptResult): void {
    this.db
      .prepare(
        `UPDATE webhook_deliveries SET status = ?, finished_at = ?, last_status = ?, last_error = ?
         WHERE id = ? AND status = 'pending'`,
      )
      .run(status, now, result.status, webhookRows.shortError(result.error), id)
  }
}
