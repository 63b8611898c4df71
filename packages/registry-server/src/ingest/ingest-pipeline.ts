/**
 * POST /v1/events after auth and body parsing: shape → per-event bounds → validation (tenant,
 * module, schema, size) → rows → group commit → per-event results. Every event gets exactly one
 * result: accepted, duplicate, conflict or rejected. Error lists are capped per event (by the
 * validator) and per answer, so a hostile batch cannot make a huge answer.
 */
import type { ValidationError } from '@cebe/schemas'
import type { Principal } from '../auth/authenticator.js'
import type { ServerConfig } from '../config.js'
import type { EventStatus, IngestResponse, RejectedEvent } from '../contract/ingest-contract.js'
import { ServerError } from '../errors.js'
import type { IngestMetrics } from '../observability/ingest-metrics.js'
import type { SchemaRegistry } from '../registry/schema-registry.js'
import type { EventRow, RowOutcome } from '../storage/store.js'
import type { CompanySsoIds } from './company-sso.js'
import { checkEventBounds } from './event-bounds.js'
import { toEventRow } from './event-row.js'
import type { GroupCommitter } from './group-commit.js'
import type { IdentityExtractor } from './identity-extractor.js'

export type { EventStatus, IngestResponse, RejectedEvent } from '../contract/ingest-contract.js'

/** Errors listed in one answer; past this each rejected event lists one `too_many_errors` entry. */
export const MAX_ERRORS_PER_RESPONSE = 200

export interface IngestDeps {
  config: Pick<ServerConfig, 'maxEventsPerRequest' | 'maxEventBytes'>
  registry: SchemaRegistry
  ssoIds: CompanySsoIds
  identities: IdentityExtractor
  committer: GroupCommitter
  telemetry: IngestMetrics
}

export async function ingest(body: unknown, principal: Principal, deps: IngestDeps): Promise<IngestResponse> {
  const events = eventsOf(body, deps.config.maxEventsPerRequest)
  const now = Date.now()
  const results: EventStatus[] = new Array(events.length)
  const rejected: RejectedEvent[] = []
  const rows: EventRow[] = []
  const rowIndex: number[] = []
  const tally = deps.telemetry.tally()

  let checks = events.map((event) => check(event, principal, deps, now))
  // An event or version another node registered a moment ago: reload the registry once, retry.
  if (checks.some((c) => !c.ok && isUnknownSchema(c.errors)) && (await deps.registry.refreshIfStale())) {
    checks = events.map((event, i) => (checks[i]!.ok ? checks[i]! : check(event, principal, deps, now)))
  }
  checks = await checkSsoIds(checks, principal, deps)
  const budget = { left: MAX_ERRORS_PER_RESPONSE, truncated: false }
  checks.forEach((checked, index) => {
    if (checked.ok) {
      rows.push(checked.row)
      rowIndex.push(index)
      return
    }
    const event = events[index]
    results[index] = 'rejected'
    rejected.push({ index, event_id: eventIdOf(event), errors: withinBudget(checked.errors, budget) })
    const e = event !== null && typeof event === 'object' ? (event as Record<string, unknown>) : undefined
    tally.add('rejected', e?.source_module, e?.event_name)
    deps.telemetry.rejectedFor(checked.errors[0]?.code)
  })

  let outcomes: RowOutcome[]
  try {
    outcomes = await deps.committer.submit(rows, principal.companyId)
  } finally {
    tally.flush()
  }
  const response: IngestResponse = { accepted: 0, duplicates: 0, conflicts: [], rejected, results }
  if (budget.truncated) response.errors_truncated = true
  outcomes.forEach((outcome, i) => {
    const index = rowIndex[i]!
    const row = rows[i]!
    results[index] = outcome.status
    tally.add(outcome.status, row.sourceModule, row.eventName)
    if (outcome.status === 'accepted') response.accepted++
    else if (outcome.status === 'duplicate') response.duplicates++
    else {
      response.conflicts.push({
        index,
        event_id: row.eventId,
        message: 'this event_id was already stored with different content; the first write is kept',
      })
    }
    for (const c of outcome.identityConflicts ?? []) {
      response.warnings ??= []
      response.warnings.push({
        index,
        event_id: row.eventId,
        code: 'identity_conflict',
        message: `${c.kind} "${c.value}" belongs to customer ${c.customerId}, not ${c.otherCustomerId}; kept as is, reported for review`,
      })
    }
  })
  tally.flush()
  return response
}

