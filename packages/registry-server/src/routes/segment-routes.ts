/**
 * Segments: preview a rule's members, save a rule under a name, list, read members of, and delete
 * saved segments. Rules compile to one SQL statement over the store (`segments/`). Reading needs
 * any read key; saving and deleting a segment changes what every reader of the company sees, so
 * it needs an admin or marketing read key. Members carry the same summary as GET /v1/customers
 * hits, masked by the key's role.
 */
import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppContext } from '../app-context.js'
import type { Principal } from '../auth/authenticator.js'
import { principalOf, requireKey } from '../auth/require-key.js'
import { bearerAuth, errorAnswers, isoTimestamp, nextCursor, readErrorAnswers } from '../contract/common.js'
import { cursor, limit, queryString } from '../contract/request-params.js'
import { assertBelowLimit, ServerError } from '../errors.js'
import { decodeCustomerCursor } from '../query/customer-cursor.js'
import { customerSummaries } from '../query/customer-summaries.js'
import { EventMarks } from '../query/event-marks.js'
import { healthScoreConfig } from '../retrieval/metrics/health-score-config.js'
import { assertInlinedSize, assertReadableFilters } from '../segments/rule-limits.js'
import { parseRule } from '../segments/rule-parser.js'
import { expandSegments } from '../segments/segment-expander.js'
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, segmentMembersPage } from '../segments/segment-members.js'
import type { SavedSegment } from '../storage/segment-store.js'
import { customerSummary } from './customer-profile-schemas.js'

const MAX_NAME_LENGTH = 200
/** Saved segments one company may keep: each is evaluated for its readers and its webhooks. */
export const MAX_SAVED_SEGMENTS = 200

// The rule parser checks a rule whole, naming the bad node by its path; the schema documents it.
const rule = z.unknown().meta({
  type: 'object',
  description:
    'A segment rule: {"all"|"any": [rules]}, {"not": rule}, {"metric", "op", "value", "within"?}, ' +
    '{"event", "within"?, "count"?: {"op", "value"}, "where"?}, {"cdp_segment": id}, {"segment": saved id}. See the segments guide.',
})

const ruleBody = z.object(
  { rule: rule.refine((r) => r !== undefined, { error: 'invalid rule at $: the body needs a "rule"' }) },
  { error: 'invalid rule at $: the body needs a "rule"' },
)

const newSegmentBody = ruleBody.extend({
  name: z
    .string({ error: `name: expected a non-empty string of at most ${MAX_NAME_LENGTH} characters` })
    .refine((name) => name.trim().length > 0 && name.length <= MAX_NAME_LENGTH, {
      error: `name: expected a non-empty string of at most ${MAX_NAME_LENGTH} characters`,
    })
    .meta({ minLength: 1, maxLength: MAX_NAME_LENGTH }),
})

const membersPage = z.object({
  count: z.number().int().meta({ description: 'All members of the rule now' }),
  members: z
    .array(customerSummary)
    .meta({ description: 'Members in customer id order (binary), summarized as GET /v1/customers hits' }),
  next_cursor: nextCursor,
})

const savedSegment = z.object({ id: z.string(), name: z.string(), rule, created_at: isoTimestamp })

