/**
 * GET /v1/customers/{id}/timeline — one customer's events — and GET /v1/events — the company's
 * feed: both newest first in `[from, to)`, filtered, cursor-paged and masked by the key's role.
 */
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppContext } from '../app-context.js'
import { principalOf, requireKey } from '../auth/require-key.js'
import { bearerAuth, jsonObject, nextCursor, readErrorAnswers } from '../contract/common.js'
import {
  assertKnownEvents,
  type EventPageQuery,
  eventPageQuery,
  TIMELINE_DEFAULT_LIMIT,
} from '../contract/read-queries.js'
import { customerIdParams } from '../contract/request-params.js'
import { EventMarks } from '../query/event-marks.js'
import { maskEvents } from '../query/mask-events.js'
import { encodeCursor } from '../query/timeline-cursor.js'
import { companyEvents } from '../retrieval/company-events.js'
import { customerTimeline } from '../retrieval/customer-timeline.js'
import type { TimelineEvent } from '../storage/store.js'

const ORDER =
  'newest first; ties on event_timestamp by event_id, greater first. Fields the schema marks as PII are ' +
  'masked for the key role (README, "PII masking by role").'

const eventPage = (what: string) =>
  z.object({
    events: z.array(jsonObject).meta({ description: `${what} as stored (without sent_at), ${ORDER}` }),
    next_cursor: nextCursor,
  })

export async function eventPageRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>()
  const marks = new EventMarks(ctx.registry.validator)
  ctx.registry.onChange(() => marks.forget())
  const isEvent = async (name: string) =>
    ctx.registry.validator.has(name) ||
    ((await ctx.registry.refreshIfStale()) && ctx.registry.validator.has(name))
  const readKey = requireKey(ctx.authenticator, 'read')

  /** Runs `fetch` for one more event than the page holds, so the cursor is null on the last page. */
  async function page(
    query: EventPageQuery,
    role: string | null,
    fetch: (filters: PageFilters) => Promise<TimelineEvent[]>,
  ) {
    await assertKnownEvents(query.events, isEvent)
    const limit = query.limit ?? TIMELINE_DEFAULT_LIMIT
    const rows = await fetch({
      ...(query.from !== undefined && { fromTs: query.from }),
      ...(query.to !== undefined && { toTs: query.to }),
      ...(query.modules !== undefined && { modules: query.modules }),
      ...(query.events !== undefined && { events: query.events }),
      ...(query.cursor !== undefined && { after: query.cursor }),
      limit: limit + 1,
    })
    const events = rows.slice(0, limit)
    const last = events.at(-1)
    return {
      events: await maskEvents(events, marks, ctx.registry, role),
      next_cursor: rows.length > limit && last ? encodeCursor(last) : null,
    }
  }

  routes.get(
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
        params: customerIdParams,
        querystring: eventPageQuery,
        response: { 200: eventPage('The customer’s events'), ...readErrorAnswers },
      },
      onRequest: readKey,
    },
    async (request) => {
      const { companyId, role } = principalOf(request)
      const customerId = request.params.id
      return page(request.query, role, (filters) =>
        customerTimeline(ctx.store.readSide, { ...filters, companyId, customerId }),
      )
    },
  )

  routes.get(
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
        querystring: eventPageQuery,
        response: {
          200: eventPage(
            'Every event of the company — company-scoped ones (ad.spend_recorded) and those not (yet) linked to a customer included —',
          ),
          ...readErrorAnswers,
        },
      },
      onRequest: readKey,
    },
    async (request) => {
      const { companyId, role } = principalOf(request)
      return page(request.query, role, (filters) =>
        companyEvents(ctx.store.readSide, { ...filters, companyId }),
      )
    },
  )
}

type PageFilters = Omit<Parameters<typeof customerTimeline>[1], 'companyId' | 'customerId'>
