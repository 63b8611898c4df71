/**
 * Webhooks: subscriptions and their deliveries, the same tables on both backends. Times are epoch
 * milliseconds (BIGINT) so the dispatcher compares them the same way on both. A delivery row is
 * made per (subscription, event) when the dispatcher fans an outbox entry out; the unique key
 * makes a repeated fan-out (a crash between insert and marking the outbox) a no-op, so the
 * delivery id a receiver sees never changes. PostgreSQL also gets the pending-outbox index that
 * SQLite's `outbox_batches` already has.
 */
import type { DialectSql } from './dialect-sql.js'

const tables = [
  `CREATE TABLE webhook_subscriptions (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL,
    url TEXT NOT NULL,
    events TEXT NOT NULL,
    filter TEXT,
    secret TEXT NOT NULL,
    description TEXT,
    status TEXT NOT NULL,
    disabled_reason TEXT,
    created_at BIGINT NOT NULL)`,
  'CREATE INDEX webhook_subscriptions_company ON webhook_subscriptions (company_id, created_at)',
  `CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL,
    subscription_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    event_name TEXT NOT NULL,
    event_ts BIGINT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    finished_at BIGINT,
    last_status INTEGER,
    last_error TEXT,
    UNIQUE (subscription_id, event_id))`,
  "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'",
  'CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, status, finished_at)',
  "CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (finished_at) WHERE status = 'delivered'",
]

export const webhooks: DialectSql = {
  sqlite: [...tables, 'CREATE INDEX outbox_batches_delivered ON outbox_batches (delivered_at)'],
  postgres: [
    ...tables,
    'CREATE INDEX outbox_pending ON outbox (id) WHERE delivered_at IS NULL',
    'CREATE INDEX outbox_delivered ON outbox (delivered_at)',
  ],
}
