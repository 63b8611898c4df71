/**
 * The query string of `GET /v1/customers/{id}/timeline`, checked by hand so every 400 names the
 * parameter and the value at fault: `from`/`to` (RFC 3339, window `[from, to)`), `modules`,
 * `events` (comma lists of known names), `limit` (1–500, default 50) and `cursor`.
 */
import { SOURCE_MODULES } from '@cebe/schemas'
import { ServerError } from '../errors.js'
import type { TimelinePosition } from '../storage/store.js'
import { decodeCursor } from './timeline-cursor.js'

export const TIMELINE_DEFAULT_LIMIT = 50
export const TIMELINE_MAX_LIMIT = 500
/** Longest `events`/`modules` list: enough for any real filter, bounded for the database. */
const MAX_LIST_ITEMS = 100
const MAX_CUSTOMER_ID_LENGTH = 64

const PARAMETERS = ['from', 'to', 'modules', 'events', 'limit', 'cursor'] as const

export interface TimelineParams {
  fromTs?: number
  toTs?: number
  modules?: string[]
  events?: string[]
  limit: number
  after?: TimelinePosition
}

/** Answers whether an event name is known (the catalog or a registered custom event). */
export type EventLookup = (name: string) => boolean | Promise<boolean>

export function parseCustomerId(id: unknown): string {
  // U+0000 can never be stored (PostgreSQL text refuses it), so no customer has it in its id.
  if (
    typeof id !== 'string' ||
    id.length === 0 ||
    id.length > MAX_CUSTOMER_ID_LENGTH ||
    id.includes('\u0000')
  ) {
    throw badParam(
      'id',
      id,
      `the customer id must be 1–${MAX_CUSTOMER_ID_LENGTH} characters, none of them U+0000`,
    )
  }
  return id
}

export async function parseTimelineParams(
  query: Record<string, unknown>,
  isEvent: EventLookup,
): Promise<TimelineParams> {
  for (const name of Object.keys(query)) {
    if (!(PARAMETERS as readonly string[]).includes(name)) {
      throw badParam(name, query[name], `unknown query parameter "${name}"; use ${PARAMETERS.join(', ')}`)
    }
  }
  const params: TimelineParams = { limit: TIMELINE_DEFAULT_LIMIT }

  const from = single(query, 'from')
  if (from !== undefined) params.fromTs = parseTimestamp('from', from)
  const to = single(query, 'to')
  if (to !== undefined) params.toTs = parseTimestamp('to', to)
  if (params.fromTs !== undefined && params.toTs !== undefined && params.fromTs > params.toTs) {
    throw badParam('from', from, `from (${from}) is after to (${to}); the window is [from, to)`)
  }

  const modules = parseModulesParam(query)
  if (modules) params.modules = modules

  const events = list(query, 'events')
  if (events) {
    for (const event of events) {
      if (!(await isEvent(event))) {
        throw badParam(
          'events',
          event,
          `unknown event "${event}" in events; GET /v1/schemas lists the catalog and registered events`,
        )
      }
    }
    params.events = events
  }

  const limit = single(query, 'limit')
  if (limit !== undefined) {
    const n = /^[0-9]{1,6}$/.test(limit) ? Number(limit) : Number.NaN
    if (!(n >= 1 && n <= TIMELINE_MAX_LIMIT)) {
      throw badParam(
        'limit',
        limit,
        `limit must be an integer from 1 to ${TIMELINE_MAX_LIMIT}; got "${limit}"`,
      )
    }
    params.limit = n
  }

  const cursor = single(query, 'cursor')
  if (cursor !== undefined) {
    const after = decodeCursor(cursor)
    if (!after) {
      throw badParam(
        'cursor',
        cursor,
        'cursor is not a cursor this server issued; pass next_cursor from the previous page unchanged',
      )
    }
    params.after = after
  }
  return params
}

const RFC3339 =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})$/

/** RFC 3339 date-time with an offset, to ms since the epoch; impossible dates (Feb 30, 24:00) are refused. */
export function parseRfc3339(text: string): number | undefined {
  const match = RFC3339.exec(text)
  if (!match) return undefined
  const [y, mo, d, h, mi, s] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  const fields = new Date(0)
  fields.setUTCFullYear(y, mo - 1, d) // not Date.UTC, which reads years 0–99 as 1900–1999
  fields.setUTCHours(h, mi, s)
  const valid =
    fields.getUTCFullYear() === y &&
    fields.getUTCMonth() === mo - 1 &&
    fields.getUTCDate() === d &&
    fields.getUTCHours() === h &&
    fields.getUTCMinutes() === mi &&
    fields.getUTCSeconds() === s
  const offset = match[8]!
  const offsetOk =
    !/^[+-]/.test(offset) || (Number(offset.slice(1, 3)) <= 23 && Number(offset.slice(4)) <= 59)
  if (!valid || !offsetOk) return undefined
  const ms = Date.parse(text.toUpperCase())
  return Number.isNaN(ms) ? undefined : ms
}

export function parseTimestamp(name: string, raw: string): number {
  // An unencoded "+" in a query string arrives as a space; read "… 07:00" as "…+07:00".
  const text = raw.replace(/ ([0-9]{2}:[0-9]{2})$/, '+$1')
  const ms = parseRfc3339(text)
  if (ms === undefined) {
    throw badParam(
      name,
      raw,
      `${name} must be an RFC 3339 date-time with an offset, like 2026-11-01T00:00:00Z or 2026-11-01T07:00:00%2B07:00; got "${raw}"`,
    )
  }
  return ms
}

export function single(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name]
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw badParam(name, value, `give ${name} once`)
  return value
}

/** `modules`: a comma list of source modules, each checked against the catalog's. */
export function parseModulesParam(query: Record<string, unknown>): string[] | undefined {
  const modules = list(query, 'modules')
  for (const module of modules ?? []) {
    if (!(SOURCE_MODULES as readonly string[]).includes(module)) {
      throw badParam(
        'modules',
        module,
        `unknown module "${module}" in modules; use ${SOURCE_MODULES.join(', ')}`,
      )
    }
  }
  return modules
}

/** A comma list (repeating the parameter adds to it), trimmed and de-duplicated. */
function list(query: Record<string, unknown>, name: string): string[] | undefined {
  const value = query[name]
  if (value === undefined) return undefined
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(','))
  const items = [...new Set(parts.map((p) => p.trim()))]
  if (items.some((item) => item === '')) {
    throw badParam(name, value, `${name} is a comma-separated list of names without empty entries`)
  }
  if (items.length > MAX_LIST_ITEMS) {
    throw badParam(name, value, `${name} lists ${items.length} names; at most ${MAX_LIST_ITEMS}`)
  }
  return items
}

function badParam(parameter: string, value: unknown, message: string): ServerError {
  return new ServerError('bad_request', 400, message, { parameter, value })
}
