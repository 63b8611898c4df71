/**
 * SQLite segment watch. One process owns a SQLite file, so evaluations need no row locks: the
 * rule is answered first (a read), then the diff and its writes are one IMMEDIATE transaction
 * that re-checks nothing evaluated the segment in between.
 */
import type { Database } from 'better-sqlite3'
import * as watch from '../segment-watch-store.js'

export class SqliteSegmentWatch implements watch.SegmentWatchStore {
  constructor(readonly db: Database) {}

  async evaluate(
    segment: watch.WatchedSegment,
    request: watch.EvaluateRequest,
  ): Promise<watch.SegmentEvaluation | undefined> {
    const previous = this.#evaluatedAt(segment.segmentId)
    if (previous !== undefined && previous > request.staleBefore) return undefined
    const members = await request.members()
    return this.db
      .transaction((): watch.SegmentEvaluation | undefined => {
        if (this.#evaluatedAt(segment.segmentId) !== previous) return undefined
        const quiet =
          this.db
            .prepare<[string], { quiet_until: number | null }>(
              'SELECT max(quiet_until) AS quiet_until FROM segment_quiet WHERE company_id = ?',
            )
            .get(segment.companyId)?.quiet_until ?? undefined
        const silent = watch.isSilent(previous, quiet)
        const before = new Set(
          this.db
            .prepare<[string], { customer_id: string }>(
              'SELECT customer_id FROM segment_memberships WHERE segment_id = ?',
            )
            .all(segment.segmentId)
            .map((r) => r.customer_id),
        )
        const diff = watch.diffMembers(before, members)
        const enter = this.db.prepare(
          'INSERT INTO segment_memberships (segment_id, customer_id) VALUES (?, ?)',
        )
        for (const c of diff.entered) enter.run(segment.segmentId, c)
        const exit = this.db.prepare(
          'DELETE FROM segment_memberships WHERE segment_id = ? AND customer_id = ?',
        )
        for (const c of diff.exited) exit.run(segment.segmentId, c)
        if (!silent) {
          const write = this.db.prepare(
            `INSERT INTO segment_transitions (id, company_id, segment_id, customer_id, transition, detected_at, body)
             VALUES (?, ?, ?, ?, ?, ?, ?)`,
          )
          for (const t of watch.transitionInserts(segment, diff, request.now, request.newId))
            write.run(t.id, t.companyId, t.segmentId, t.customerId, t.transition, t.detectedAt, t.body)
        }
        this.db
          .prepare(
            `INSERT INTO segment_watch (segment_id, company_id, evaluated_at) VALUES (?, ?, ?)
             ON CONFLICT (segment_id) DO UPDATE SET evaluated_at = excluded.evaluated_at`,
          )
          .run(segment.segmentId, segment.companyId, request.now)
        return { entered: diff.entered.length, exited: diff.exited.length, silent }
      })
      .immediate()
  }

  async forgetExcept(watched: readonly string[]): Promise<number> {
    const keep = JSON.stringify(watched)
    // Look before taking the write lock: most passes have nothing to forget, and the lock would
    // make this thread wait for the ingest writer's commit.
    const stale = this.db
      .prepare('SELECT 1 FROM segment_watch WHERE segment_id NOT IN (SELECT value FROM json_each(?)) LIMIT 1')
      .get(keep)
    if (!stale) return 0
    return this.db
      .transaction(() => {
        this.db
          .prepare('DELETE FROM segment_memberships WHERE segment_id NOT IN (SELECT value FROM json_each(?))')
          .run(keep)
        return this.db
          .prepare('DELETE FROM segment_watch WHERE segment_id NOT IN (SELECT value FROM json_each(?))')
          .run(keep).changes
      })
      .immediate()
  }

  #evaluatedAt(segmentId: string): number | undefined {
    return this.db
      .prepare<[string], { evaluated_at: number }>(
        'SELECT evaluated_at FROM segment_watch WHERE segment_id = ?',
      )
      .get(segmentId)?.evaluated_at
  }
}
