/**
 * SQLite: the per-customer timeline index and the per-customer aggregates are folded from the
 * event log in batches behind a watermark instead of row by row in every commit (ADR 0106).
 *
 * `customer_timeline` replaces the `events_customer_timeline` index: the same key, in a table the
 * writer fills in key order for thousands of events at once, so each leaf page is written once
 * per fold instead of once per event. `fold_state.folded_seq` is the last `events.seq` folded
 * into both; reads add the events above it, so they never miss a committed event. Existing rows
 * are folded here, so the watermark starts at the end of the log. PostgreSQL is unchanged.
 */
import type { DialectSql } from './dialect-sql.js'

export const sqliteFoldedTimeline: DialectSql = {
  sqlite: [
    `CREATE TABLE customer_timeline (
      company_id TEXT NOT NULL,
      customer_id TEXT NOT NULL,
      event_ts INTEGER NOT NULL,
      seq INTEGER NOT NULL,
      PRIMARY KEY (company_id, customer_id, event_ts, seq)) WITHOUT ROWID`,
    `INSERT INTO customer_timeline (company_id, customer_id, event_ts, seq)
      SELECT company_id, customer_id, event_ts, seq FROM events WHERE customer_id IS NOT NULL
      ORDER BY company_id, customer_id, event_ts, seq`,
    `CREATE TABLE fold_state (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      folded_seq INTEGER NOT NULL)`,
    'INSERT INTO fold_state (id, folded_seq) SELECT 1, coalesce(max(seq), 0) FROM events',
    'DROP INDEX events_customer_timeline',
  ],
  postgres: [],
}
