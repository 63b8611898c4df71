/**
 * The query string of `GET /v1/customers`, checked by hand so every 400 names the parameter and
 * the value at fault: `q` (1–256 characters), `segment` (a segment id), `limit` (1–100, default
 * 20) and `cursor`.
 */
import { ServerError } from '../errors.js'
import { decodeCustomerCursor } from './customer-cursor.js'

export const SEARCH_DEFAULT_LIMIT = 20
export const SEARCH_MAX_LIMIT = 100
export const MAX_QUERY_LENGTH = 256
export const MAX_SEGMENT_ID_LENGTH = 128

const PARAMETERS = ['q', 'segment', 'limit', 'cursor'] as const
/** No stored text holds U+0000 (PostgreSQL text refuses it), so nothing can match one. */
const NUL = '\u0000'

export interface CustomerSearchParams {
  q?: string
  segment?: string
  limit: number
  after?: string
}

export function parseCustomerSearchParams(query: Record<string, unknown>): CustomerSearchParams {
  for (const name of Object.keys(query)) {
    if (!(PARAMETERS as readonly string[]).includes(name)) {
      throw badParam(name, query[name], `unknown query parameter "${name}"; use ${PARAMETERS.join(', ')}`)
    }
  }
  const params: CustomerSearchParams = { limit: SEARCH_DEFAULT_LIMIT }

  const q = single(query, 'q')
  if (q !== undefined) {
    const text = q.trim()
    if (text.length === 0 || text.length > MAX_QUERY_LENGTH || text.includes(NUL)) {
      throw badParam(
        'q',
        q,
        `q must be 1–${MAX_QUERY_LENGTH} characters besides surrounding spaces, none of them U+0000`,
      )
    }
    params.q = text
  }

  const segment = single(query, 'segment')
  if (segment !== undefined) {
    if (segment.length === 0 || segment.length > MAX_SEGMENT_ID_LENGTH || segment.includes(NUL)) {
      throw badParam(
        'segment',
        segment,
        `segment must be a segment id of 1–${MAX_SEGMENT_ID_LENGTH} characters, none of them U+0000`,
      )
    }
    params.segment = segment
  }

  const limit = single(query, 'limit')
  if (limit !== undefined) {
    const n = /^[0-9]{1,6}$/.test(limit) ? Number(limit) : Number.NaN
    if (!(n >= 1 && n <= SEARCH_MAX_LIMIT)) {
      throw badParam('limit', limit, `limit must be an integer from 1 to ${SEARCH_MAX_LIMIT}; got "${limit}"`)
    }
    params.limit = n
  }

  const cursor = single(query, 'cursor')
  if (cursor !== undefined) {
    const after = decodeCustomerCursor(cursor)
    if (after === undefined) {
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

function single(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name]
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw badParam(name, value, `give ${name} once`)
  return value
}

function badParam(parameter: string, value: unknown, message: string): ServerError {
  return new ServerError('bad_request', 400, message, { parameter, value })
}
