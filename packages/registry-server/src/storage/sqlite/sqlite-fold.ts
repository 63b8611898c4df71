/**
 * The fold (ADR 0106): copies the event log's newest rows into the per-customer timeline table
 * and the per-customer aggregates, thousands of events per transaction, in key order, then moves
 * the watermark `fold_state.folded_seq`. Each touched leaf page is written once per fold instead
 * of once per event, which is most of what a SQLite commit costs at ingest rates.
 *
 * Reads stay exact without waiting for it: a timeline or aggregate read takes the folded part
 * and adds the events above the watermark (`sqlite-reads.ts`), in one statement, so one snapshot.
 * A fold is idempotent in effect: the copy and the watermark move commit together, and the range
 * is read back from the database in the same transaction, so a crash, a failed fold or a second
 * process on the same file leaves nothing half-folded or folded twice.
 */
import type { Database, Statement } from 'better-sqlite3'

/**
 * When to fold. A fold costs less per event the more events it takes (each touched leaf page is
 * written once however many entries land in it), but it holds the write lock while it runs, so a
 * commit arriving meanwhile waits. Under light load the writer has idle gaps: it folds small and
 * often there, a short wait. Under heavy load the tail grows fast and the writer folds it big
 * and rarely, which is what keeps up with the load.
 */
export interface FoldPolicy {
  /** Fold even with commits waiting once this many events are unfolded. */
  busyAfterEvents: number
  /**
   * In an idle gap (no commit waiting): fold a tail of at most `smallFoldEvents` once the last
   * fold is `intervalMs` old, and any tail once it is four times as old.
   */
  intervalMs: number
  smallFoldEvents: number
}

/**
 * Measured on the bench box: folds of ~8,000 events cost 13 µs an event, of ~16,000 8.5 µs, of
 * ~35,000–65,000 less again (the whole server: 34k → 39k events/s). At 10,000 events/s the
 * writer folds ~2,500 events (~30 ms) four times a second, which keeps the p99 there far below
 * 250 ms; at full rate it folds ~35,000 once a second (~0.3 s), or 65,536 when it gets no gap.
 * The unfolded tail, which reads scan by `seq`, stays under 65,536 rows (~10 ms).
 */
export const DEFAULT_FOLD_POLICY: FoldPolicy = {
  busyAfterEvents: 65_536,
  intervalMs: 250,
  smallFoldEvents: 4_096,
}

/** The most events one fold transaction takes, so catching up on a long tail stays in steps. */
const MAX_FOLD_EVENTS = 65_536

export class SqliteFold {
  readonly #policy: FoldPolicy
  readonly #readWatermark: Statement<[], number>
  readonly #readLastSeq: Statement<[], number>
  readonly #foldTimeline: Statement<[number, number]>
  readonly #foldAggregates: Statement<[number, number]>
  readonly #writeWatermark: Statement<[number]>
  readonly #transaction: () => number
  /** What this connection last saw: enough to decide when a fold is due. */
  #foldedSeq: number
  #lastSeq: number
  #lastFoldAt = performance.now()

  constructor(db: Database, policy: FoldPolicy = DEFAULT_FOLD_POLICY) {
    this.#policy = policy
    this.#readWatermark = db.prepare<[], number>('SELECT folded_seq FROM fold_state').pluck()
    this.#readLastSeq = db.prepare<[], number>('SELECT coalesce(max(seq), 0) FROM events').pluck()
    this.#foldTimeline = db.prepare(
      `INSERT INTO customer_timeline (company_id, customer_id, event_ts, seq)
       SELECT company_id, customer_id, event_ts, seq FROM events
       WHERE seq > ? AND seq <= ? AND customer_id IS NOT NULL
       ORDER BY company_id, customer_id, event_ts, seq
       ON CONFLICT DO NOTHING`,
    )
    this.#foldAggregates = db.prepare(
      `INSERT INTO customer_aggregates (company_id, customer_id, event_name, events_count, first_event_ts, last_event_ts)
       SELECT company_id, customer_id, event_name, count(*), min(event_ts), max(event_ts) FROM events
       WHERE seq > ? AND seq <= ? AND customer_id IS NOT NULL
       GROUP BY company_id, customer_id, event_name
       ORDER BY company_id, customer_id, event_name
       ON CONFLICT (company_id, customer_id, event_name) DO UPDATE SET
         events_count = events_count + excluded.events_count,
         first_event_ts = min(first_event_ts, excluded.first_event_ts),
         last_event_ts = max(last_event_ts, excluded.last_event_ts)`,
    )
    this.#writeWatermark = db.prepare('UPDATE fold_state SET folded_seq = ?')
    // IMMEDIATE: the range is read under the write lock, so no commit can slip in below it.
    this.#transaction = db.transaction(() => {
      const from = this.#readWatermark.get()!
      const to = Math.min(this.#readLastSeq.get()!, from + MAX_FOLD_EVENTS)
      if (to > from) {
        this.#foldTimeline.run(from, to)
        this.#foldAggregates.run(from, to)
        this.#writeWatermark.run(to)
      }
      return to
    }).immediate
    this.#foldedSeq = this.#readWatermark.get()!
    this.#lastSeq = this.#readLastSeq.get()!
  }

  /** The watermark as the database has it now (in a write transaction: as it will stay). */
  watermark(): number {
    return this.#readWatermark.get()!
  }

  /** Events committed but not folded, as far as this connection knows. */
  get unfolded(): number {
    return Math.max(0, this.#lastSeq - this.#foldedSeq)
  }

  /** Called after a commit that appended up to `seq`. */
  appended(seq: number): void {
    if (seq > this.#lastSeq) this.#lastSeq = seq
  }

  /** Whether a fold is due; `busy`: a commit is waiting for the writer. */
  due(busy: boolean): boolean {
    const unfolded = this.unfolded
    if (unfolded === 0) return false
    if (unfolded >= this.#policy.busyAfterEvents) return true
    if (busy) return false
    const age = performance.now() - this.#lastFoldAt
    const { intervalMs, smallFoldEvents } = this.#policy
    return age >= 4 * intervalMs || (age >= intervalMs && unfolded <= smallFoldEvents)
  }

  /** Runs one fold transaction (at most MAX_FOLD_EVENTS events); returns the new watermark. */
  fold(): number {
    const to = this.#transaction()
    this.#foldedSeq = to
    this.#lastFoldAt = performance.now()
    return to
  }

  /** Folds everything unfolded (shutdown); stops at the first failure, which reads do not need. */
  foldAll(): void {
    try {
      while (this.unfolded > 0) {
        const before = this.#foldedSeq
        if (this.fold() === before) return
      }
    } catch {
      // Left unfolded: the next start folds it.
    }
  }

  /** Folds when due; a failure (a busy or full disk) is left for the next try — reads do not need it. */
  foldIfDue(busy = false): boolean {
    if (!this.due(busy)) return false
    try {
      this.fold()
      return true
    } catch {
      this.#lastFoldAt = performance.now()
      return false
    }
  }
}
