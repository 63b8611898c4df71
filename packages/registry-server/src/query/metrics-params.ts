/**
 * The query strings of `GET /v1/customers/{id}/metrics` and `GET /v1/metrics`, checked by hand so
 * every 400 names the parameter: `from`/`to` (RFC 3339, window `[from, to)`, `from` < `to`; `to`
 * defaults to now) and, company-wide only, `group_by` (`campaign_id` or `ad_platform`).
 */
import type { MetricGroupBy } from '@cebe/schemas'
import { ServerError } from '../errors.js'
import { parseRfc3339 } from './timeline-params.js'

export const METRIC_GROUP_BYS: readonly MetricGroupBy[] = ['campaign_id', 'ad_platform']

export interface MetricsParams {
  fromTs?: number
  toTs: number
  groupBy?: MetricGroupBy
}

export function parseMetricsParams(
  query: Record<string, unknown>,
  options: { groupBy: boolean; now: number },
): MetricsParams {
  const allowed = options.groupBy ? ['from', 'to', 'group_by'] : ['from', 'to']
  for (const name of Object.keys(query)) {
    if (!allowed.includes(name)) {
      throw badParam(name, query[name], `unknown query parameter "${name}"; use ${allowed.join(', ')}`)
    }
  }
  const from = single(query, 'from')
  const to = single(query, 'to')
  const params: MetricsParams = { toTs: to === undefined ? options.now : parseTimestamp('to', to) }
  if (from !== undefined) params.fromTs = parseTimestamp('from', from)
  if (params.fromTs !== undefined && params.fromTs >= params.toTs) {
    throw badParam(
      'from',
      from,
      `from (${from}) must be before to (${to ?? new Date(params.toTs).toISOString()}); the window is [from, to)`,
    )
  }
  const groupBy = single(query, 'group_by')
  if (groupBy !== undefined) {
    if (!(METRIC_GROUP_BYS as readonly string[]).includes(groupBy)) {
      throw badParam(
        'group_by',
        groupBy,
        `unknown group_by "${groupBy}"; use ${METRIC_GROUP_BYS.join(' or ')}`,
      )
    }
    params.groupBy = groupBy as MetricGroupBy
  }
  return params
}

function parseTimestamp(name: 'from' | 'to', raw: string): number {
  // An unencoded "+" in a query string arrives as a space; read "… 07:00" as "…+07:00".
  const ms = parseRfc3339(raw.replace(/ ([0-9]{2}:[0-9]{2})$/, '+$1'))
  if (ms === undefined) {
    throw badParam(
      name,
      raw,
      `${name} must be an RFC 3339 date-time with an offset, like 2026-11-01T00:00:00Z or 2026-11-01T07:00:00%2B07:00; got "${raw}"`,
    )
  }
  return ms
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
