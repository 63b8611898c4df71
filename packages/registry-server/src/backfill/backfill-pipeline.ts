/**
 * POST /v1/backfill after auth: NDJSON lines → the same per-event checks as /v1/events → rows →
 * commits of up to `batchEvents` with the outbox off, so history never fires webhooks — neither
 * event webhooks nor segment entries/exits: each commit also sets this backfill's quiet window
 * (ADR 0117), so the first segment evaluation that sees its rows records them silently. It
 * streams: one batch is being committed while the next is parsed, and memory does not grow with
 * the stream. Re-sending a stream is safe (stored events come back as duplicates), which is how
 * an interrupted backfill resumes.
 */
import type { Readable } from 'node:stream'
import { uuidv7 } from 'uuidv7'
import type { Principal } from '../auth/authenticator.js'
import type { BackfillResponse, LineReject } from '../contract/ingest-contract.js'
import { check, type IngestDeps, isUnknownSchema, withCompanySsoId } from '../ingest/ingest-pipeline.js'
import type { EventRow, RowOutcome, Store } from '../storage/store.js'
import { ndjsonLines } from './ndjson-lines.js'

export type { BackfillResponse, LineReject } from '../contract/ingest-contract.js'

export interface BackfillDeps extends Omit<IngestDeps, 'committer'> {
  store: Store
}

export interface BackfillLimits {
  maxLineBytes: number
  batchEvents: number
  maxRejects: number
}

/**
 * How far past each commit's clock reading its quiet window reaches: a margin for an evaluation
 * that read the clock before the commit landed. A finished backfill closes its window at its end.
 */
const QUIET_AHEAD_MS = 60_000

export async function backfill(
  stream: Readable,
  principal: Principal,
  deps: BackfillDeps,
  limits: BackfillLimits,
): Promise<BackfillResponse> {
  const response: BackfillResponse = {
    lines: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    rejects: [],
    rejects_truncated: false,
  }
  const reject = (r: LineReject) => {
    response.rejected++
    if (response.rejects.length < limits.maxRejects) response.rejects.push(r)
    else response.rejects_truncated = true
  }
  const tally = deps.telemetry.tally()
  let rows: EventRow[] = []
  let lineOf: number[] = []
  let inFlight: Promise<void> | undefined
  let refreshed = false
  const backfillId = uuidv7()
  const quietUntil = (until: number) => ({ companyId: principal.companyId, backfillId, until })
  let committed = false
  const flush = async () => {
    const batch = rows
    const lines = lineOf
    rows = []
    lineOf = []
    await inFlight
    inFlight = undefined
    if (batch.length === 0) return
    const now = Date.now()
    committed = true
    inFlight = deps.store
      .commit(batch, {
        receivedAt: now,
        outbox: false,
        bulk: true,
        segmentQuiet: quietUntil(now + QUIET_AHEAD_MS),
      })
      .then((outcomes) => record(batch, lines, outcomes))
    // Surface a failed commit now rather than at the next flush; the caller sees the error.
    inFlight.catch(() => undefined)
  }
  const record = (batch: EventRow[], lines: number[], outcomes: RowOutcome[]) => {
    outcomes.forEach((outcome, i) => {
      const row = batch[i]!
      tally.add(outcome.status, row.sourceModule, row.eventName)
      if (outcome.status === 'accepted') response.accepted++
      else if (outcome.status === 'duplicate') response.duplicates++
      else {
        reject({
          line: lines[i]!,
          event_id: row.eventId,
          errors: [
            {
              path: '/event_id',
              code: 'conflict',
              message: 'this event_id was already stored with different content; the first write is kept',
            },
          ],
        })
      }
    })
  }

  try {
    for await (const lines of ndjsonLines(stream, limits.maxLineBytes)) {
      for (const item of lines) {
        if ('tooLong' in item) {
          response.lines++
          reject({
            line: item.line,
            event_id: null,
            errors: [
              { path: '', code: 'too_big', message: `the line is longer than ${limits.maxLineBytes} bytes` },
            ],
          })
          continue
        }
        if (item.text.trim() === '') continue
        response.lines++
        let event: unknown
        try {
          event = JSON.parse(item.text)
        } catch (error) {
          reject({
            line: item.line,
            event_id: null,
            errors: [{ path: '', code: 'invalid_json', message: `not JSON: ${(error as Error).message}` }],
          })
          continue
        }
        let checked = check(event, principal, deps, Date.now())
        // An event or version another node registered a moment ago: reload the registry once.
        if (!checked.ok && !refreshed && isUnknownSchema(checked.errors)) {
          refreshed = true
          if (await deps.registry.refreshIfStale()) checked = check(event, principal, deps, Date.now())
        }
        // The same company_sso_id rule as POST /v1/events: the company's first stored value.
        if (checked.ok) {
          const pinned =
            deps.ssoIds.known(principal.companyId) ??
            (await deps.ssoIds.of(principal.companyId, checked.ssoId))
          checked = withCompanySsoId(checked, principal, pinned)
        }
        if (!checked.ok) {
          const e = event !== null && typeof event === 'object' ? (event as Record<string, unknown>) : {}
          tally.add('rejected', e.source_module, e.event_name)
          reject({
            line: item.line,
            event_id: typeof e.event_id === 'string' ? e.event_id.slice(0, 128) : null,
            errors: checked.errors,
          })
          continue
        }
        rows.push(checked.row)
        lineOf.push(item.line)
        if (rows.length >= limits.batchEvents) await flush()
      }
    }
    await flush()
    await inFlight
    // Every commit has landed: an evaluation that did not see them read the clock before now.
    if (committed) {
      const now = Date.now()
      await deps.store.commit([], { receivedAt: now, outbox: false, segmentQuiet: quietUntil(now) })
    }
  } finally {
    tally.flush()
  }
  return response
}
