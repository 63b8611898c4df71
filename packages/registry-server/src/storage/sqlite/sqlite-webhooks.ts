/**
 * SQLite webhook store. One process owns a SQLite file's dispatcher, so a claim needs no row
 * locks: each write is one IMMEDIATE transaction on the main connection (the ingest writer
 * thread has its own), short enough that ingest waits at most a few milliseconds for it.
 */
import type { Database } from 'better-sqlite3'
import {
  atCap,
  DELIVERY_COLUMNS,
  type DeliveryRow,
  emptyCounts,
  pickFair,
  SUBSCRIPTION_COLUMNS,
  type SubscriptionRow,
  shortError,
  subscriptionValues,
  toDelivery,
  toSubscription,
} from '../webhook-rows.js'
import type {
  AttemptResult,
  ClaimedDelivery,
  ClaimRequest,
  DeliveryRecord,
  DeliveryStatus,
  FanOutMatcher,
  OutboxEvent,
  Subscription,
  WebhookStats,
  WebhookStore,
} from '../webhook-store.js'

interface BatchRow {
  id: number
  first_seq: number
  last_seq: number
  events: number
  created_at: number
}

export class SqliteWebhookStore implements WebhookStore {
  constructor(readonly db: Database) {}

  async createSubscription(s: Subscription): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO webhook_subscriptions (${SUBSCRIPTION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(...subscriptionValues(s))
  }

  async listSubscriptions(companyId: string): Promise<Subscription[]> {
    return this.db
      .prepare<[string], SubscriptionRow>(
        `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE company_id = ? ORDER BY created_at, id`,
      )
      .all(companyId)
      .map(toSubscription)
  }

  async getSubscription(companyId: string, id: string): Promise<Subscription | undefined> {
    const row = this.db
      .prepare<[string, string], SubscriptionRow>(
        `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE company_id = ? AND id = ?`,
      )
      .get(companyId, id)
    return row && toSubscription(row)
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
          .run(Date.now(), shortError(`subscription disabled: ${reason}`), id)
      })
      .immediate()
  }

  async deliveryCounts(subscriptionId: string): Promise<Record<DeliveryStatus, number>> {
    const counts = emptyCounts()
    const rows = this.db
      .prepare<[string], { status: DeliveryStatus; n: number }>(
        'SELECT status, count(*) AS n FROM webhook_deliveries WHERE subscription_id = ? GROUP BY status',
      )
      .all(subscriptionId)
    for (const r of rows) counts[r.status] = r.n
    return counts
  }

  async fanOut(match: FanOutMatcher, newId: () => string, now: number, limit: number): Promise<number> {
    // Look before taking the write lock: an idle poll must not queue behind the ingest writer.
    if (!this.db.prepare('SELECT 1 FROM outbox_batches WHERE delivered_at IS NULL LIMIT 1').get()) return 0
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
        const byCompany = new Map<string, Subscription[]>()
        for (const row of this.db
          .prepare<[], SubscriptionRow>(
            `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE status = 'enabled'`,
          )
          .all()) {
          const s = toSubscription(row)
          byCompany.set(s.companyId, [...(byCompany.get(s.companyId) ?? []), s])
        }
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
              const event: OutboxEvent = {
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

  async claim(request: ClaimRequest): Promise<ClaimedDelivery[]> {
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
          .all(request.now, JSON.stringify(atCap(request)), request.limit * 4)
        const lease = this.db.prepare(
          'UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?',
        )
        const due = new Map<string, number>()
        const dueOf = this.db.prepare<[string], { next_attempt_at: number }>(
          'SELECT next_attempt_at FROM webhook_deliveries WHERE id = ?',
        )
        const ids = pickFair(candidates, request)
        for (const id of ids) {
          due.set(id, dueOf.get(id)!.next_attempt_at)
          lease.run(request.leaseUntil, id)
        }
        return { ids, due }
      })
      .immediate()
    const read = this.db.prepare<
      [string],
      {
        id: string
        company_id: string
        subscription_id: string
        event_id: string
        event_name: string
        attempts: number
        url: string
        secret: string
        body: string | null
      }
    >(
      `SELECT d.id, d.company_id, d.subscription_id, d.event_id, d.event_name, d.attempts, s.url, s.secret, e.body
       FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
       LEFT JOIN events e ON e.company_id = d.company_id AND e.event_id = d.event_id
       WHERE d.id = ?`,
    )
    return claimed.ids.flatMap((id) => {
      const r = read.get(id)
      if (!r) return []
      return [
        {
          id: r.id,
          companyId: r.company_id,
          subscriptionId: r.subscription_id,
          eventId: r.event_id,
          eventName: r.event_name,
          attempt: r.attempts,
          dueAt: claimed.due.get(id)!,
          url: r.url,
          secret: r.secret,
          body: r.body,
        },
      ]
    })
  }

  async markDelivered(id: string, now: number, result: AttemptResult): Promise<void> {
    this.#finish(id, 'delivered', now, result)
  }

  async markDead(id: string, now: number, result: AttemptResult): Promise<void> {
    this.#finish(id, 'dead', now, result)
  }

  async scheduleRetry(id: string, at: number, result: AttemptResult): Promise<void> {
    this.db
      .prepare(
        "UPDATE webhook_deliveries SET next_attempt_at = ?, last_status = ?, last_error = ? WHERE id = ? AND status = 'pending'",
      )
      .run(at, result.status, shortError(result.error), id)
  }

  async deadLetters(subscriptionId: string, limit: number, before?: string): Promise<DeliveryRecord[]> {
    return this.db
      .prepare<[string, string | null, string | null, number], DeliveryRow>(
        `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries
         WHERE subscription_id = ? AND status = 'dead' AND (? IS NULL OR id < ?)
         ORDER BY id DESC LIMIT ?`,
      )
      .all(subscriptionId, before ?? null, before ?? null, limit)
      .map(toDelivery)
  }

  async replay(subscriptionId: string, now: number, ids?: readonly string[]): Promise<number> {
    return this.db
      .prepare(
        `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, finished_at = NULL
         WHERE subscription_id = ? AND status = 'dead' AND (? IS NULL OR id IN (SELECT value FROM json_each(?)))`,
      )
      .run(now, subscriptionId, ids ? 1 : null, JSON.stringify(ids ?? [])).changes
  }

  async stats(now: number): Promise<WebhookStats> {
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
        'SELECT coalesce(sum(events), 0) AS n FROM outbox_batches WHERE delivered_at IS NULL',
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
          this.db.prepare('DELETE FROM outbox_batches WHERE delivered_at < ?').run(before).changes,
      )
      .immediate()
  }

  #finish(id: string, status: 'delivered' | 'dead', now: number, result: AttemptResult): void {
    this.db
      .prepare(
        `UPDATE webhook_deliveries SET status = ?, finished_at = ?, last_status = ?, last_error = ?
         WHERE id = ? AND status = 'pending'`,
      )
      .run(status, now, result.status, shortError(result.error), id)
  }
}