function eventsOf(body: unknown, max: number): unknown[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !('events' in body)) {
    throw new ServerError('bad_request', 400, 'the body must be a JSON object {"events": [...]}')
  }
  const events = (body as { events: unknown }).events
  if (!Array.isArray(events)) throw new ServerError('bad_request', 400, '"events" must be an array')
  if (events.length > max) {
    throw new ServerError(
      'payload_too_large',
      413,
      `a request may carry at most ${max} events; this one has ${events.length}`,
    )
  }
  return events
}

export type Checked = { ok: true; row: EventRow; ssoId: string } | { ok: false; errors: ValidationError[] }

/** One event through validation, tenant and module checks to its row (also used by backfill). */
export function check(
  event: unknown,
  principal: Principal,
  deps: Pick<IngestDeps, 'registry' | 'identities' | 'config'>,
  now: number,
): Checked {
  const tooBig = checkEventBounds(event, deps.config.maxEventBytes)
  if (tooBig) return { ok: false, errors: [tooBig] }
  const result = deps.registry.validator.validate(event, {
    now,
    visible: (name) => deps.registry.visibleTo(name, principal.companyId),
  })
  if (!result.ok) return result
  const valid = result.event
  if (valid.company_id !== principal.companyId) {
    return reject('/company_id', 'invalid_value', "company_id does not match the API key's company")
  }
  if (!principal.modules.has(valid.source_module as string)) {
    return reject(
      '/source_module',
      'wrong_module',
      `this key may not write ${String(valid.source_module)} events`,
    )
  }
  const built = toEventRow(valid, deps.identities.extract(valid), deps.config.maxEventBytes)
  return built.ok ? { ok: true, row: built.row, ssoId: valid.company_sso_id as string } : built
}

/**
 * company_sso_id must be the company's own: the value its first stored event carried (keys name
 * the company only). One store round trip per company and process.
 */
export async function checkSsoIds(
  checks: Checked[],
  principal: Principal,
  deps: Pick<IngestDeps, 'ssoIds'>,
): Promise<Checked[]> {
  const first = checks.find((c) => c.ok)
  if (!first?.ok) return checks
  const pinned = await deps.ssoIds.of(principal.companyId, first.ssoId)
  return checks.map((c) => withCompanySsoId(c, principal, pinned))
}

/** `checked`, or its rejection when its company_sso_id is not the company's `pinned` one. */
export function withCompanySsoId(checked: Checked, principal: Principal, pinned: string): Checked {
  if (!checked.ok || checked.ssoId === pinned) return checked
  return reject(
    '/company_sso_id',
    'invalid_value',
    `company_sso_id ${JSON.stringify(checked.ssoId)} is not this company's: ${principal.companyId} is known as ${JSON.stringify(pinned)} (from its first stored event)`,
  )
}

/** The errors of one event that still fit in the answer; the list ends with a note when cut. */
function withinBudget(
  errors: ValidationError[],
  budget: { left: number; truncated: boolean },
): ValidationError[] {
  const cut = errors.some((e) => e.code === 'too_many_errors') || errors.length > budget.left
  const listed = errors.filter((e) => e.code !== 'too_many_errors').slice(0, Math.max(0, budget.left))
  budget.left -= listed.length
  if (!cut) return listed
  budget.truncated = true
  return [
    ...listed,
    {
      path: '',
      code: 'too_many_errors',
      message:
        listed.length === 0
          ? `errors not listed: this answer already lists ${MAX_ERRORS_PER_RESPONSE}; fix those and send again`
          : 'more errors than listed; fix these and send the event again to see the rest',
    },
  ]
}

export function isUnknownSchema(errors: readonly ValidationError[]): boolean {
  return errors.some((e) => e.code === 'unknown_event' || e.code === 'unknown_version')
}

function reject(path: string, code: ValidationError['code'], message: string): Checked {
  return { ok: false, errors: [{ path, code, message }] }
}

function eventIdOf(event: unknown): string | null {
  const id =
    event !== null && typeof event === 'object' ? (event as { event_id?: unknown }).event_id : undefined
  return typeof id === 'string' ? id.slice(0, 128) : null
}
