/**
 * /v1/webhooks — subscriptions, and their dead letters (inspect, replay). Admin read keys only:
 * a subscription sends unmasked events to a URL of the caller's choosing.
 */
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppContext } from '../app-context.js'
import { principalOf, requireKey } from '../auth/require-key.js'
import { allErrorAnswers, bearerAuth } from '../contract/common.js'
import { assertBelowLimit, ServerError } from '../errors.js'
import type { DeliveryRecord, DeliveryStatus, Subscription } from '../storage/webhook-store.js'
import { newSubscription } from '../webhooks/new-subscription.js'
import {
  createdSubscription,
  createSubscriptionBody,
  DEAD_LETTERS_DEFAULT_LIMIT,
  deadLettersQuery,
  deadLettersResponse,
  deliveriesQuery,
  idParams,
  replayBody,
  replayResponse,
  subscriptionView,
} from './webhook-schemas.js'

const group = { tags: ['webhooks'], security: bearerAuth }
/** Subscriptions one company may keep: each is matched against every committed event. */
export const MAX_SUBSCRIPTIONS = 50

export async function webhookRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const webhooks = ctx.store.webhooks
  const routes = app.withTypeProvider<ZodTypeProvider>()
  // One hook for the group (this plugin is encapsulated): a subscription sends unmasked events to
  // a URL of the caller's choosing, so every route needs an admin read key.
  app.addHook('onRequest', requireKey(ctx.authenticator, 'read', { roles: ['admin'] }))
  /** One page of a subscription's deliveries, newest first; the cursor is the page's last id. */
  async function deliveriesPage(
    companyId: string,
    id: string,
    status: DeliveryStatus | undefined,
    query: { limit?: number | undefined; cursor?: string | undefined },
  ) {
    const subscription = await find(companyId, id)
    const limit = query.limit ?? DEAD_LETTERS_DEFAULT_LIMIT
    const page = await webhooks.deliveries(subscription.id, {
      limit: limit + 1,
      ...(status !== undefined && { status }),
      ...(query.cursor !== undefined && { before: query.cursor }),
    })
    const deliveries = page.slice(0, limit)
    return {
      deliveries: deliveries.map(deliveryView),
      next_cursor: page.length > limit ? (deliveries.at(-1)?.id ?? null) : null,
    }
  }
  const find = async (companyId: string, id: string): Promise<Subscription> => {
    const subscription = await webhooks.getSubscription(companyId, id)
    if (!subscription) throw new ServerError('not_found', 404, `no webhook ${id}`)
    return subscription
  }

  routes.post(
    '/v1/webhooks',
    {
      schema: {
        summary: 'Subscribe a URL to events',
        description:
          'Deliveries are POSTed as {delivery_id, subscription_id, event} (or segment_transition for ' +
          'segment entries/exits), signed per Standard Webhooks v1 ' +
          '(webhook-id, webhook-timestamp, webhook-signature). The secret is generated when absent and ' +
          'returned only here. The subscription receives events committed after it was created.',
        ...group,
        body: createSubscriptionBody,
        response: { 201: createdSubscription, ...allErrorAnswers },
      },
    },
    async (request, reply) => {
      const { companyId } = principalOf(request)
      const saved = new Set((await ctx.store.segments.list(companyId)).map((s) => s.id))
      const subscription = newSubscription(companyId, request.body, Date.now(), saved)
      assertBelowLimit(
        (await webhooks.listSubscriptions(companyId)).length,
        MAX_SUBSCRIPTIONS,
        'webhook subscriptions',
      )
      await webhooks.createSubscription(subscription)
      ctx.dispatcher?.subscribed()
      reply.status(201)
      return { ...view(subscription), secret: subscription.secret }
    },
  )

  routes.get(
    '/v1/webhooks',
    {
      schema: {
        summary: "The company's webhook subscriptions (without secrets)",
        ...group,
        response: {
          200: z.object({ webhooks: z.array(subscriptionView) }),
          ...allErrorAnswers,
        },
      },
    },
    async (request) => {
      const { companyId } = principalOf(request)
      return { webhooks: (await webhooks.listSubscriptions(companyId)).map(view) }
    },
  )

  routes.get(
    '/v1/webhooks/:id',
    {
      schema: {
        summary: 'One subscription with its delivery counts',
        ...group,
        params: idParams,
        response: { 200: subscriptionView, ...allErrorAnswers },
      },
    },
    async (request) => {
      const subscription = await find(principalOf(request).companyId, request.params.id)
      return { ...view(subscription), deliveries: await webhooks.deliveryCounts(subscription.id) }
    },
  )

  routes.delete(
    '/v1/webhooks/:id',
    {
      schema: {
        summary: 'Delete a subscription and its pending and dead deliveries',
        ...group,
        params: idParams,
        response: { 204: z.null(), ...allErrorAnswers },
      },
    },
    async (request, reply) => {
      const { companyId } = principalOf(request)
      if (!(await webhooks.deleteSubscription(companyId, request.params.id))) {
        throw new ServerError('not_found', 404, `no webhook ${request.params.id}`)
      }
      return reply.status(204).send(null)
    },
  )

  routes.get(
    '/v1/webhooks/:id/dead-letters',
    {
      schema: {
        summary: 'Deliveries that spent their retry budget (or hit 410), newest first',
        ...group,
        params: idParams,
        querystring: deadLettersQuery,
        response: { 200: deadLettersResponse, ...allErrorAnswers },
      },
    },
    async (request) =>
      deliveriesPage(principalOf(request).companyId, request.params.id, 'dead', request.query),
  )

  routes.get(
    '/v1/webhooks/:id/deliveries',
    {
      schema: {
        summary: 'Recent deliveries of a subscription, newest first, in one state or all',
        ...group,
        params: idParams,
        querystring: deliveriesQuery,
        response: { 200: deadLettersResponse, ...allErrorAnswers },
      },
    },
    async (request) =>
      deliveriesPage(principalOf(request).companyId, request.params.id, request.query.status, request.query),
  )

  routes.post(
    '/v1/webhooks/:id/dead-letters/replay',
    {
      schema: {
        summary: 'Send dead letters again (same delivery ids, a fresh retry budget)',
        ...group,
        params: idParams,
        body: replayBody,
        response: { 200: replayResponse, ...allErrorAnswers },
      },
    },
    async (request) => {
      const subscription = await find(principalOf(request).companyId, request.params.id)
      if (subscription.status === 'disabled') {
        throw new ServerError(
          'conflict',
          409,
          `webhook ${subscription.id} is disabled (${subscription.disabledReason ?? 'no reason'}); create a new one`,
        )
      }
      const replayed = await webhooks.replay(subscription.id, Date.now(), request.body?.delivery_ids)
      ctx.dispatcher?.nudge()
      return { replayed }
    },
  )
}

function view(s: Subscription) {
  return {
    id: s.id,
    url: s.url,
    events: s.events,
    filter: s.filter,
    segments: s.segments.map((x) => ({ transition: x.transition, segment_id: x.segmentId })),
    description: s.description,
    status: s.status,
    disabled_reason: s.disabledReason,
    created_at: new Date(s.createdAt).toISOString(),
  }
}

function deliveryView(d: DeliveryRecord) {
  const finishedAt = d.finishedAt === null ? null : new Date(d.finishedAt).toISOString()
  return {
    delivery_id: d.id,
    subscription_id: d.subscriptionId,
    event_id: d.eventId,
    event_name: d.eventName,
    status: d.status,
    attempts: d.attempts,
    last_status: d.lastStatus,
    last_error: d.lastError,
    created_at: new Date(d.createdAt).toISOString(),
    finished_at: finishedAt,
    failed_at: d.status === 'dead' ? finishedAt : null,
  }
}
