/**
 * The SQLite write path proper: one IMMEDIATE transaction per group commit, on whichever thread
 * owns the connection (normally the writer thread, `sqlite-writer-thread.ts`). Dedup is the unique
 * index on (company_id, event_id): `ON CONFLICT DO NOTHING` tells new rows from repeats.
 *
 * Rows are written one prepared statement each, in request order. (Multi-row `INSERT … VALUES
 * (…), (…)` of 64 rows was measured slower here — 15–17 µs vs 11–15 µs a row on tmpfs — and
 * needs RETURNING to tell new rows from repeats.)
 *
 * The per-customer timeline and aggregates are not touched per event: the fold (`sqlite-fold.ts`,
 * ADR 0106) adds whole ranges of the log to both after the commit. The one exception is an event
 * the fold already passed while it had no customer, linked now by identity resolution: it goes
 * into both right here, in the commit that links it.
 *
 * The customer directory (ADR 0119) is kept here, in the commit: a row when a customer is first
 * seen (a set lookup for customers this writer already knows) and the values of their attribute
 * events merged in.
 *
 * Outbox: ONE row per transaction in `outbox_batches` — the range of `events.seq` it appended
 * (`first_seq`…`last_seq`, `events` rows; the event log is append-only and a write transaction
 * holds the only write lock, so the range is exactly this commit's new events). The webhook
 * drainer reads `events WHERE seq BETWEEN first_seq AND last_seq` and stamps `delivered_at`.
 */
import type { Database, Statement } from 'better-sqlite3'
import { AggregateDeltas } from '../aggregate-deltas.js'
import {
  DIRECTORY_ATTRIBUTE_EVENTS,
  type DirectoryValue,
  directoryValuesOf,
  KnownCustomerCache,
  mergeDirectoryValues,
} from '../customer-directory.js'
import { denseFacts, EVENT_FACTS } from '../event-facts.js'
import { resolveOwner, teachesIdentifiers, teachIdentifiers } from '../identity-owner.js'
import { QUIET_KEPT_MS } from '../segment-watch-store.js'
import type { CommitOptions, EventRow, IdentityConflict, RowOutcome } from '../store.js'
import { DEFAULT_FOLD_POLICY, type FoldPolicy, SqliteFold } from './sqlite-fold.js'

interface ExistingEvent {
  content_hash: string
  customer_id: string | null
}

interface PendingRow {
  event_id: string
  event_name: string
  event_ts: number
}

const EVENT_COLUMNS = `(company_id, event_id, event_name, source_module, schema_version, customer_id,
  event_ts, received_at, sent_at, content_hash, body, ${EVENT_FACTS.map((fact) => fact.column).join(', ')})`
const EVENT_VALUES = `(${new Array(11 + EVENT_FACTS.length).fill('?').join(', ')})`

export class SqliteBatchWriter {
  readonly #insertEvent: Statement
  readonly #selectEvent: Statement<[string, string], ExistingEvent>
  readonly #selectIdentity: Statement<[string, string, string], { customer_id: string }>
  readonly #insertIdentity: Statement
  readonly #insertPending: Statement
  readonly #selectPending: Statement<[string, string, string], PendingRow>
  readonly #linkEvent: Statement<[string, string, string], { seq: number; event_ts: number }>
  readonly #insertTimeline: Statement
  readonly #deletePending: Statement
  readonly #insertConflict: Statement
  readonly #insertOutbox: Statement
  readonly #pruneQuiet: Statement
  readonly #upsertQuiet: Statement
  readonly #upsertAggregate: Statement
  readonly #insertDirectory: Statement
  readonly #selectDirectoryValues: Statement<[string, string], { attribute_values: string }>
  readonly #upsertDirectoryValues: Statement
  readonly #selectBody: Statement<[number], { body: string }>
  readonly #knownCustomers = new KnownCustomerCache()
  /** Customers the running transaction gave a directory row: forgotten if it rolls back. */
  #sightedNow: [string, string][] = []
  readonly #transaction: (rows: readonly EventRow[], options: CommitOptions) => Batch
  /** Folds the log into the timeline and aggregates; the caller runs it between commits. */
  readonly fold: SqliteFold

