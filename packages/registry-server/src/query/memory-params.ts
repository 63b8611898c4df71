/**
 * The query string of `GET /v1/customers/{id}/memory`, checked by hand so every 400 names the
 * parameter: `max_chars` (the text's hard bound, 200–20,000, default 2,000), `as_of` (RFC 3339;
 * events after it are left out, default now) and `modules` (a comma list of source modules).
 */
import { ServerError } from '../errors.js'
import { parseModulesParam, parseTimestamp, single } from './timeline-params.js'

export const MEMORY_MIN_CHARS = 200
export const MEMORY_MAX_CHARS = 20_000
export const MEMORY_DEFAULT_CHARS = 2_000

const PARAMETERS = ['max_chars', 'as_of', 'modules'] as const

export interface MemoryParams {
  maxChars: number
  /** ms since the epoch; events with event_timestamp ≤ asOf are read. */
  asOf: number
  /** Only these modules' metrics and events (absent: all). */
  modules?: string[]
}

export function parseMemoryParams(query: Record<string, unknown>, now: number): MemoryParams {
  for (const name of Object.keys(query)) {
    if (!(PARAMETERS as readonly string[]).includes(name)) {
      throw badParam(name, query[name], `unknown query parameter "${name}"; use ${PARAMETERS.join(', ')}`)
    }
  }
  const params: MemoryParams = { maxChars: MEMORY_DEFAULT_CHARS, asOf: now }
  const maxChars = single(query, 'max_chars')
  if (maxChars !== undefined) {
    const n = /^[0-9]{1,6}$/.test(maxChars) ? Number(maxChars) : Number.NaN
    if (!(n >= MEMORY_MIN_CHARS && n <= MEMORY_MAX_CHARS)) {
      throw badParam(
        'max_chars',
        maxChars,
        `max_chars must be an integer from ${MEMORY_MIN_CHARS} to ${MEMORY_MAX_CHARS}; got "${maxChars}"`,
      )
    }
    params.maxChars = n
  }
  const asOf = single(query, 'as_of')
  if (asOf !== undefined) params.asOf = parseTimestamp('as_of', asOf)
  const modules = parseModulesParam(query)
  if (modules) params.modules = modules
  return params
}

function badParam(parameter: string, value: unknown, message: string): ServerError {
  return new ServerError('bad_request', 400, message, { parameter, value })
}
