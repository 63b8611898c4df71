/** GET /v1/ingest/health — the server's own ingest figures as JSON, for any read key. */
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppContext } from '../app-context.js'
import { requireKey } from '../auth/require-key.js'
import { bearerAuth, errorAnswers, isoTimestamp } from '../contract/common.js'
import { ingestHealth } from '../observability/ingest-health.js'

const quantile = z.number().nullable().meta({ description: 'Seconds; null until an event was committed' })

const ingestHealthAnswer = z.object({
  at: isoTimestamp.meta({ description: 'When these figures were read' }),
  uptime_seconds: z.number().meta({ description: 'Seconds since this server process started counting' }),
  events: z.object({
    accepted: z.number(),
    duplicates: z.number(),
    conflicts: z.number(),
    rejected: z.number(),
  }),
  rejects_by_reason: z
    .array(z.object({ reason: z.string(), count: z.number() }))
    .meta({ description: 'Rejected events by the code of their first error, largest first' }),
  commit_lag: z.object({
    sla_seconds: z.number(),
    count: z.number().meta({ description: 'Accepted events whose source-to-commit lag was measured' }),
    p50_seconds: quantile,
    p99_seconds: quantile,
    over_sla: z.number(),
  }),
})

export async function ingestHealthRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/ingest/health',
    {
      schema: {
        summary: 'Ingest health: events by outcome, rejects by reason, commit lag against the SLA',
        description:
          "This server process's figures since it started, across every tenant it serves (the same " +
          'counters /metrics exposes to Prometheus). Rates are the difference of two readings over the ' +
          'difference of their `at`. Needs an admin read key: the figures cover every tenant, so they are an ' +
          "operator's view, not one company's.",
        tags: ['operations'],
        security: bearerAuth,
        response: { 200: ingestHealthAnswer, ...errorAnswers(401, 403) },
      },
      onRequest: requireKey(ctx.authenticator, 'read', { roles: ['admin'] }),
    },
    async () => ingestHealth(ctx.telemetry),
  )
}
