/** GET /v1/customers/{id}/timeline — a customer's events, newest first, PII masked by role. */
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app-context.js'
import { principalOf, requireKey } from '../auth/require-key.js'
import { EventMarks } from '../query/event-marks.js'
import { maskEvent } from '../query/mask-event.js'
import { encodeCursor } from '../query/timeline-cursor.js'
import {
  parseCustomerId,
  parseTimelineParams,
  TIMELINE_DEFAULT_LIMIT,
  TIMELINE_MAX_LIMIT,
} from '../query/timeline-params.js'
import { customerTimeline } from '../retrieval/customer-timeline.js'
import { bearerAuth, errorResponse } from './route-schemas.js'

export const timelineQuerystring = {
  type: 'object',
  additionalProperties: false,
  properties: {
    from: {
      type: 'string',
      format: 'date-time',
      description: 'RFC 3339 with offset; events with event_timestamp ≥ from (encode "+" as %2B)',
    },
    to: { type: 'string', format: 'date-time', description: 'RFC 3339 with offset; events before to' },
    modules: {
      type: 'string',
      description: 'Comma-separated source modules (cdp, campaign, communication, …)',
      examples: ['campaign,ticketing'],
    },
    events: {
      type: 'string',
      description: 'Comma-separated event names (catalog or registered)',
      examples: ['campaign.sent,ticket.created'],
    },
    limit: { type: 'integer', minimum: 1, maximum: TIMELINE_MAX_LIMIT, default: TIMELINE_DEFAULT_LIMIT },
    cursor: { type: 'string', description: 'next_cursor of the previous page, unchanged' },
  },
} as const

const timelineResponse = {
  type: 'object',
  required: ['events', 'next_cursor'],
  properties: {
    events: {
      type: 'array',
      description:
        'Envelopes as stored (without sent_at), newest first; ties on event_timestamp by event_id, greater ' +
        'first. Fields the schema marks as PII are masked for the key role (README, "PII masking by role").',
      items: { type: 'object', additionalProperties: true },
    },
    next_cursor: {
      type: ['string', 'null'],
      description: 'Pass as cursor for the next (older) page; null on the last page',
    },
  },
} as const

export async function customerRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const marks = new EventMarks(ctx.registry.validator)
  ctx.registry.onChange(() => marks.forget())
  const isEvent = async (name: string) =>
    ctx.registry.validator.has(name) ||
    ((await ctx.registry.refreshIfStale()) && ctx.registry.validator.has(name))

  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>(
    '/v1/customers/:id/timeline',
    {
      schema: {
        summary: "A customer's timeline",
        description:
          'Events of the resolved customer (given qontak_customer_id or linked through identity resolution), ' +
          'newest first, in the window [from, to) on event_timestamp, filtered by modules and events. Needs a ' +
          'read key; the company is the key’s. Cursor pagination is stable under concurrent inserts. PII is ' +
          'masked by the key role.',
        tags: ['query'],
        security: bearerAuth,
        params: {
          type: 'object',
          required: ['id'],
          properties: {
            id: { type: 'string', minLength: 1, maxLength: 64, description: 'qontak_customer_id' },
          },
        },
        querystring: timelineQuerystring,
        response: {
          200: timelineResponse,
          400: errorResponse,
          401: errorResponse,
          403: errorResponse,
          503: errorResponse,
        },
      },
      onRequest: requireKey(ctx.authenticator, 'read'),
      // The schemas document; parameters are checked by `timeline-params.ts` for messages that name them.
      validatorCompiler: () => () => true,
    },
    async (request) => {
      const principal = principalOf(request)
      const customerId = parseCustomerId(request.params.id)
      const params = await parseTimelineParams(request.query ?? {}, isEvent)
      const rows = await customerTimeline(ctx.store.readSide, {
        ...params,
        companyId: principal.companyId,
        customerId,
        limit: params.limit + 1,
      })
      const page = rows.slice(0, params.limit)
      // A page of an event version registered on another node: learn it before masking with it.
      if (page.some((e) => marks.marksOf(e.eventName, e.schemaVersion) === undefined))
        await ctx.registry.refreshIfStale()
      const last = page.at(-1)
      return {
        events: page.map((e) =>
          maskEvent(e.body, marks.marksOf(e.eventName, e.schemaVersion), principal.role),
        ),
        next_cursor: rows.length > params.limit && last ? encodeCursor(last) : null,
      }
    },
  )
}
