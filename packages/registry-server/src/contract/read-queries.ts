/**
 * The query strings of the read endpoints: the event window and filters (timeline and feed), the
 * metrics window, customer search and member pages. One schema each; the routes validate with it
 * and OpenAPI documents it.
 */
import { type MetricGroupBy, SOURCE_MODULES } from '@cebe/schemas'
import { z } from 'zod'
import { ServerError } from '../errors.js'
import { decodeCustomerCursor } from '../query/customer-cursor.js'
import { decodeCursor } from '../query/timeline-cursor.js'
import { cursor, integer, limit, nameList, queryString, text, timestamp } from './request-params.js'

export const TIMELINE_DEFAULT_LIMIT = 50
export const TIMELINE_MAX_LIMIT = 500
export const SEARCH_DEFAULT_LIMIT = 20
export const SEARCH_MAX_LIMIT = 100
export const MAX_QUERY_LENGTH = 256
export const MAX_SEGMENT_ID_LENGTH = 128
export const MEMORY_MIN_CHARS = 200
export const MEMORY_MAX_CHARS = 20_000
export const MEMORY_DEFAULT_CHARS = 2_000
export const METRIC_GROUP_BYS = ['campaign_id', 'ad_platform'] as const satisfies readonly MetricGroupBy[]

const iso = (ms: number) => new Date(ms).toISOString()

const moduleList = (description: string) =>
  nameList(
    'modules',
    (module) =>
      (SOURCE_MODULES as readonly string[]).includes(module)
        ? undefined
        : `unknown module "${module}" in modules; use ${SOURCE_MODULES.join(', ')}`,
    { description, examples: ['campaign,ticketing'] },
  )

/** `GET /v1/customers/{id}/timeline` and `GET /v1/events`: window `[from, to)`, filters, page. */
export const eventPageQuery = queryString({
  from: timestamp('from', 'RFC 3339 with offset; events with event_timestamp ≥ from (encode "+" as %2B)'),
  to: timestamp('to', 'RFC 3339 with offset; events before to'),
  modules: moduleList('Comma-separated source modules (cdp, campaign, communication, …)'),
  // Whether each name is an event is asked of the registry by the route (`assertKnownEvents`).
  events: nameList('events', () => undefined, {
    description: 'Comma-separated event names (catalog or registered)',
    examples: ['campaign.sent,ticket.created'],
  }),
  limit: limit(TIMELINE_MAX_LIMIT, TIMELINE_DEFAULT_LIMIT),
  cursor: cursor(decodeCursor),
}).superRefine((q, ctx) => {
  if (q.from !== undefined && q.to !== undefined && q.from > q.to)
    ctx.addIssue({
      code: 'custom',
      path: ['from'],
      message: `from (${iso(q.from)}) is after to (${iso(q.to)}); the window is [from, to)`,
    })
})

export type EventPageQuery = z.output<typeof eventPageQuery>

/** Refuses the first name of `events` that is neither a catalog event nor a registered one. */
export async function assertKnownEvents(
  events: readonly string[] | undefined,
  isEvent: (name: string) => boolean | Promise<boolean>,
): Promise<void> {
  for (const event of events ?? []) {
    if (!(await isEvent(event)))
      throw new ServerError(
        'bad_request',
        400,
        `unknown event "${event}" in events; GET /v1/schemas lists the catalog and registered events`,
        { parameter: 'events', value: event },
      )
  }
}

const windowStart = timestamp(
  'from',
  'RFC 3339 with offset; the window starts here (inclusive; encode "+" as %2B). Default: the beginning',
)
const windowEnd = timestamp('to', 'RFC 3339 with offset; the window ends before this. Default: now')

function metricsWindowIsOrdered(q: { from?: number; to?: number }, ctx: z.RefinementCtx) {
  const to = q.to ?? Date.now()
  if (q.from !== undefined && q.from >= to)
    ctx.addIssue({
      code: 'custom',
      path: ['from'],
      message: `from (${iso(q.from)}) must be before to (${iso(to)}); the window is [from, to)`,
    })
}

/** `GET /v1/customers/{id}/metrics`: the window `[from, to)`; `to` defaults to now. */
export const customerMetricsQuery = queryString({ from: windowStart, to: windowEnd }).superRefine(
  metricsWindowIsOrdered,
)

/** `GET /v1/metrics`: the window and an optional grouping. */
export const companyMetricsQuery = queryString({
  from: windowStart,
  to: windowEnd,
  group_by: z
    .enum(METRIC_GROUP_BYS, {
      error: (issue) =>
        typeof issue.input === 'string'
          ? `unknown group_by "${issue.input}"; use ${METRIC_GROUP_BYS.join(' or ')}`
          : 'give group_by once',
    })
    .optional()
    .meta({ description: 'Group the metrics by this key' }),
}).superRefine(metricsWindowIsOrdered)

/** `GET /v1/customers`: text, segment and a page in customer id order. */
export const customerSearchQuery = queryString({
  q: text(
    'q',
    MAX_QUERY_LENGTH,
    `1–${MAX_QUERY_LENGTH} characters besides surrounding spaces, none of them U+0000`,
    {
      trim: true,
    },
  )
    .optional()
    .meta({
      description: 'A customer id prefix, an exact identifier, or text inside an attribute value',
      examples: ['+6281234567890'],
    }),
  segment: text(
    'segment',
    MAX_SEGMENT_ID_LENGTH,
    `a segment id of 1–${MAX_SEGMENT_ID_LENGTH} characters, none of them U+0000`,
  )
    .optional()
    .meta({ description: 'segment id' }),
  limit: limit(SEARCH_MAX_LIMIT, SEARCH_DEFAULT_LIMIT),
  cursor: cursor(decodeCustomerCursor),
})

/** A query string that takes no parameter. */
export const noQuery = queryString({})

/** `GET /v1/customers/{id}/memory`: the text's bound, the instant, and the modules to include. */
export const memoryQuery = queryString({
  max_chars: integer(
    'max_chars',
    MEMORY_MIN_CHARS,
    MEMORY_MAX_CHARS,
    MEMORY_DEFAULT_CHARS,
    'Hard bound on `text`, in Unicode characters (code points)',
  ),
  as_of: timestamp(
    'as_of',
    'RFC 3339 with offset; the memory as it stood then — later events are left out. Default: now. Give it for byte-identical answers',
  ),
  modules: moduleList(
    'Comma-separated source modules whose metrics and recent events to include (default: all)',
  ),
})
