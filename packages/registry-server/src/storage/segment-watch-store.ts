/**
 * The storage port of segment entry/exit detection (ADR 0117): the last evaluated members of each
 * watched segment, and the transitions found by diffing a new evaluation against them. Each
 * backend implements it (`sqlite/sqlite-segment-watch.ts`, `postgres/postgres-segment-watch.ts`);
 * the diff and the transition rows are built here so both write the same thing. Times are epoch ms.
 */
import type { SegmentTransition, SegmentTransitionName } from './webhook-store.js'

export interface WatchedSegment {
  companyId: string
  segmentId: string
  segmentName: string
}

export interface SegmentEvaluation {
  entered: number
  exited: number
  /** Membership was recorded without writing transitions (first evaluation, or after a backfill). */
  silent: boolean
}

export interface EvaluateRequest {
  now: number
  /** Evaluate only when the last evaluation was at or before this (otherwise: not due). */
  staleBefore: number
  /** The segment's members now (the compiled rule); called only when the evaluation goes ahead. */
  members: () => Promise<readonly string[]>
  newId: () => string
}

export interface SegmentWatchStore {
  /**
   * Evaluates one segment unless another node is at it or it is not due: diffs `members()` against
   * the stored members, stores the new ones and writes one transition per entry and exit — in one
   * transaction, so two nodes never write the same transition. The first evaluation of a segment,
   * and one whose previous evaluation is at or before the company's latest backfill quiet window
   * (`CommitOptions.segmentQuiet`), stores the members without transitions. Undefined when it did
   * not run.
   */
  evaluate(segment: WatchedSegment, request: EvaluateRequest): Promise<SegmentEvaluation | undefined>
  /** Drops the stored members of segments not in `watched`: watching one again starts silently. */
  forgetExcept(watched: readonly string[]): Promise<number>
}

export interface TransitionInsert extends SegmentTransition {
  /** The `segment_transition` object of the delivery body, as JSON text. */
  body: string
}

/** Who entered (members now but not before) and who exited (before but not now). */
export function diffMembers(
  before: ReadonlySet<string>,
  now: readonly string[],
): { entered: string[]; exited: string[] } {
  const current = new Set(now)
  return {
    entered: [...current].filter((id) => !before.has(id)),
    exited: [...before].filter((id) => !current.has(id)),
  }
}

export function transitionInserts(
  segment: WatchedSegment,
  diff: { entered: readonly string[]; exited: readonly string[] },
  detectedAt: number,
  newId: () => string,
): TransitionInsert[] {
  const make = (customerId: string, transition: SegmentTransitionName): TransitionInsert => {
    const id = newId()
    return {
      id,
      companyId: segment.companyId,
      segmentId: segment.segmentId,
      customerId,
      transition,
      detectedAt,
      body: JSON.stringify({
        type: transition,
        transition_id: id,
        company_id: segment.companyId,
        segment_id: segment.segmentId,
        segment_name: segment.segmentName,
        customer_id: customerId,
        detected_at: new Date(detectedAt).toISOString(),
      }),
    }
  }
  return [
    ...diff.entered.map((c) => make(c, 'segment.entered')),
    ...diff.exited.map((c) => make(c, 'segment.exited')),
  ]
}

/** Backfill quiet windows are kept this long after they end, then pruned. */
export const QUIET_KEPT_MS = 24 * 3600 * 1000

/** True when this evaluation only records membership (see `SegmentWatchStore.evaluate`). */
export function isSilent(previousEvaluation: number | undefined, quietUntil: number | undefined): boolean {
  return previousEvaluation === undefined || (quietUntil !== undefined && previousEvaluation <= quietUntil)
}
