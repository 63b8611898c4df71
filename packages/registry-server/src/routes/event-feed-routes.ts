/** GET /v1/events — the company's event feed, newest first, PII masked by role. */
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app-context.js'
import { principalOf, requireKey } from '../auth/require-key.js'
import { EventMarks } from '../query/event-marks.js'
import { maskEvents } from '../query/mask-events.js'
import { encodeCursor } from '../query/timeline-cursor.js'
import { parseTimelineParams } from '../query/timeline-params.js'
import { companyEvents } from '../retrieval/company-events.js'
import { timelineQuerystring } from './customer-routes.js'
import { bearerAuth, errorResponse } from './route-schemas.js'

const feedResponse = {
  type: 'object',
  required: ['events', 'next_cursor'],
  properties: {
    events: {
      type: 'array',
      description:
        'Envelopes as stored (without sent_at), newest first; ties on event_timestamp by event_id, greater ' +
        'first. Company-scoped events (ad.spend_recorded) and events not (yet) linked to a customer are ' +
        'included. Fields the schema marks as PII are masked for the key role.',
      items: { type: 'object', additionalProperties: true },
    },
    next_cursor: {
      type: ['string', 'null'],
      description: 'Pass as cursor for the next (older) page; null on the last page',
    },
  },
} as const

export async function eventFeedRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const marks = new EventMarks(ctx.registry.validator)
  ctx.registry.onChange(() => marks.forget())
  const isEvent = async (name: string) =>
    ctx.registry.validator.has(name) ||
    ((await ctx.registry.refreshIfStale()) && ctx.registry.validator.has(name))

  app.get<{ Querystring: Record<string, unknown> }>(
    '/v1/events',
    {
      schema: {
        summary: "The company's event feed",
        description:
          'Every event of the key’s company — about a customer, not yet linked to one, or company-scoped — ' +
          'newest first, in the window [from, to) on event_timestamp, filtered by modules and events. Cursor ' +
          'pagination is stable under concurrent inserts. PII is masked by the key role.',
        tags: ['query'],
        security: bearerAuth,
        querystring: timelineQuerystring,
        response: {
          200: feedResponse,
          400: errorResponse,
          401: errorResponse,
          403: errorResponse,
          503: errorResponse,
        },
      },
      onRequest: requireKey(ctx.authenticator, 'read'),
      // The schema documents; parameters are checked by `timeline-params.ts` for messages that name them.
      validatorCompiler: () => () => true,
    },
    async (request) => {
      const principal = principalOf(request)
      const params = await parseTimelineParams(request.query ?? {}, isEvent)
      const rows = await companyEvents(ctx.store.readSide, {
        ...params,
        companyId: principal.companyId,
        limit: params.limit + 1,
      })
      const page = rows.slice(0, params.limit)
      const last = page.at(-1)
      return {
        events: await maskEvents(page, marks, ctx.registry, principal.role),
        next_cursor: rows.length > params.limit && last ? encodeCursor(last) : null,
      }
    },
  )
}
