/**
 * Segments: preview a rule's members, save a rule under a name, list, read members of, and delete
 * saved segments. Rules compile to one SQL statement over the store (`segments/`). Reading needs
 * any read key; saving and deleting a segment changes what every reader of the company sees, so
 * it needs an admin or marketing read key. Members carry the same summary as GET /v1/customers
 * hits, masked by the key's role.
 */
import { randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AppContext } from '../app-context.js'
import type { Principal } from '../auth/authenticator.js'
import { principalOf, requireKey } from '../auth/require-key.js'
import { ServerError } from '../errors.js'
import { customerSummaries } from '../query/customer-summaries.js'
import { healthScoreConfig } from '../retrieval/metrics/health-score-config.js'
import { parseRule } from '../segments/rule-parser.js'
import { expandSegments } from '../segments/segment-expander.js'
import { MAX_PAGE_SIZE, segmentMembersPage } from '../segments/segment-members.js'
import type { SavedSegment } from '../storage/segment-store.js'
import { searchResponse } from './customer-profile-schemas.js'
import { bearerAuth, errorResponse } from './route-schemas.js'

const EDITOR_ROLES = new Set(['admin', 'marketing'])

const rule = {
  type: 'object',
  description:
    'A segment rule: {"all"|"any": [rules]}, {"not": rule}, {"metric", "op", "value", "within"?}, ' +
    '{"event", "within"?, "count"?: {"op", "value"}, "where"?}, {"cdp_segment": id}, {"segment": saved id}. See the segments guide.',
  additionalProperties: true,
} as const

const membersPage = {
  type: 'object',
  required: ['count', 'members', 'next_cursor'],
  properties: {
    count: { type: 'integer', description: 'All members of the rule now' },
    members: {
      type: 'array',
      description: 'Members in customer id order (binary), summarized as GET /v1/customers hits',
      items: searchResponse.properties.customers.items,
    },
    next_cursor: {
      type: ['string', 'null'],
      description: 'Pass as ?cursor= for the next page; null on the last',
    },
  },
} as const

const savedSegment = {
  type: 'object',
  required: ['id', 'name', 'rule', 'created_at'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    rule,
    created_at: { type: 'string', format: 'date-time' },
  },
} as const

const pageQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    cursor: { type: 'string', description: 'next_cursor of the previous page' },
    limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, description: 'Page size (default 100)' },
  },
} as const

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 503: errorResponse } as const