const pageQuery = queryString({
  cursor: cursor(decodeCustomerCursor),
  limit: limit(MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
})

const idParams = z.object({ id: z.string().max(64, { error: 'a segment id has at most 64 characters' }) })

export async function segmentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const read = ctx.store.readSide
  const store = ctx.store.segments
  const metricOptions = { health: healthScoreConfig(ctx.config.healthScore) }
  const readKey = requireKey(ctx.authenticator, 'read')
  // Saving and deleting change what every reader of the company sees.
  const editorKey = requireKey(ctx.authenticator, 'read', { roles: ['admin', 'marketing'] })
  const routes = app.withTypeProvider<ZodTypeProvider>()

  const marks = new EventMarks(ctx.registry.validator)
  ctx.registry.onChange(() => marks.forget())

  /** The rule with its saved segments inlined, checked whole for size and for this role. */
  async function inlined(principal: Principal, input: unknown) {
    const rule = await expandSegments(parseRule(input), store, principal.companyId)
    assertInlinedSize(rule)
    assertReadableFilters(rule, principal.role, marks)
    return rule
  }

  async function members(principal: Principal, input: unknown, query: z.output<typeof pageQuery>) {
    const { companyId } = principal
    const parsed = await inlined(principal, input)
    const context = { read, companyId, now: Date.now(), metricOptions }
    const page = await segmentMembersPage(parsed, context, {
      ...(query.cursor !== undefined && { after: query.cursor }),
      ...(query.limit !== undefined && { limit: query.limit }),
    })
    const ids = page.members.map((m) => m.customer_id)
    return { ...page, members: await customerSummaries(read, companyId, principal.role, ids) }
  }

  routes.post(
    '/v1/segments/preview',
    {
      schema: {
        summary: "Preview a rule's members",
        description:
          'The customers (with at least one event) the rule holds for now: the count and one page of ids in binary order. Nothing is saved.',
        tags: ['segments'],
        security: bearerAuth,
        querystring: pageQuery,
        body: ruleBody,
        response: { 200: membersPage, ...readErrorAnswers },
      },
      onRequest: readKey,
    },
    async (request) => members(principalOf(request), request.body.rule, request.query),
  )

  routes.post(
    '/v1/segments',
    {
      schema: {
        summary: 'Save a segment',
        description:
          'Saves a named rule; its members are computed when read. Needs an admin or marketing read key.',
        tags: ['segments'],
        security: bearerAuth,
        body: newSegmentBody,
        response: { 201: savedSegment, ...readErrorAnswers },
      },
      onRequest: editorKey,
    },
    async (request, reply) => {
      const principal = principalOf(request)
      const { name, rule: input } = request.body
      // Checked whole (saved segments it names included) before it is kept.
      await inlined(principal, input)
      assertBelowLimit((await store.list(principal.companyId)).length, MAX_SAVED_SEGMENTS, 'saved segments')
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

  routes.get(
    '/v1/segments',
    {
      schema: {
        summary: 'List saved segments',
        tags: ['segments'],
        security: bearerAuth,
        response: { 200: z.object({ segments: z.array(savedSegment) }), ...readErrorAnswers },
      },
      onRequest: readKey,
    },
    async (request) => {
      const principal = principalOf(request)
      return { segments: (await store.list(principal.companyId)).map(present) }
    },
  )

  routes.get(
    '/v1/segments/:id/members',
    {
      schema: {
        summary: "A saved segment's members",
        description: 'The customers the saved rule holds for now: the count and one page of ids.',
        tags: ['segments'],
        security: bearerAuth,
        params: idParams,
        querystring: pageQuery,
        response: { 200: membersPage, ...readErrorAnswers, ...errorAnswers(404) },
      },
      onRequest: readKey,
    },
    async (request) => {
      const principal = principalOf(request)
      const segment = await store.get(principal.companyId, request.params.id)
      if (!segment) throw new ServerError('not_found', 404, `no segment ${request.params.id}`)
      return members(principal, segment.rule, request.query)
    },
  )

  routes.delete(
    '/v1/segments/:id',
    {
      schema: {
        summary: 'Delete a saved segment',
        description:
          'Needs an admin or marketing read key. 409 while another saved segment names it (delete that one first).',
        tags: ['segments'],
        security: bearerAuth,
        params: idParams,
        response: { 204: z.null(), ...readErrorAnswers, ...errorAnswers(404, 409) },
      },
      onRequest: editorKey,
    },
    async (request, reply) => {
      const principal = principalOf(request)
      const id = request.params.id
      // A saved rule naming it would answer 400 from then on: refuse instead, naming the rules.
      const referrers = (await store.list(principal.companyId))
        .filter((s) => s.id !== id && namesSegment(s.rule, id))
        .map((s) => s.id)
      if (referrers.length > 0)
        throw new ServerError('conflict', 409, `segment ${id} is named by ${referrers.join(', ')}`, {
          referenced_by: referrers,
        })
      // A webhook watching it would never fire again, silently: refuse, naming the subscriptions.
      const watchers = (await ctx.store.webhooks.listSubscriptions(principal.companyId))
        .filter((w) => w.segments.some((ref) => ref.segmentId === id))
        .map((w) => w.id)
      if (watchers.length > 0)
        throw new ServerError(
          'conflict',
          409,
          `segment ${id} is watched by webhook ${watchers.join(', ')}; delete the subscription first`,
          { watched_by: watchers },
        )
      const deleted = await store.delete(principal.companyId, request.params.id)
      if (!deleted) throw new ServerError('not_found', 404, `no segment ${request.params.id}`)
      return reply.code(204).send(null)
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

function present(segment: SavedSegment) {
  return {
    id: segment.id,
    name: segment.name,
    rule: segment.rule,
    created_at: new Date(segment.createdAt).toISOString(),
  }
}
