/**
 * GET /v1/customers — find customers; GET /v1/customers/{id} — the customer 360 profile. Both
 * answer only the key's company, with personal values masked by the key's role.
 */
import { IDENTITY_KINDS } from '@cebe/schemas'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { AppContext } from '../app-context.js'
import type { Principal } from '../auth/authenticator.js'
import { principalOf, requireKey } from '../auth/require-key.js'
import { bearerAuth, errorAnswers, readErrorAnswers } from '../contract/common.js'
import { customerSearchQuery, noQuery, SEARCH_DEFAULT_LIMIT } from '../contract/read-queries.js'
import { customerIdParams } from '../contract/request-params.js'
import { unknownCustomer } from '../errors.js'
import { normalizeIdentifier } from '../ingest/identity-extractor.js'
import { identifierTreatment, searchableFields } from '../query/attribute-pii.js'
import { encodeCustomerCursor } from '../query/customer-cursor.js'
import { customerSummaries } from '../query/customer-summaries.js'
import { displayName, maskAttributes, maskIdentifiers } from '../query/mask-profile.js'
import { customerProfile } from '../retrieval/customer-profile.js'
import { type CustomerSearchQuery, searchCustomers } from '../retrieval/customer-search.js'
import { healthScoreConfig } from '../retrieval/metrics/health-score-config.js'
import { profileMetrics } from '../retrieval/profile-metrics.js'
import { profileAnswer, searchAnswer } from './customer-profile-schemas.js'

const iso = (ms: number) => new Date(ms).toISOString()

export async function customerProfileRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const read = ctx.store.readSide
  const metricOptions = { health: healthScoreConfig(ctx.config.healthScore) }
  const routes = app.withTypeProvider<ZodTypeProvider>()

  routes.get(
    '/v1/customers',
    {
      schema: {
        summary: 'Find customers',
        description:
          'Customers of the key’s company matching q — a customer id prefix, an exact identifier (phone, ' +
          'email, bsuid, member_id) or text inside an attribute value their CDP events set (ASCII ' +
          'case-insensitive) — optionally only current members of a segment; without q, every customer. A ' +
          'role searches only what it may read: identifiers it sees at least partly, attribute values it ' +
          'sees in clear.',
        tags: ['query'],
        security: bearerAuth,
        querystring: customerSearchQuery,
        response: { 200: searchAnswer, ...readErrorAnswers },
      },
      onRequest: requireKey(ctx.authenticator, 'read'),
    },
    async (request) => {
      const principal = principalOf(request)
      const params = request.query
      const limit = params.limit ?? SEARCH_DEFAULT_LIMIT
      const ids = await searchCustomers(read, {
        companyId: principal.companyId,
        ...(params.q !== undefined && { text: searchText(params.q, principal) }),
        ...(params.segment !== undefined && { segmentId: params.segment }),
        ...(params.cursor !== undefined && { after: params.cursor }),
        limit: limit + 1,
      })
      const page = ids.slice(0, limit)
      const last = page.at(-1)
      return {
        customers: await customerSummaries(read, principal.companyId, principal.role, page),
        next_cursor: ids.length > limit && last !== undefined ? encodeCustomerCursor(last) : null,
      }
    },
  )

  routes.get(
    '/v1/customers/:id',
    {
      schema: {
        summary: 'A customer 360 profile',
        description:
          'Identity and identifiers, current attributes, segments, loyalty state, first/last seen and event ' +
          'counts per module of the resolved customer, from its events in the key’s company. 404 when the ' +
          'company has no event of this customer. Personal values are masked by the key role.',
        tags: ['query'],
        security: bearerAuth,
        params: customerIdParams,
        querystring: noQuery,
        response: { 200: profileAnswer, ...readErrorAnswers, ...errorAnswers(404) },
      },
      onRequest: requireKey(ctx.authenticator, 'read'),
    },
    async (request) => {
      const principal = principalOf(request)
      const customerId = request.params.id
      const [profile, computed] = await Promise.all([
        customerProfile(read, principal.companyId, customerId),
        profileMetrics(read, principal.companyId, customerId, metricOptions),
      ])
      if (!profile) throw unknownCustomer(customerId)
      const role = principal.role
      return {
        customer_id: profile.customerId,
        display_name: displayName(profile.attributes, role),
        identifiers: maskIdentifiers(profile.identifiers, role),
        attributes: maskAttributes(profile.attributes, role),
        segments: profile.segments.map((s) => ({
          segment_id: s.segmentId,
          segment_name: s.segmentName,
          since: iso(s.sinceTs),
        })),
        loyalty: {
          member: profile.loyalty.member,
          tier: profile.loyalty.tier,
          available_points: profile.loyalty.availablePoints,
          programs: profile.loyalty.programs,
        },
        first_seen: iso(profile.activity.firstSeenTs),
        last_seen: iso(profile.activity.lastSeenTs),
        events_total: profile.activity.eventsTotal,
        event_counts: Object.fromEntries([...profile.activity.modules].map(([m, a]) => [m, a.events])),
        metrics: computed.metrics,
        health: computed.health,
      }
    },
  )
}

/** What `q` is matched against for this role: never a value the role could not read itself. */
function searchText(q: string, principal: Principal): NonNullable<CustomerSearchQuery['text']> {
  const identifiers = IDENTITY_KINDS.filter(
    (kind) => identifierTreatment(principal.role, kind) !== 'redact',
  ).map((kind) => ({ kind, value: normalizeIdentifier(kind, q) }))
  const fields = searchableFields(principal.role)
  return {
    value: q,
    identifiers,
    attributes: fields === undefined ? 'all' : fields.length === 0 ? 'none' : fields,
  }
}