  constructor(db: Database, foldPolicy: FoldPolicy = DEFAULT_FOLD_POLICY) {
    this.#insertEvent = db.prepare(
      `INSERT INTO events ${EVENT_COLUMNS} VALUES ${EVENT_VALUES}
       ON CONFLICT (company_id, event_id) DO NOTHING`,
    )
    this.#selectEvent = db.prepare(
      'SELECT content_hash, customer_id FROM events WHERE company_id = ? AND event_id = ?',
    )
    this.#selectIdentity = db.prepare(
      'SELECT customer_id FROM identities WHERE company_id = ? AND kind = ? AND value = ?',
    )
    this.#insertIdentity = db.prepare(
      'INSERT INTO identities (company_id, kind, value, customer_id, source_event_id) VALUES (?, ?, ?, ?, ?)',
    )
    this.#insertPending = db.prepare(
      `INSERT INTO pending_identities (company_id, kind, value, event_id, event_name, event_ts)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    )
    this.#selectPending = db.prepare(
      'SELECT event_id, event_name, event_ts FROM pending_identities WHERE company_id = ? AND kind = ? AND value = ?',
    )
    this.#linkEvent = db.prepare(
      `UPDATE events SET customer_id = ? WHERE company_id = ? AND event_id = ? AND customer_id IS NULL
       RETURNING seq, event_ts`,
    )
    this.#insertTimeline = db.prepare(
      `INSERT INTO customer_timeline (company_id, customer_id, event_ts, seq) VALUES (?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    )
    this.#deletePending = db.prepare('DELETE FROM pending_identities WHERE company_id = ? AND event_id = ?')
    this.#insertConflict = db.prepare(
      `INSERT INTO identity_conflicts (company_id, kind, value, customer_id, other_customer_id, event_id, detected_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    this.#insertOutbox = db.prepare(
      'INSERT INTO outbox_batches (first_seq, last_seq, events, created_at) VALUES (?, ?, ?, ?)',
    )
    this.#upsertAggregate = db.prepare(
      `INSERT INTO customer_aggregates (company_id, customer_id, event_name, events_count, first_event_ts, last_event_ts)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (company_id, customer_id, event_name) DO UPDATE SET
         events_count = events_count + excluded.events_count,
         first_event_ts = min(first_event_ts, excluded.first_event_ts),
         last_event_ts = max(last_event_ts, excluded.last_event_ts)`,
    )
    this.#insertDirectory = db.prepare(
      'INSERT INTO customer_directory (company_id, customer_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
    )
    this.#selectDirectoryValues = db.prepare(
      'SELECT attribute_values FROM customer_directory WHERE company_id = ? AND customer_id = ?',
    )
    this.#upsertDirectoryValues = db.prepare(
      `INSERT INTO customer_directory (company_id, customer_id, attribute_text, attribute_values) VALUES (?, ?, ?, ?)
       ON CONFLICT (company_id, customer_id) DO UPDATE SET
         attribute_text = excluded.attribute_text, attribute_values = excluded.attribute_values`,
    )
    this.#selectBody = db.prepare('SELECT body FROM events WHERE seq = ?')
    this.#pruneQuiet = db.prepare('DELETE FROM segment_quiet WHERE quiet_until < ?')
    this.#upsertQuiet = db.prepare(
      `INSERT INTO segment_quiet (company_id, backfill_id, quiet_until) VALUES (?, ?, ?)
       ON CONFLICT (company_id, backfill_id) DO UPDATE SET quiet_until = excluded.quiet_until`,
    )
    // IMMEDIATE takes the write lock up front, so a busy store fails before anything is written.
    this.#transaction = db.transaction((rows, options) => this.#write(rows, options)).immediate
    this.fold = new SqliteFold(db, foldPolicy)
  }

  commit(rows: readonly EventRow[], options: CommitOptions): RowOutcome[] {
    const sighted: [string, string][] = []
    this.#sightedNow = sighted
    let batch: Batch
    try {
      batch = this.#transaction(rows, options)
    } catch (error) {
      this.#knownCustomers.forget(sighted)
      throw error
    }
    if (batch.appended > 0) this.fold.appended(batch.lastSeq)
    return batch.outcomes
  }

  #write(rows: readonly EventRow[], options: CommitOptions): Batch {
    const batch = new Batch(rows, options.receivedAt)
    for (let i = 0; i < rows.length; i++) this.#writeOne(batch, i)
    for (const d of batch.linkedDeltas.sorted()) {
      this.#upsertAggregate.run(d.companyId, d.customerId, d.eventName, d.count, d.firstTs, d.lastTs)
    }
    if (options.outbox !== false && batch.appended > 0) {
      this.#insertOutbox.run(batch.firstSeq, batch.lastSeq, batch.appended, options.receivedAt)
    }
    const quiet = options.segmentQuiet
    if (quiet) {
      this.#pruneQuiet.run(quiet.until - QUIET_KEPT_MS)
      this.#upsertQuiet.run(quiet.companyId, quiet.backfillId, quiet.until)
    }
    return batch
  }

  #writeOne(batch: Batch, i: number): void {
    const row = batch.rows[i]!
    let customerId = row.customerId
    const conflicts: IdentityConflict[] = []
    if (customerId === null && row.identifiers.length > 0) customerId = this.#resolve(row, conflicts)

    const inserted = this.#insertEvent.run(
      row.companyId,
      row.eventId,
      row.eventName,
      row.sourceModule,
      row.schemaVersion,
      customerId,
      row.eventTs,
      batch.receivedAt,
      row.sentAt,
      row.contentHash,
      row.body,
      ...denseFacts(row.facts),
    )
    if (inserted.changes === 0) {
      batch.outcomes[i] = this.#repeat(row)
      return
    }
    batch.appendedSeq(Number(inserted.lastInsertRowid))
    if (customerId === null) this.#park(row)
    else {
      this.#sight(row.companyId, customerId)
      this.#addDirectoryValues(row.companyId, customerId, directoryValuesOf(row.eventName, row.body))
    }
    if (teachesIdentifiers(row)) this.#index(row, batch.linkedDeltas, conflicts)
    for (const c of conflicts) {
      this.#insertConflict.run(
        row.companyId,
        c.kind,
        c.value,
        c.customerId,
        c.otherCustomerId,
        row.eventId,
        new Date(batch.receivedAt).toISOString(),
      )
    }
    batch.accepted(i, customerId, conflicts)
  }

  #repeat(row: EventRow): RowOutcome {
    const existing = this.#selectEvent.get(row.companyId, row.eventId)!
    return {
      status: existing.content_hash === row.contentHash ? 'duplicate' : 'conflict',
      customerId: existing.customer_id,
    }
  }

  /** The one customer the event's identifiers point to; none or several (a conflict) leave it unresolved. */
  #resolve(row: EventRow, conflicts: IdentityConflict[]): string | null {
    return resolveOwner(
      row,
      (id) => this.#selectIdentity.get(row.companyId, id.kind, id.value)?.customer_id,
      conflicts,
    )
  }

  /** The customer's directory row, written once: later events of a known customer skip it. */
  #sight(companyId: string, customerId: string): void {
    if (this.#knownCustomers.has(companyId, customerId)) return
    this.#insertDirectory.run(companyId, customerId)
    this.#knownCustomers.add(companyId, customerId)
    this.#sightedNow.push([companyId, customerId])
  }

  #addDirectoryValues(companyId: string, customerId: string, values: readonly DirectoryValue[]): void {
    if (values.length === 0) return
    const stored = this.#selectDirectoryValues.get(companyId, customerId)?.attribute_values ?? null
    const merged = mergeDirectoryValues(stored, values)
    if (merged.attributeValues === stored) return
    this.#upsertDirectoryValues.run(companyId, customerId, merged.attributeText, merged.attributeValues)
  }

  #park(row: EventRow): void {
    for (const id of row.identifiers) {
      this.#insertPending.run(row.companyId, id.kind, id.value, row.eventId, row.eventName, row.eventTs)
    }
  }

  /**
   * A CDP event with a customer id teaches the resolver its identifiers and links waiting events.
   * A linked event the fold has already passed goes into the timeline and `deltas` here.
   */
  #index(
    row: EventRow & { customerId: string },
    deltas: AggregateDeltas,
    conflicts: IdentityConflict[],
  ): void {
    const customerId = row.customerId
    teachIdentifiers(
      row,
      (id) => this.#selectIdentity.get(row.companyId, id.kind, id.value)?.customer_id,
      (id) => {
        this.#insertIdentity.run(row.companyId, id.kind, id.value, customerId, row.eventId)
        for (const pending of this.#selectPending.all(row.companyId, id.kind, id.value)) {
          const linked = this.#linkEvent.get(customerId, row.companyId, pending.event_id)
          if (linked && linked.seq <= this.fold.watermark()) {
            this.#insertTimeline.run(row.companyId, customerId, linked.event_ts, linked.seq)
            deltas.add(row.companyId, customerId, pending.event_name, linked.event_ts)
          }
          if (linked && DIRECTORY_ATTRIBUTE_EVENTS.includes(pending.event_name)) {
            const { body } = this.#selectBody.get(linked.seq)!
            this.#addDirectoryValues(row.companyId, customerId, directoryValuesOf(pending.event_name, body))
          }
          this.#deletePending.run(row.companyId, pending.event_id)
        }
      },
      conflicts,
    )
  }
}

/** What one transaction has written so far. */
class Batch {
  readonly outcomes: RowOutcome[]
  /** Aggregates of already-folded events this commit linked to a customer. */
  readonly linkedDeltas = new AggregateDeltas()
  firstSeq = Number.POSITIVE_INFINITY
  lastSeq = 0
  appended = 0

  constructor(
    readonly rows: readonly EventRow[],
    readonly receivedAt: number,
  ) {
    this.outcomes = new Array(rows.length)
  }

  appendedSeq(seq: number): void {
    this.appended++
    if (seq < this.firstSeq) this.firstSeq = seq
    if (seq > this.lastSeq) this.lastSeq = seq
  }

  accepted(i: number, customerId: string | null, conflicts: IdentityConflict[] = []): void {
    this.outcomes[i] = {
      status: 'accepted',
      customerId,
      ...(conflicts.length > 0 && { identityConflicts: conflicts }),
    }
  }
}
