/** Liveness, readiness (the store answers, within a bound) and Prometheus metrics. */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../app-context.js'
import { errorAnswers } from '../contract/common.js'
import { storeUnavailable } from '../errors.js'

/** `work`, or a rejection once `ms` have passed; a late failure of `work` is then ignored. */
function withDeadline(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the store did not answer within ${ms} ms`)), ms)
  })
  work.catch(() => undefined)
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer))
}

export async function healthRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness',
        tags: ['operations'],
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  )

  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Readiness: the store answers and can take writes',
        description:
          'Answers within readyTimeoutMs (2 s by default): 503 + Retry-After when the store is down, frozen, ' +
          'or (SQLite) another process holds the write lock.',
        tags: ['operations'],
        response: {
          200: z.object({ status: z.literal('ready'), store: z.enum(['sqlite', 'postgres']) }),
          ...errorAnswers(503),
        },
      },
    },
    async () => {
      try {
        await withDeadline(ctx.store.ping(), ctx.config.readyTimeoutMs)
      } catch (error) {
        throw storeUnavailable(error)
      }
      return { status: 'ready' as const, store: ctx.store.kind }
    },
  )

  app.get(
    '/metrics',
    { schema: { summary: 'Prometheus metrics', tags: ['operations'], produces: ['text/plain'] } },
    async (_request, reply) => {
      reply.type(ctx.telemetry.registry.contentType)
      return ctx.telemetry.registry.metrics()
    },
  )
}
