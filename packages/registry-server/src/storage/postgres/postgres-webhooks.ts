/**
 * PostgreSQL webhook store. Several server nodes drain one database: fan-out and claims lock
 * their rows with `FOR UPDATE … SKIP LOCKED`, so two nodes never take the same outbox entry or
 * delivery, and neither waits for the other. A claim moves the delivery's due time past the
 * lease before the HTTP call starts, so the row lock is held for milliseconds, not for the call.
 */
import type pg from 'pg'
import * as webhookRows from '../webhook-rows.js'
import type * as port from '../webhook-store.js'
import { inTransaction } from './pg-transaction.js'

export class PostgresWebhookStore implements port.WebhookStore {
  constructor(readonly pool: pg.Pool) {}

  async createSubscription(s: port.Subscription): Promise<void> {
    await this.pool.query(
      `INSERT INTO webhook_subscriptions (${webhookRows.SUBSCRIPTION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      webhookRows.subscriptionValues(s),
    )
  }

  async listSubscriptions(companyId: string): Promise<port.Subscription[]> {
    const { rows } = await this.pool.query<webhookRows.SubscriptionRow>(
      `SELECT ${webhookRows.SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE company_id = $1 ORDER BY created_at, id`,
      [companyId],
    )
    return rows.map(webhookRows.toSubscription)
  }

  async getSubscription(companyId: string, id: string): Promise<port.Subscription | undefined> {
    const { rows } = await this.pool.query<webhookRows.SubscriptionRow>(
      `SELECT ${webhookRows.SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE company_id = $1 AND id = $2`,
      [companyId, id],
    )
    return rows[0] && webhookRows.toSubscription(rows[0])
  }

  async deleteSubscription(companyId: string, id: string): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query(
        'DELETE FROM webhook_subscriptions WHERE company_id = $1 AND id = $2',
        [companyId, id],
      )
      if (!rowCount) return false
      await client.query('DELETE FROM webhook_deliveries WHERE subscription_id = $1', [id])
      return true
    })
  }

  async disableSubscription(id: string, reason: string): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query(
        "UPDATE webhook_subscriptions SET status = 'disabled', disabled_reason = $1 WHERE id = $2",
        [reason, id],
      )
      await client.query(
        `UPDATE webhook_deliveries SET status = 'dead', finished_at = $1, last_error = $2
         WHERE subscription_id = $3 AND status = 'pending'`,
        [Date.now(), webhookRows.shortError(`subscription disabled: ${reason}`), id],
      )
    })
  }

  async deliveryCounts(subscriptionId: string): Promise<Record<port.DeliveryStatus, number>> {
    const counts = webhookRows.emptyCounts()
    const { rows } = await this.pool.query<{ status: port.DeliveryStatus; n: string }>(
      'SELECT status, count(*) AS n FROM webhook_deliveries WHERE subscription_id = $1 GROUP BY status',
      [subscriptionId],
    )
    for (const r of rows) counts[r.status] = Number(r.n)
    return counts
  }

  async fanOut(match: port.FanOutMatcher, newId: () => string, now: number, limit: number): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      const { rows: entries } = await client.query<{
        id: string
        company_id: string
        event_id: string
        event_name: string
        ts: string
        committed: string
      }>(
        `SELECT id, company_id, event_id, event_name, extract(epoch FROM event_ts) * 1000 AS ts,
                extract(epoch FROM created_at) * 1000 AS committed
         FROM outbox WHERE delivered_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      )
      if (entries.length === 0) return 0
      const companies = [...new Set(entries.map((e) => e.company_id))]
      const byCompany = webhookRows.groupByCompany(await enabledSubscriptions(client, companies))
      const wanted = entries.filter((e) => byCompany.has(e.company_id))
      const bodies = await readBodies(
        client,
        wanted.map((e) => [e.company_id, e.event_id]),
      )
      const deliveries: port.NewDelivery[] = []
      for (const e of wanted) {
        const event = {
          companyId: e.company_id,
          eventId: e.event_id,
          eventName: e.event_name,
          eventTs: Math.round(Number(e.ts)),
          committedAt: Math.round(Number(e.committed)),
          body: bodies.get(key(e.company_id, e.event_id)) ?? '{}',
        }
        for (const s of byCompany.get(e.company_id)!) {
          if (!match(s, event)) continue
          deliveries.push({
            id: newId(),
            companyId: e.company_id,
            subscriptionId: s.id,
            eventId: e.event_id,
            eventName: e.event_name,
            eventTs: event.eventTs,
          })
        }
      }
      await insertDeliveries(client, deliveries, now, 'event')
      await client.query(
        'UPDATE outbox SET delivered_at = to_timestamp($1 / 1000.0) WHERE id = ANY($2::bigint[])',
        [now, entries.map((e) => e.id)],
      )
      return entries.length
    })
  }

