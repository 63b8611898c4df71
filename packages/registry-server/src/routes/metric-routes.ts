/**
 * GET /v1/customers/{id}/metrics and GET /v1/metrics — the metrics of METRICS.md over [from, to),
 * for one customer or the whole company (optionally grouped). Metric values carry no personal
 * data; they still need a read key, and the company is always the key's.
 */
import { metricsForScope } from '@cebe/schemas'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app-context.js'
import { principalOf, requireKey } from '../auth/require-key.js'
import { METRIC_GROUP_BYS, parseMetricsParams } from '../query/metrics-params.js'
import { parseCustomerId } from '../query/timeline-params.js'
import { healthScoreConfig } from '../retrieval/metrics/health-score-config.js'
import {
  companyMetrics,
  customerMetricsWithHealth,
  groupedMetrics,
} from '../retrieval/metrics/metric-engine.js'
import { bearerAuth, errorResponse } from './route-schemas.js'

const window = {
  from: {
    type: 'string',
    format: 'date-time',
    description:
      'RFC 3339 with offset; the window starts here (inclusive; encode "+" as %2B). Default: the beginning',
  },
  to: {
    type: 'string',
    format: 'date-time',
    description: 'RFC 3339 with offset; the window ends before this. Default: now',
  },
} as const

const metricValues = (scope: 'customer' | 'company') => ({
  type: 'object',
  description: `Every ${scope}-scope metric id of METRICS.md (see GET /v1/schemas and the metrics guide); a rate without a denominator is null`,
  required: metricsForScope(scope).map((d) => d.id),
  additionalProperties: true,
})

const windowEcho = {
  from: {
    type: ['string', 'null'],
    description: 'The window start as given (RFC 3339, UTC), null without from',
  },
  to: { type: 'string', description: 'The window end (RFC 3339, UTC): as given, or the time of the request' },
} as const

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 503: errorResponse } as const

export async function metricRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const options = { health: healthScoreConfig(ctx.config.healthScore) }
  const read = ctx.store.readSide

  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>(
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
        params: {
          type: 'object',
          required: ['id'],
          properties: {
            id: { type: 'string', minLength: 1, maxLength: 64, description: 'qontak_customer_id' },
          },
        },
        querystring: { type: 'object', additionalProperties: false, properties: window },
        response: {
          200: {
            type: 'object',
            required: ['customer_id', 'from', 'to', 'metrics', 'health'],
            properties: {
              customer_id: { type: 'string' },
              ...windowEcho,
              metrics: metricValues('customer'),
              health: {
                type: 'object',
                required: ['score', 'factors'],
                properties: {
                  score: { type: ['number', 'null'] },
                  factors: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        id: { type: 'string' },
                        title: { type: 'string' },
                        value: { type: ['number', 'string', 'null'] },
                        sub_score: { type: 'number' },
                        weight: { type: 'number' },
                        contribution: { type: 'number' },
                      },
                    },
                  },
                },
              },
            },
          },
          ...errors,
        },
      },
      onRequest: requireKey(ctx.authenticator, 'read'),
      // The schemas document; `metrics-params.ts` checks the parameters for messages that name them.
      validatorCompiler: () => () => true,
    },
    async (request) => {
      const principal = principalOf(request)
      const customerId = parseCustomerId(request.params.id)
      const params = parseMetricsParams(request.query ?? {}, { groupBy: false, now: Date.now() })
      const scope = { companyId: principal.companyId, customerId, ...params }
      const { metrics, health } = await customerMetricsWithHealth(read, scope, options)
      return { customer_id: customerId, ...echo(params), metrics, health }
    },
  )

  app.get<{ Querystring: Record<string, unknown> }>(
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
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...window,
            group_by: {
              type: 'string',
              enum: [...METRIC_GROUP_BYS],
              description: 'Group the metrics by this key',
            },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['from', 'to'],
            properties: {
              ...windowEcho,
              metrics: metricValues('company'),
              group_by: { type: 'string', enum: [...METRIC_GROUP_BYS] },
              groups: {
                type: 'array',
                description:
                  'Groups with an event in the window or a non-empty metric, ordered by key; each has the metrics of that group_by',
                items: {
                  type: 'object',
                  required: ['key', 'metrics'],
                  properties: {
                    key: { type: 'object', additionalProperties: { type: 'string' } },
                    metrics: { type: 'object', additionalProperties: true },
                  },
                },
              },
            },
          },
          ...errors,
        },
      },
      onRequest: requireKey(ctx.authenticator, 'read'),
      validatorCompiler: () => () => true,
    },
    async (request) => {
      const principal = principalOf(request)
      const params = parseMetricsParams(request.query ?? {}, { groupBy: true, now: Date.now() })
      const window = { companyId: principal.companyId, ...params }
      if (params.groupBy) {
        const groups = await groupedMetrics(read, { ...window, groupBy: params.groupBy }, options)
        return { ...echo(params), group_by: params.groupBy, groups }
      }
      return { ...echo(params), metrics: await companyMetrics(read, window, options) }
    },
  )
}

function echo(params: { fromTs?: number; toTs: number }) {
  return {
    from: params.fromTs === undefined ? null : new Date(params.fromTs).toISOString(),
    to: new Date(params.toTs).toISOString(),
  }
}
