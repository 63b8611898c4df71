/**
 * Segment entry/exit webhooks (ADR 0117). A subscription may name segment transitions
 * (`webhook_subscriptions.segments`, JSON). Watched segments keep their last evaluated members
 * (`segment_memberships`) and when they were evaluated (`segment_watch`, one row per segment: the
 * row PostgreSQL nodes lock with SKIP LOCKED). Each entry or exit found is a row of
 * `segment_transitions` — the second outbox the dispatcher fans out — and its deliveries are
 * ordinary `webhook_deliveries` rows with `source = 'segment'` (their `event_id` is the
 * transition id). `segment_quiet` holds, per running or recent backfill, until when it silences its company's
 * evaluations.
 */
import type { DialectSql } from './dialect-sql.js'

const statements = [
  'ALTER TABLE webhook_subscriptions ADD COLUMN segments TEXT',
  "ALTER TABLE webhook_deliveries ADD COLUMN source TEXT NOT NULL DEFAULT 'event'",
  `CREATE TABLE segment_watch (
    segment_id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL,
    evaluated_at BIGINT NOT NULL)`,
  `CREATE TABLE segment_memberships (
    segment_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    PRIMARY KEY (segment_id, customer_id))`,
  `CREATE TABLE segment_transitions (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL,
    segment_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    transition TEXT NOT NULL,
    detected_at BIGINT NOT NULL,
    body TEXT NOT NULL,
    fanned_out_at BIGINT)`,
  'CREATE INDEX segment_transitions_pending ON segment_transitions (id) WHERE fanned_out_at IS NULL',
  'CREATE INDEX segment_transitions_fanned_out ON segment_transitions (fanned_out_at)',
  `CREATE TABLE segment_quiet (
    company_id TEXT NOT NULL,
    backfill_id TEXT NOT NULL,
    quiet_until BIGINT NOT NULL,
    PRIMARY KEY (company_id, backfill_id))`,
]

export const segmentTransitions: DialectSql = { sqlite: statements, postgres: statements }