export async function segmentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const read = ctx.store.readSide
  const store = ctx.store.segments
  const metricOptions = { health: healthScoreConfig(ctx.config.healthScore) }
  const readKey = requireKey(ctx.authenticator, 'read')
  // The schemas document; the parsers below check the input for messages that name the bad part.
  const noValidation = { validatorCompiler: () => () => true }

  async function members(principal: Principal, input: unknown, query: Record<string, unknown>) {
    const { companyId } = principal
    const parsed = await expandSegments(parseRule(input), store, companyId)
    const context = { read, companyId, now: Date.now(), metricOptions }
    const page = await segmentMembersPage(parsed, context, parsePage(query))
    const ids = page.members.map((m) => m.customer_id)
    return { ...page, members: await customerSummaries(read, companyId, principal.role, ids) }
  }

  app.post<{ Body: unknown; Querystring: Record<string, unknown> }>(
    '/v1/segments/preview',
    {
      schema: {
        summary: "Preview a rule's members",
        description:
          'The customers (with at least one event) the rule holds for now: the count and one page of ids in binary order. Nothing is saved.',
        tags: ['segments'],
        security: bearerAuth,
        querystring: pageQuery,
        body: { type: 'object', required: ['rule'], properties: { rule } },
        response: { 200: membersPage, ...errors },
      },
      onRequest: readKey,
      ...noValidation,
    },
    async (request) => {
      const principal = principalOf(request)
      return members(principal, ruleOf(request.body), request.query ?? {})
    },
  )

  app.post<{ Body: unknown }>(
    '/v1/segments',
    {
      schema: {
        summary: 'Save a segment',
        description:
          'Saves a named rule; its members are computed when read. Needs an admin or marketing read key.',
        tags: ['segments'],
        security: bearerAuth,
        body: {
          type: 'object',
          required: ['name', 'rule'],
          properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, rule },
        },
        response: { 201: savedSegment, ...errors },
      },
      onRequest: readKey,
      ...noValidation,
    },
    async (request, reply) => {
      const principal = editor(request)
      const body = request.body as Record<string, unknown> | undefined
      const name = body?.name
      if (typeof name !== 'string' || name.trim().length === 0 || name.length > 200)
        throw new ServerError(
          'bad_request',
          400,
          'name: expected a non-empty string of at most 200 characters',
          {
            path: '$.name',
          },
        )
      const input = ruleOf(body)
      // Checked whole (saved segments it names included) before it is kept.
      await expandSegments(parseRule(input), store, principal.companyId)
      const segment: SavedSegment = {
        id: `seg_${randomBytes(12).toString('base64url')}`,
        companyId: principal.companyId,
        name,
        rule: input,
        createdAt: Date.now(),
      }
      await store.create(segment)
      return reply.code(201).send(present(segment))
    },
  )

  app.get(
    '/v1/segments',
    {
      schema: {
        summary: 'List saved segments',
        tags: ['segments'],
        security: bearerAuth,
        response: {
          200: {
            type: 'object',
            required: ['segments'],
            properties: { segments: { type: 'array', items: savedSegment } },
          },
          ...errors,
        },
      },
      onRequest: readKey,
    },
    async (request) => {
      const principal = principalOf(request)
      return { segments: (await store.list(principal.companyId)).map(present) }
    },
  )

  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>(
    '/v1/segments/:id/members',
    {
      schema: {
        summary: "A saved segment's members",
        description: 'The customers the saved rule holds for now: the count and one page of ids.',
        tags: ['segments'],
        security: bearerAuth,
        params: idParams,
        querystring: pageQuery,
        response: { 200: membersPage, 404: errorResponse, ...errors },
      },
      onRequest: readKey,
      ...noValidation,
    },
    async (request) => {
      const principal = principalOf(request)
      const segment = await store.get(principal.companyId, request.params.id)
      if (!segment) throw new ServerError('not_found', 404, `no segment ${request.params.id}`)
      return members(principal, segment.rule, request.query ?? {})
    },
  )

  app.delete<{ Params: { id: string } }>(
    '/v1/segments/:id',
    {
      schema: {
        summary: 'Delete a saved segment',
        description:
          'Needs an admin or marketing read key. 409 while another saved segment names it (delete that one first).',
        tags: ['segments'],
        security: bearerAuth,
        params: idParams,
        response: { 204: { type: 'null' }, 404: errorResponse, 409: errorResponse, ...errors },
      },
      onRequest: readKey,
    },
    async (request, reply) => {
      const principal = editor(request)
      const id = request.params.id
      // A saved rule naming it would answer 400 from then on: refuse instead, naming the rules.
      const referrers = (await store.list(principal.companyId))
        .filter((s) => s.id !== id && namesSegment(s.rule, id))
        .map((s) => s.id)
      if (referrers.length > 0)
        throw new ServerError('conflict', 409, `segment ${id} is named by ${referrers.join(', ')}`, {
          referenced_by: referrers,
        })
      const deleted = await store.delete(principal.companyId, request.params.id)
      if (!deleted) throw new ServerError('not_found', 404, `no segment ${request.params.id}`)
      return reply.code(204).send()
    },
  )
}

/** True when a stored rule has a `{"segment": id}` node anywhere. */
function namesSegment(rule: unknown, id: string): boolean {
  if (Array.isArray(rule)) return rule.some((r) => namesSegment(r, id))
  if (typeof rule !== 'object' || rule === null) return false
  const node = rule as Record<string, unknown>
  if (node.segment === id) return true
  return ['all', 'any', 'not'].some((key) => namesSegment(node[key], id))
}

function editor(request: FastifyRequest) {
  const principal = principalOf(request)
  if (!EDITOR_ROLES.has(principal.role ?? ''))
    throw new ServerError(
      'forbidden',
      403,
      `saving and deleting segments needs an admin or marketing key; this is a ${principal.role} key`,
    )
  return principal
}

function ruleOf(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || !('rule' in body))
    throw new ServerError('bad_request', 400, 'invalid rule at $: the body needs a "rule"', { path: '$' })
  return (body as { rule: unknown }).rule
}

function parsePage(query: Record<string, unknown>): { cursor?: string; limit?: number } {
  for (const key of Object.keys(query)) {
    if (key !== 'cursor' && key !== 'limit')
      throw new ServerError('bad_request', 400, `${key}: unknown parameter (allowed: cursor, limit)`, {
        parameter: key,
      })
  }
  const page: { cursor?: string; limit?: number } = {}
  if (query.cursor !== undefined) {
    if (typeof query.cursor !== 'string' || query.cursor.length === 0 || query.cursor.length > 2000)
      throw new ServerError('bad_request', 400, 'cursor: not a cursor this endpoint returned', {
        parameter: 'cursor',
      })
    page.cursor = query.cursor
  }
  if (query.limit !== undefined) {
    const limit = Number(query.limit)
    if (
      typeof query.limit !== 'string' ||
      !/^[0-9]+$/.test(query.limit) ||
      limit < 1 ||
      limit > MAX_PAGE_SIZE
    )
      throw new ServerError('bad_request', 400, `limit: expected a whole number from 1 to ${MAX_PAGE_SIZE}`, {
        parameter: 'limit',
      })
    page.limit = limit
  }
  return page
}

function present(segment: SavedSegment) {
  return {
    id: segment.id,
    name: segment.name,
    rule: segment.rule,
    created_at: new Date(segment.createdAt).toISOString(),
  }
}
