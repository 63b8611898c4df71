/**
 * Detects saved-segment entries and exits for webhook subscriptions (ADR 0117), in the background
 * of every dispatching node. Each pass finds the segments some enabled subscription names,
 * forgets the stored members of the others, and re-evaluates each watched segment that is due:
 * every `refreshMs` (time-window rules change membership with no event), or `afterCommitMs` after
 * a commit of this node touched its company. The store diffs and writes transitions in one
 * transaction per segment; the dispatcher fans them out like events.
 */
import { uuidv7 } from 'uuidv7'
import type { MetricOptions } from '../retrieval/metrics/metric-implementation.js'
import { assertInlinedSize } from '../segments/rule-limits.js'
import { parseRule } from '../segments/rule-parser.js'
import { expandSegments } from '../segments/segment-expander.js'
import { allSegmentMembers } from '../segments/segment-members.js'
import type { SavedSegment } from '../storage/segment-store.js'
import type { WatchedSegment } from '../storage/segment-watch-store.js'
import type { Store } from '../storage/store.js'
import { watchesSegment } from './segment-match.js'

export interface SegmentWatcherOptions {
  /** Longest time a watched segment goes without evaluation. */
  refreshMs: number
  /** Shortest time between evaluations of a segment whose company had a commit since. */
  afterCommitMs: number
  metricOptions: MetricOptions
  /** Transitions were written: the dispatcher should fan them out now. */
  onTransitions: () => void
  log: { warn(obj: object, msg: string): void }
}

const MAX_ERROR_BACKOFF_MS = 60_000

export class SegmentWatcher {
  readonly #store: Store
  readonly #options: SegmentWatcherOptions
  /** Latest commit time of this node, by company. */
  readonly #committedAt = new Map<string, number>()
  #timer: NodeJS.Timeout | undefined
  #pass: Promise<void> | undefined
  #stopped = false
  #errors = 0

  constructor(store: Store, options: SegmentWatcherOptions) {
    this.#store = store
    this.#options = options
  }

  start(): void {
    this.#schedule(0)
  }

  /** A commit stored events of these companies. */
  committed(companyIds: Iterable<string>, at: number): void {
    for (const id of companyIds) this.#committedAt.set(id, at)
  }

  async stop(): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    await this.#pass
  }

  /** One pass over the watched segments (the timer calls it; tests may too). */
  async runOnce(now = Date.now()): Promise<void> {
    const subscriptions = await this.#store.webhooks.segmentSubscriptions()
    const companies = new Set(subscriptions.map((s) => s.companyId))
    const watched: SavedSegment[] = []
    for (const companyId of companies) {
      const mine = subscriptions.filter((s) => s.companyId === companyId)
      for (const segment of await this.#store.segments.list(companyId)) {
        if (mine.some((s) => watchesSegment(s, segment.id))) watched.push(segment)
      }
    }
    await this.#store.segmentWatch.forgetExcept(watched.map((s) => s.id))
    let written = false
    for (const segment of watched) {
      if (this.#stopped) break
      const result = await this.#evaluate(segment, now).catch((error: unknown) => {
        // One broken rule (a segment it names was deleted) must not stop the others.
        this.#options.log.warn({ err: error, segment: segment.id }, 'segment evaluation failed')
        return undefined
      })
      if (result && !result.silent && result.entered + result.exited > 0) written = true
    }
    if (written) this.#options.onTransitions()
  }

  #evaluate(segment: SavedSegment, now: number) {
    const { refreshMs, afterCommitMs, metricOptions } = this.#options
    const committed = this.#committedAt.get(segment.companyId)
    // Due when older than refreshMs, or older than this node's last commit for the company
    // (but not more often than afterCommitMs).
    const staleBefore =
      committed === undefined
        ? now - refreshMs
        : Math.max(now - refreshMs, Math.min(committed - 1, now - afterCommitMs))
    const watched: WatchedSegment = {
      companyId: segment.companyId,
      segmentId: segment.id,
      segmentName: segment.name,
    }
    return this.#store.segmentWatch.evaluate(watched, {
      now,
      staleBefore,
      newId: () => `str_${uuidv7()}`,
      members: async () => {
        const rule = await expandSegments(parseRule(segment.rule), this.#store.segments, segment.companyId)
        assertInlinedSize(rule)
        return allSegmentMembers(rule, {
          read: this.#store.readSide,
          companyId: segment.companyId,
          now,
          metricOptions,
        })
      },
    })
  }

  #schedule(ms: number): void {
    if (this.#stopped) return
    this.#timer = setTimeout(() => {
      this.#pass = this.runOnce()
        .then(() => {
          this.#errors = 0
        })
        .catch((error: unknown) => {
          this.#errors++
          this.#options.log.warn({ err: error }, 'segment watch failed; retrying')
        })
        .finally(() => {
          this.#pass = undefined
          const wait = Math.min(this.#options.afterCommitMs, this.#options.refreshMs)
          this.#schedule(this.#errors === 0 ? wait : Math.min(MAX_ERROR_BACKOFF_MS, wait * 2 ** this.#errors))
        })
    }, ms)
    this.#timer.unref()
  }
}
