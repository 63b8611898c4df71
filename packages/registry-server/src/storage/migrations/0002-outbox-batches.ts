/**
 * SQLite: one outbox row per group commit instead of one per event — the range of `events.seq`
 * (the append-only log's rowid) that the commit appended. PostgreSQL keeps its per-event
 * `outbox` (its partitioned event log has no global sequence). The old SQLite `outbox` table
 * stays for rows written before this migration; `StoreInspection.outbox()` reads both.
 */
import type { DialectSql } from './dialect-sql.js'

export const outboxBatches: DialectSql = {
  sqlite: [
    `CREATE TABLE outbox_batches (
      id INTEGER PRIMARY KEY,
      first_seq INTEGER NOT NULL,
      last_seq INTEGER NOT NULL,
      events INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      delivered_at INTEGER)`,
    'CREATE INDEX outbox_batches_pending ON outbox_batches (id) WHERE delivered_at IS NULL',
  ],
  postgres: [],
}
