/**
 * GET /v1/customers/{id}/memory — a compact, size-bounded summary of one customer for an AI
 * agent (`retrieval/memory/`), personal values masked by the key's role, only the key's company.
 */
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppContext } from '../app-context.js'
import { principalOf, requireKey } from '../auth/require-key.js'
import { bearerAuth, errorAnswers, isoTimestamp, jsonObject, readErrorAnswers } from '../contract/common.js'
import { MEMORY_DEFAULT_CHARS, memoryQuery } from '../contract/read-queries.js'
import { customerIdParams } from '../contract/request-params.js'
import { unknownCustomer } from '../errors.js'
import { EventMarks } from '../query/event-marks.js'
import { maskEvents } from '../query/mask-events.js'
import { customerMemory } from '../retrieval/memory/customer-memory.js'
import { healthScoreConfig } from '../retrieval/metrics/health-score-config.js'

const memoryAnswer = z.object({
  customer_id: z.string(),
  as_of: isoTimestamp.meta({ description: 'The instant the memory describes (RFC 3339, UTC)' }),
  max_chars: z.number().int(),
  modules: z.array(z.string()).nullable().meta({ description: 'The modules asked for; null: all' }),
  text: z.string().meta({
    description: 'The memory as lines of text, never longer than max_chars (docs/guides/agent-memory.md)',
  }),
  dropped: z
    .record(z.string(), z.number().int())
    .meta({ description: 'How many items of each part were left out to stay within max_chars' }),
  parts: jsonObject.meta({
    description:
      'The items the text holds, structured: identity, value, risk, churn_risk_factors, segments, loyalty, ' +
      'identifiers, attributes, metrics (by module), recent_events',
  }),
})

export async function memoryRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const read = ctx.store.readSide
  const metricOptions = { health: healthScoreConfig(ctx.config.healthScore) }
  const marks = new EventMarks(ctx.registry.validator)
  ctx.registry.onChange(() => marks.forget())
  const routes = app.withTypeProvider<ZodTypeProvider>()

  routes.get(
    '/v1/customers/:id/memory',
    {
      schema: {
        summary: "A customer's memory for an AI agent",
        description:
          'Who the customer is, what they are worth, what went wrong and what happened last, as text of at most ' +
          'max_chars characters plus the structured parts it holds. When space runs out, items leave in a fixed, ' +
          'documented order (older events first, the identity line never). The same customer, as_of and ' +
          'max_chars give byte-identical answers. Personal values are masked by the key role; 404 when the ' +
          "key's company has no event of this customer.",
        tags: ['query'],
        security: bearerAuth,
        params: customerIdParams,
        querystring: memoryQuery,
        response: { 200: memoryAnswer, ...readErrorAnswers, ...errorAnswers(404) },
      },
      onRequest: requireKey(ctx.authenticator, 'read'),
    },
    async (request) => {
      const principal = principalOf(request)
      const customerId = request.params.id
      const query = request.query
      const memory = await customerMemory(
        read,
        {
          companyId: principal.companyId,
          customerId,
          role: principal.role,
          asOf: query.as_of ?? Date.now(),
          maxChars: query.max_chars ?? MEMORY_DEFAULT_CHARS,
          ...(query.modules && { modules: query.modules }),
        },
        metricOptions,
        (events, role) => maskEvents(events, marks, ctx.registry, role),
      )
      if (!memory) throw unknownCustomer(customerId)
      return memory
    },
  )
}