  async fanOutTransitions(
    match: port.TransitionMatcher,
    newId: () => string,
    now: number,
    limit: number,
  ): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      const { rows: found } = await client.query<webhookRows.TransitionRow>(
        `SELECT ${webhookRows.TRANSITION_COLUMNS} FROM segment_transitions WHERE fanned_out_at IS NULL
         ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      )
      if (found.length === 0) return 0
      const transitions = found.map(webhookRows.toTransition)
      const companies = [...new Set(transitions.map((t) => t.companyId))]
      const byCompany = webhookRows.groupByCompany(await enabledSubscriptions(client, companies))
      const deliveries = webhookRows.transitionDeliveries(transitions, byCompany, match, newId)
      await insertDeliveries(client, deliveries, now, 'segment')
      await client.query('UPDATE segment_transitions SET fanned_out_at = $1 WHERE id = ANY($2::text[])', [
        now,
        transitions.map((t) => t.id),
      ])
      return transitions.length
    })
  }

  async hasEnabledSubscriptions(): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      "SELECT 1 FROM webhook_subscriptions WHERE status = 'enabled' LIMIT 1",
    )
    return (rowCount ?? 0) > 0
  }

  async segmentSubscriptions(): Promise<port.Subscription[]> {
    const { rows } = await this.pool.query<webhookRows.SubscriptionRow>(
      `SELECT ${webhookRows.SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions
       WHERE status = 'enabled' AND segments IS NOT NULL`,
    )
    return rows.map(webhookRows.toSubscription)
  }

  async claim(request: port.ClaimRequest): Promise<port.ClaimedDelivery[]> {
    const leased = await inTransaction(this.pool, async (client) => {
      const { rows: candidates } = await client.query<{ id: string; subscription_id: string; due: string }>(
        `SELECT d.id, d.subscription_id, d.next_attempt_at AS due FROM webhook_deliveries d
         JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.status = 'enabled'
         WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND d.subscription_id <> ALL($2::text[])
         ORDER BY d.next_attempt_at, d.id LIMIT $3
         FOR UPDATE OF d SKIP LOCKED`,
        [request.now, webhookRows.atCap(request), request.limit * 4],
      )
      const ids = webhookRows.pickFair(candidates, request)
      if (ids.length === 0) return []
      const due = new Map(candidates.map((c) => [c.id, Number(c.due)]))
      const { rows } = await client.query<webhookRows.ClaimedRow>(
        `UPDATE webhook_deliveries d SET attempts = d.attempts + 1, next_attempt_at = $1
         FROM webhook_subscriptions s WHERE d.id = ANY($2::text[]) AND s.id = d.subscription_id
         RETURNING d.id, d.source, d.company_id, d.subscription_id, d.event_id, d.event_name, d.attempts, s.url, s.secret`,
        [request.leaseUntil, ids],
      )
      return rows.map((r) => ({ ...r, due: due.get(r.id)! }))
    })
    if (leased.length === 0) return []
    const bodies = await readBodies(
      this.pool,
      leased.filter((r) => r.source === 'event').map((r) => [r.company_id, r.event_id]),
    )
    const transitions = await readTransitionBodies(
      this.pool,
      leased.filter((r) => r.source === 'segment').map((r) => r.event_id),
    )
    return leased.map((r) =>
      webhookRows.toClaimed(
        r,
        r.due,
        (r.source === 'segment' ? transitions.get(r.event_id) : bodies.get(key(r.company_id, r.event_id))) ??
          null,
      ),
    )
  }

  async markDelivered(id: string, now: number, result: port.AttemptResult): Promise<void> {
    await this.#finish(id, 'delivered', now, result)
  }

  async markDead(id: string, now: number, result: port.AttemptResult): Promise<void> {
    await this.#finish(id, 'dead', now, result)
  }

  async scheduleRetry(id: string, at: number, result: port.AttemptResult): Promise<void> {
    await this.pool.query(
      "UPDATE webhook_deliveries SET next_attempt_at = $1, last_status = $2, last_error = $3 WHERE id = $4 AND status = 'pending'",
      [at, result.status, webhookRows.shortError(result.error), id],
    )
  }

  async deliveries(
    subscriptionId: string,
    page: { status?: port.DeliveryStatus; limit: number; before?: string },
  ): Promise<port.DeliveryRecord[]> {
    const { rows } = await this.pool.query<webhookRows.DeliveryRow>(
      `SELECT ${webhookRows.DELIVERY_COLUMNS} FROM webhook_deliveries
       WHERE subscription_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR id < $3)
       ORDER BY id DESC LIMIT $4`,
      [subscriptionId, page.status ?? null, page.before ?? null, page.limit],
    )
    return rows.map(webhookRows.toDelivery)
  }

  async replay(subscriptionId: string, now: number, ids?: readonly string[]): Promise<number> {
    const { rowCount } = await this.pool.query(
      `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $1, finished_at = NULL
       WHERE subscription_id = $2 AND status = 'dead' AND ($3::text[] IS NULL OR id = ANY($3::text[]))`,
      [now, subscriptionId, ids ? [...ids] : null],
    )
    return rowCount ?? 0
  }

  async stats(now: number): Promise<port.WebhookStats> {
    const { rows } = await this.pool.query<{
      pending: string
      due: string
      dead: string
      oldest: string | null
      outbox: string
    }>(
      `SELECT count(*) FILTER (WHERE status = 'pending') AS pending,
              count(*) FILTER (WHERE status = 'pending' AND next_attempt_at <= $1) AS due,
              count(*) FILTER (WHERE status = 'dead') AS dead,
              min(next_attempt_at) FILTER (WHERE status = 'pending' AND next_attempt_at <= $1) AS oldest,
              (SELECT count(*) FROM outbox WHERE delivered_at IS NULL)
                + (SELECT count(*) FROM segment_transitions WHERE fanned_out_at IS NULL) AS outbox
       FROM webhook_deliveries WHERE status <> 'delivered'`,
      [now],
    )
    const r = rows[0]!
    return {
      pending: Number(r.pending),
      due: Number(r.due),
      dead: Number(r.dead),
      oldestDueAt: r.oldest === null ? null : Number(r.oldest),
      outboxPending: Number(r.outbox),
    }
  }

  async prune(before: number): Promise<number> {
    const a = await this.pool.query(
      "DELETE FROM webhook_deliveries WHERE status = 'delivered' AND finished_at < $1",
      [before],
    )
    const b = await this.pool.query('DELETE FROM outbox WHERE delivered_at < to_timestamp($1 / 1000.0)', [
      before,
    ])
    const c = await this.pool.query(
      `DELETE FROM segment_transitions t WHERE t.fanned_out_at < $1 AND NOT EXISTS (
         SELECT 1 FROM webhook_deliveries d
         WHERE d.source = 'segment' AND d.event_id = t.id AND d.status <> 'delivered')`,
      [before],
    )
    return (a.rowCount ?? 0) + (b.rowCount ?? 0) + (c.rowCount ?? 0)
  }

  async #finish(
    id: string,
    status: 'delivered' | 'dead',
    now: number,
    result: port.AttemptResult,
  ): Promise<void> {
    await this.pool.query(
      `UPDATE webhook_deliveries SET status = $1, finished_at = $2, last_status = $3, last_error = $4
       WHERE id = $5 AND status = 'pending'`,
      [status, now, result.status, webhookRows.shortError(result.error), id],
    )
  }
}

function key(companyId: string, eventId: string): string {
  return `${companyId}\u0000${eventId}`
}

/** Stored envelopes as JSON text, found through the dedup table (its event_ts picks the partition). */
async function readBodies(
  db: pg.Pool | pg.PoolClient,
  keys: readonly (readonly [string, string])[],
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map()
  const { rows } = await db.query<{ company_id: string; event_id: string; body: string }>(
    `SELECT k.company_id, k.event_id, e.body::text AS body
     FROM unnest($1::text[], $2::text[]) AS u(c, e)
     JOIN event_keys k ON k.company_id = u.c AND k.event_id = u.e
     JOIN events e ON e.company_id = k.company_id AND e.event_id = k.event_id AND e.event_ts = k.event_ts`,
    [keys.map((k) => k[0]), keys.map((k) => k[1])],
  )
  return new Map(rows.map((r) => [key(r.company_id, r.event_id), r.body]))
}

async function enabledSubscriptions(
  client: pg.PoolClient,
  companies: readonly string[],
): Promise<port.Subscription[]> {
  const { rows } = await client.query<webhookRows.SubscriptionRow>(
    `SELECT ${webhookRows.SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE status = 'enabled' AND company_id = ANY($1)`,
    [companies],
  )
  return rows.map(webhookRows.toSubscription)
}

async function insertDeliveries(
  client: pg.PoolClient,
  deliveries: readonly port.NewDelivery[],
  now: number,
  source: port.DeliverySource,
): Promise<void> {
  if (deliveries.length === 0) return
  await client.query(
    `INSERT INTO webhook_deliveries (id, company_id, subscription_id, event_id, event_name, event_ts, status,
       attempts, next_attempt_at, created_at, source)
     SELECT i, c, s, e, n, t, 'pending', 0, $7, $7, $8
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[]) AS u(i, c, s, e, n, t)
     ON CONFLICT (subscription_id, event_id) DO NOTHING`,
    [
      deliveries.map((d) => d.id),
      deliveries.map((d) => d.companyId),
      deliveries.map((d) => d.subscriptionId),
      deliveries.map((d) => d.eventId),
      deliveries.map((d) => d.eventName),
      deliveries.map((d) => d.eventTs),
      now,
      source,
    ],
  )
}

async function readTransitionBodies(db: pg.Pool, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const { rows } = await db.query<{ id: string; body: string }>(
    'SELECT id, body FROM segment_transitions WHERE id = ANY($1::text[])',
    [ids],
  )
  return new Map(rows.map((r) => [r.id, r.body]))
}
