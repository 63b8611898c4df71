/**
 * PostgreSQL segment watch. Several nodes evaluate the same segments: each evaluation locks the
 * segment's `segment_watch` row with `FOR UPDATE SKIP LOCKED`, re-checks it is still due, answers
 * the rule, and writes the diff and its transitions before releasing the lock — so a transition
 * is written by one node once, and a node never waits for another.
 */
import type pg from 'pg'
import * as watch from '../segment-watch-store.js'
import { inTransaction } from './pg-transaction.js'

/** `segment_watch.evaluated_at` of a row made only to be locked: never evaluated. */
const NEVER = -1

export class PostgresSegmentWatch implements watch.SegmentWatchStore {
  constructor(readonly pool: pg.Pool) {}

  async evaluate(
    segment: watch.WatchedSegment,
    request: watch.EvaluateRequest,
  ): Promise<watch.SegmentEvaluation | undefined> {
    const { rows: seen } = await this.pool.query<{ evaluated_at: string }>(
      'SELECT evaluated_at FROM segment_watch WHERE segment_id = $1',
      [segment.segmentId],
    )
    if (seen[0] && Number(seen[0].evaluated_at) > request.staleBefore) return undefined
    if (!seen[0]) {
      await this.pool.query(
        `INSERT INTO segment_watch (segment_id, company_id, evaluated_at) VALUES ($1, $2, $3)
         ON CONFLICT (segment_id) DO NOTHING`,
        [segment.segmentId, segment.companyId, NEVER],
      )
    }
    return inTransaction(this.pool, async (client) => {
      const { rows: locked } = await client.query<{ evaluated_at: string }>(
        'SELECT evaluated_at FROM segment_watch WHERE segment_id = $1 FOR UPDATE SKIP LOCKED',
        [segment.segmentId],
      )
      if (!locked[0]) return undefined
      const last = Number(locked[0].evaluated_at)
      if (last > request.staleBefore) return undefined
      const { rows: quiet } = await client.query<{ quiet_until: string | null }>(
        'SELECT max(quiet_until) AS quiet_until FROM segment_quiet WHERE company_id = $1',
        [segment.companyId],
      )
      const quietUntil = quiet[0]?.quiet_until
      const silent = watch.isSilent(
        last === NEVER ? undefined : last,
        quietUntil == null ? undefined : Number(quietUntil),
      )
      // Answered after the lock: a snapshot older than another node's last write would undo it.
      const members = await request.members()
      const { rows: stored } = await client.query<{ customer_id: string }>(
        'SELECT customer_id FROM segment_memberships WHERE segment_id = $1',
        [segment.segmentId],
      )
      const diff = watch.diffMembers(new Set(stored.map((r) => r.customer_id)), members)
      if (diff.exited.length > 0) {
        await client.query(
          'DELETE FROM segment_memberships WHERE segment_id = $1 AND customer_id = ANY($2::text[])',
          [segment.segmentId, diff.exited],
        )
      }
      if (diff.entered.length > 0) {
        await client.query(
          'INSERT INTO segment_memberships (segment_id, customer_id) SELECT $1, unnest($2::text[])',
          [segment.segmentId, diff.entered],
        )
      }
      const transitions = silent ? [] : watch.transitionInserts(segment, diff, request.now, request.newId)
      if (transitions.length > 0) {
        await client.query(
          `INSERT INTO segment_transitions (id, company_id, segment_id, customer_id, transition, detected_at, body)
           SELECT i, $2, $3, c, t, $4, b FROM unnest($1::text[], $5::text[], $6::text[], $7::text[]) AS u(i, c, t, b)`,
          [
            transitions.map((t) => t.id),
            segment.companyId,
            segment.segmentId,
            request.now,
            transitions.map((t) => t.customerId),
            transitions.map((t) => t.transition),
            transitions.map((t) => t.body),
          ],
        )
      }
      await client.query('UPDATE segment_watch SET evaluated_at = $1 WHERE segment_id = $2', [
        request.now,
        segment.segmentId,
      ])
      return { entered: diff.entered.length, exited: diff.exited.length, silent }
    })
  }

  async forgetExcept(watched: readonly string[]): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      await client.query('DELETE FROM segment_memberships WHERE NOT (segment_id = ANY($1::text[]))', [
        watched,
      ])
      const { rowCount } = await client.query(
        'DELETE FROM segment_watch WHERE NOT (segment_id = ANY($1::text[]))',
        [watched],
      )
      return rowCount ?? 0
    })
  }
}
