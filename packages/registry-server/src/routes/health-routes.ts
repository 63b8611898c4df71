/** Liveness, readiness (the store answers) and Prometheus metrics. */
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app-context.js'
import { storeUnavailable } from '../errors.js'
import { errorResponse } from './route-schemas.js'

export async function healthRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness',
        tags: ['operations'],
        response: { 200: { type: 'object', properties: { status: { type: 'string' } } } },
      },
    },
    async () => ({ status: 'ok' }),
  )

  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Readiness: the store answers',
        tags: ['operations'],
        response: {
          200: { type: 'object', properties: { status: { type: 'string' }, store: { type: 'string' } } },
          503: errorResponse,
        },
      },
    },
    async () => {
      try {
        await ctx.store.ping()
      } catch (error) {
        throw storeUnavailable(error)
      }
      return { status: 'ready', store: ctx.store.kind }
    },
  )

  app.get(
    '/metrics',
    { schema: { summary: 'Prometheus metrics', tags: ['operations'], produces: ['text/plain'] } },
    async (_request, reply) => {
      reply.type(ctx.metrics.registry.contentType)
      return ctx.metrics.registry.metrics()
    },
  )
}
