/**
 * GET /v1/customers/{id}/metrics and GET /v1/metrics — the metrics of METRICS.md over [from, to),
 * for one customer or the whole company (optionally grouped). Metric values carry no personal
 * data; they still need a read key, and the company is always the key's.
 */
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppContext } from '../app-context.js'
import { principalOf, requireKey } from '../auth/require-key.js'
import { bearerAuth, jsonObject, readErrorAnswers } from '../contract/common.js'
import { healthAnswer, metricValues } from '../contract/metric-answers.js'
import { companyMetricsQuery, customerMetricsQuery, METRIC_GROUP_BYS } from '../contract/read-queries.js'
import { customerIdParams } from '../contract/request-params.js'
import { healthScoreConfig } from '../retrieval/metrics/health-score-config.js'
import {
  companyMetrics,
  customerMetricsWithHealth,
  groupedMetrics,
} from '../retrieval/metrics/metric-engine.js'

const windowEcho = {
  from: z
    .string()
    .nullable()
    .meta({ description: 'The window start as given (RFC 3339, UTC), null without from' }),
  to: z
    .string()
    .meta({ description: 'The window end (RFC 3339, UTC): as given, or the time of the request' }),
}

export async function metricRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const options = { health: healthScoreConfig(ctx.config.healthScore) }
  const read = ctx.store.readSide
  const routes = app.withTypeProvider<ZodTypeProvider>()

  routes.get(
    '/v1/customers/:id/metrics',
    {
      schema: {
        summary: "A customer's metrics",
        description:
          'Every customer-scope metric of METRICS.md for the resolved customer over [from, to); state metrics ' +
          '(opt status, segments, loyalty) are the state at `to`. `health` explains the health score: each ' +
          "factor's value, sub-score, weight and contribution. Needs a read key; the company is the key's.",
        tags: ['query'],
        security: bearerAuth,
        params: customerIdParams,
        querystring: customerMetricsQuery,
        response: {
          200: z.object({
            customer_id: z.string(),
            ...windowEcho,
            metrics: metricValues('customer'),
            health: healthAnswer,
          }),
          ...readErrorAnswers,
        },
      },
      onRequest: requireKey(ctx.authenticator, 'read'),
    },
    async (request) => {
      const principal = principalOf(request)
      const customerId = request.params.id
      const window = windowOf(request.query)
      const scope = { companyId: principal.companyId, customerId, ...window }
      const { metrics, health } = await customerMetricsWithHealth(read, scope, options)
      return { customer_id: customerId, ...echo(window), metrics, health }
    },
  )

  routes.get(
    '/v1/metrics',
    {
      schema: {
        summary: 'Company metrics',
        description:
          'Every company-scope metric of METRICS.md over [from, to), pooled over all customers (rates and ' +
          'averages pool events and entities, not per-customer values). With group_by=campaign_id the campaign.* ' +
          'and ads.* metrics per campaign; with group_by=ad_platform the ads.* metrics per platform. Needs a read ' +
          "key; the company is the key's.",
        tags: ['query'],
        security: bearerAuth,
        querystring: companyMetricsQuery,
        response: {
          200: z.object({
            ...windowEcho,
            metrics: metricValues('company').optional(),
            group_by: z.enum(METRIC_GROUP_BYS).optional(),
            groups: z
              .array(z.object({ key: z.record(z.string(), z.string()), metrics: jsonObject }))
              .optional()
              .meta({
                description:
                  'Groups with an event in the window or a non-empty metric, ordered by key; each has the metrics of that group_by',
              }),
          }),
          ...readErrorAnswers,
        },
      },
      onRequest: requireKey(ctx.authenticator, 'read'),
    },
    async (request) => {
      const principal = principalOf(request)
      const window = { companyId: principal.companyId, ...windowOf(request.query) }
      const groupBy = request.query.group_by
      if (groupBy) {
        const groups = await groupedMetrics(read, { ...window, groupBy }, options)
        return { ...echo(window), group_by: groupBy, groups }
      }
      return { ...echo(window), metrics: await companyMetrics(read, window, options) }
    },
  )
}

/** The window `[from, to)` in ms; `to` is now when not given. */
function windowOf(query: { from?: number | undefined; to?: number | undefined }) {
  return {
    ...(query.from !== undefined && { fromTs: query.from }),
    toTs: query.to ?? Date.now(),
  }
}

function echo(window: { fromTs?: number; toTs: number }) {
  return {
    from: window.fromTs === undefined ? null : new Date(window.fromTs).toISOString(),
    to: new Date(window.toTs).toISOString(),
  }
}
