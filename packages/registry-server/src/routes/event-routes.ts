/** POST /v1/events — batch ingest (ARCHITECTURE.md, HTTP API). */
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app-context.js'
import { principalOf, requireKey } from '../auth/require-key.js'
import { ingest } from '../ingest/ingest-pipeline.js'
import { bearerAuth, errorResponses, ingestRequest, ingestResponse } from './route-schemas.js'

export async function eventRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.post(
    '/v1/events',
    {
      schema: {
        summary: 'Ingest a batch of events',
        description:
          'Up to 500 events and 1 MB (after gzip decompression) per request, 32 KB per event. Each event is ' +
          'accepted, a duplicate (same event_id and content as before), a conflict (same event_id, other ' +
          'content: the first write is kept) or rejected with its errors. Answered after the commit.',
        tags: ['ingest'],
        security: bearerAuth,
        body: ingestRequest,
        response: { 200: ingestResponse, ...errorResponses },
      },
      // Before the body is read: without a valid write key, no decompression and no parse.
      onRequest: requireKey(ctx.authenticator, 'write'),
      // The body schema is documentation: events are validated per event by the pipeline.
      validatorCompiler: () => () => true,
    },
    async (request) => ingest(request.body, principalOf(request), ctx),
  )
}
