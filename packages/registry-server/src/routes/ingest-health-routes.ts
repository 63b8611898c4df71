/** GET /v1/ingest/health — the server's own ingest figures as JSON, for any read key. */
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app-context.js'
import { requireKey } from '../auth/require-key.js'
import { ingestHealth } from '../observability/ingest-health.js'
import { errorResponse } from './route-schemas.js'

const count = { type: 'number' } as const
const seconds = { type: ['number', 'null'] } as const

export async function ingestHealthRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get(
    '/v1/ingest/health',
    {
      onRequest: requireKey(ctx.authenticator, 'read'),
      schema: {
        summary: 'Ingest health: events by outcome, rejects by reason, commit lag against the SLA',
        description:
          "This server process's figures since it started, across every tenant it serves (the same " +
          'counters /metrics exposes to Prometheus). Rates are the difference of two readings over the ' +
          'difference of their `at`.',
        tags: ['operations'],
        security: [{ bearerAuth: [] }],
        response: {
          200: {
            type: 'object',
            required: ['at', 'uptime_seconds', 'events', 'rejects_by_reason', 'commit_lag'],
            properties: {
              at: { type: 'string', format: 'date-time' },
              uptime_seconds: count,
              events: {
                type: 'object',
                properties: { accepted: count, duplicates: count, conflicts: count, rejected: count },
              },
              rejects_by_reason: {
                type: 'array',
                items: { type: 'object', properties: { reason: { type: 'string' }, count } },
              },
              commit_lag: {
                type: 'object',
                properties: {
                  sla_seconds: count,
                  count,
                  p50_seconds: seconds,
                  p99_seconds: seconds,
                  over_sla: count,
                },
              },
            },
          },
          401: errorResponse,
          403: errorResponse,
        },
      },
    },
    async () => ingestHealth(ctx.telemetry),
  )
}
