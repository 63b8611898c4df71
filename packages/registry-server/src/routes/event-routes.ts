/** POST /v1/events — batch ingest (ARCHITECTURE.md, HTTP API). */
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app-context.js'
import { principalOf, requireKey } from '../auth/require-key.js'
import { allErrorAnswers, bearerAuth } from '../contract/common.js'
import { ingestAnswer, ingestBody } from '../contract/ingest-contract.js'
import { ingest } from '../ingest/ingest-pipeline.js'

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
        body: ingestBody,
        response: { 200: ingestAnswer, ...allErrorAnswers },
      },
      // Before the body is read: without a valid write key, no decompression and no parse.
      onRequest: requireKey(ctx.authenticator, 'write'),
    },
    async (request) => ingest(request.body, principalOf(request), ctx),
  )
}
