/**
 * GET /v1/customers/{id}/memory — a compact, size-bounded summary of one customer for an AI
 * agent (`retrieval/memory/`), personal values masked by the key's role, only the key's company.
 */
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app-context.js'
import { principalOf, requireKey } from '../auth/require-key.js'
import { unknownCustomer } from '../errors.js'
import { EventMarks } from '../query/event-marks.js'
import { maskEvents } from '../query/mask-events.js'
import {
  MEMORY_DEFAULT_CHARS,
  MEMORY_MAX_CHARS,
  MEMORY_MIN_CHARS,
  parseMemoryParams,
} from '../query/memory-params.js'
import { parseCustomerId } from '../query/timeline-params.js'
import { customerMemory } from '../retrieval/memory/customer-memory.js'
import { healthScoreConfig } from '../retrieval/metrics/health-score-config.js'
import { customerParams } from './customer-profile-schemas.js'
import { bearerAuth, customerReadErrors } from './route-schemas.js'

const memoryQuerystring = {
  type: 'object',
  additionalProperties: false,
  properties: {
    max_chars: {
      type: 'integer',
      minimum: MEMORY_MIN_CHARS,
      maximum: MEMORY_MAX_CHARS,
      default: MEMORY_DEFAULT_CHARS,
      description: 'Hard bound on `text`, in Unicode characters (code points)',
    },
    as_of: {
      type: 'string',
      format: 'date-time',
      description:
        'RFC 3339 with offset; the memory as it stood then — later events are left out. Default: now. Give it for byte-identical answers',
    },
    modules: {
      type: 'string',
      description: 'Comma-separated source modules whose metrics and recent events to include (default: all)',
      examples: ['ticketing,conversion'],
    },
  },
} as const

const memoryResponse = {
  type: 'object',
  required: ['customer_id', 'as_of', 'max_chars', 'modules', 'text', 'dropped', 'parts'],
  properties: {
    customer_id: { type: 'string' },
    as_of: { type: 'string', description: 'The instant the memory describes (RFC 3339, UTC)' },
    max_chars: { type: 'integer' },
    modules: { type: ['array', 'null'], items: { type: 'string' } },
    text: {
      type: 'string',
      description: 'The memory as lines of text, never longer than max_chars (docs/guides/agent-memory.md)',
    },
    dropped: {
      type: 'object',
      description: 'How many items of each part were left out to stay within max_chars',
      additionalProperties: { type: 'integer' },
    },
    parts: {
      type: 'object',
      description:
        'The items the text holds, structured: identity, value, risk, churn_risk_factors, segments, loyalty, identifiers, attributes, metrics (by module), recent_events',
      additionalProperties: true,
    },
  },
} as const

export async function memoryRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const read = ctx.store.readSide
  const metricOptions = { health: healthScoreConfig(ctx.config.healthScore) }
  const marks = new EventMarks(ctx.registry.validator)
  ctx.registry.onChange(() => marks.forget())

  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>(
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
        params: customerParams,
        querystring: memoryQuerystring,
        response: { 200: memoryResponse, ...customerReadErrors },
      },
      onRequest: requireKey(ctx.authenticator, 'read'),
      // The schemas document; `memory-params.ts` checks the parameters for messages that name them.
      validatorCompiler: () => () => true,
    },
    async (request) => {
      const principal = principalOf(request)
      const customerId = parseCustomerId(request.params.id)
      const params = parseMemoryParams(request.query ?? {}, Date.now())
      const memory = await customerMemory(
        read,
        {
          companyId: principal.companyId,
          customerId,
          role: principal.role,
          asOf: params.asOf,
          maxChars: params.maxChars,
          ...(params.modules && { modules: params.modules }),
        },
        metricOptions,
        (events, role) => maskEvents(events, marks, ctx.registry, role),
      )
      if (!memory) throw unknownCustomer(customerId)
      return memory
    },
  )
}
