/**
 * The first schema. Each migration carries the DDL of both backends side by side, so the two
 * stay the same tables with the same names; only types and partitioning differ.
 */
import type { DialectSql } from './dialect-sql.js'

const common = (text: string, ts: string, id: string, clustered: string): string[] => [
  `CREATE TABLE customer_aggregates (
    company_id ${text} NOT NULL,
    customer_id ${text} NOT NULL,
    event_name ${text} NOT NULL,
    events_count BIGINT NOT NULL,
    first_event_ts ${ts} NOT NULL,
    last_event_ts ${ts} NOT NULL,
    PRIMARY KEY (company_id, customer_id, event_name))${clustered}`,
  `CREATE TABLE identities (
    company_id ${text} NOT NULL,
    kind ${text} NOT NULL,
    value ${text} NOT NULL,
    customer_id ${text} NOT NULL,
    source_event_id ${text} NOT NULL,
    PRIMARY KEY (company_id, kind, value))${clustered}`,
  'CREATE INDEX identities_customer ON identities (company_id, customer_id)',
  `CREATE TABLE pending_identities (
    company_id ${text} NOT NULL,
    kind ${text} NOT NULL,
    value ${text} NOT NULL,
    event_id ${text} NOT NULL,
    event_name ${text} NOT NULL,
    event_ts ${ts} NOT NULL,
    PRIMARY KEY (company_id, kind, value, event_id))${clustered}`,
  'CREATE INDEX pending_identities_event ON pending_identities (company_id, event_id)',
  `CREATE TABLE identity_conflicts (
    id ${id},
    company_id ${text} NOT NULL,
    kind ${text} NOT NULL,
    value ${text} NOT NULL,
    customer_id ${text} NOT NULL,
    other_customer_id ${text} NOT NULL,
    event_id ${text} NOT NULL,
    detected_at ${text} NOT NULL)`,
  `CREATE TABLE api_keys (
    id ${text} PRIMARY KEY,
    key_hash ${text} NOT NULL UNIQUE,
    company_id ${text} NOT NULL,
    type ${text} NOT NULL,
    modules ${text} NOT NULL,
    role ${text},
    name ${text},
    created_at ${text} NOT NULL,
    revoked_at ${text})`,
  'CREATE INDEX api_keys_company ON api_keys (company_id)',
  `CREATE TABLE registered_schemas (
    name ${text} NOT NULL,
    version ${text} NOT NULL,
    module ${text} NOT NULL,
    json_schema ${text} NOT NULL,
    created_at ${text} NOT NULL,
    PRIMARY KEY (name, version))`,
  `CREATE TABLE outbox (
    id ${id},
    company_id ${text} NOT NULL,
    event_id ${text} NOT NULL,
    event_name ${text} NOT NULL,
    event_ts ${ts} NOT NULL,
    created_at ${ts} NOT NULL,
    delivered_at ${ts})`,
]

export const initial: DialectSql = {
  sqlite: [
    // seq is the rowid: appends in arrival order; the dedup key is a separate unique index.
    `CREATE TABLE events (
      seq INTEGER PRIMARY KEY,
      company_id TEXT NOT NULL,
      event_id TEXT NOT NULL,
      event_name TEXT NOT NULL,
      source_module TEXT NOT NULL,
      schema_version TEXT,
      customer_id TEXT,
      event_ts INTEGER NOT NULL,
      received_at INTEGER NOT NULL,
      sent_at INTEGER,
      content_hash TEXT NOT NULL,
      body TEXT NOT NULL)`,
    'CREATE UNIQUE INDEX events_dedup ON events (company_id, event_id)',
    'CREATE INDEX events_customer_timeline ON events (company_id, customer_id, event_ts) WHERE customer_id IS NOT NULL',
    'CREATE INDEX events_company_window ON events (company_id, event_name, event_ts)',
    // Keyed tables are clustered on their key (one B-tree per table, not two).
    ...common('TEXT', 'INTEGER', 'INTEGER PRIMARY KEY', ' WITHOUT ROWID'),
  ],
  postgres: [
    // Global dedup: a unique key on a partitioned table must contain the partition key, so the
    // (company_id, event_id) guard lives in its own unpartitioned table (ADR 0102).
    `CREATE TABLE event_keys (
      company_id TEXT NOT NULL,
      event_id TEXT NOT NULL,
      content_hash TEXT NOT NULL,
      event_ts TIMESTAMPTZ NOT NULL,
      PRIMARY KEY (company_id, event_id))`,
    `CREATE TABLE events (
      company_id TEXT NOT NULL,
      event_id TEXT NOT NULL,
      event_name TEXT NOT NULL,
      source_module TEXT NOT NULL,
      schema_version TEXT,
      customer_id TEXT,
      event_ts TIMESTAMPTZ NOT NULL,
      received_at TIMESTAMPTZ NOT NULL,
      sent_at TIMESTAMPTZ,
      content_hash TEXT NOT NULL,
      body JSONB NOT NULL,
      PRIMARY KEY (company_id, event_id, event_ts)
    ) PARTITION BY RANGE (event_ts)`,
    "CREATE TABLE events_before_2000 PARTITION OF events FOR VALUES FROM (MINVALUE) TO ('2000-01-01T00:00:00Z')",
    'CREATE INDEX events_customer_timeline ON events (company_id, customer_id, event_ts) WHERE customer_id IS NOT NULL',
    'CREATE INDEX events_company_window ON events (company_id, event_name, event_ts)',
    ...common('TEXT', 'TIMESTAMPTZ', 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY', ''),
  ],
}
