/**
 * The schema registry: GET /v1/schemas…, POST /v1/schemas/{event}/versions. The catalog is
 * public; a custom event is listed and served only to keys of the company that owns it (ADR 0111).
 */
import { getCatalog } from '@cebe/schemas'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AppContext } from '../app-context.js'
import { optionalKey, principalOf, requireKey } from '../auth/require-key.js'
import { ServerError } from '../errors.js'
import type { NewVersion } from '../registry/schema-registry.js'
import { bearerAuth, errorResponses } from './route-schemas.js'

const eventSummary = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    module: { type: 'string' },
    description: { type: 'string' },
    latest: { type: 'string' },
    versions: { type: 'array', items: { type: 'string' } },
    custom: { type: 'boolean' },
  },
} as const

const eventParams = {
  type: 'object',
  required: ['event'],
  properties: { event: { type: 'string', maxLength: 128 } },
} as const

export async function schemaRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const descriptions = new Map(getCatalog().map((e) => [e.name, e.description]))
  const companyOf = (request: FastifyRequest) => request.principal?.companyId
  const summary = (name: string, companyId: string | undefined) => {
    const described = ctx.registry.visibleTo(name, companyId)
      ? ctx.registry.validator.describe(name)
      : undefined
    if (!described) {
      throw new ServerError(
        'not_found',
        404,
        `no event "${name}"; GET /v1/schemas lists them (custom events only with a key of the company that registered them)`,
      )
    }
    const custom = !descriptions.has(name)
    const latest = described.versions.at(-1)!
    const description =
      descriptions.get(name) ?? String(ctx.registry.validator.schemaOf(name)?.description ?? '')
    return { name, module: described.module, description, latest, versions: described.versions, custom }
  }

  app.get(
    '/v1/schemas',
    {
      schema: {
        summary: 'Every event: the catalog, plus the custom events of the key’s company',
        description:
          'Without a key: the catalog. With a read or write key: also the custom events its company registered.',
        tags: ['schemas'],
        security: [{}, ...bearerAuth],
        response: {
          200: { type: 'object', properties: { events: { type: 'array', items: eventSummary } } },
          401: errorResponses[401],
        },
      },
      onRequest: optionalKey(ctx.authenticator),
    },
    async (request) => {
      const company = companyOf(request)
      return {
        events: ctx.registry.validator
          .list()
          .filter((e) => ctx.registry.visibleTo(e.name, company))
          .map((e) => summary(e.name, company)),
      }
    },
  )

  app.get<{ Params: { event: string } }>(
    '/v1/schemas/:event',
    {
      schema: {
        summary: 'One event: versions and the JSON Schema of the latest',
        tags: ['schemas'],
        security: [{}, ...bearerAuth],
        params: eventParams,
        response: {
          200: {
            type: 'object',
            properties: {
              ...eventSummary.properties,
              json_schema: { type: 'object', additionalProperties: true },
            },
          },
          401: errorResponses[401],
          404: errorResponses[404],
        },
      },
      onRequest: optionalKey(ctx.authenticator),
    },
    async (request) => {
      const event = summary(request.params.event, companyOf(request))
      return { ...event, json_schema: ctx.registry.validator.schemaOf(event.name) }
    },
  )

  app.get<{ Params: { event: string; version: string } }>(
    '/v1/schemas/:event/versions/:version',
    {
      schema: {
        summary: 'The JSON Schema of one event version',
        tags: ['schemas'],
        params: {
          type: 'object',
          required: ['event', 'version'],
          properties: {
            event: { type: 'string', maxLength: 128 },
            version: { type: 'string', maxLength: 32 },
          },
        },
        security: [{}, ...bearerAuth],
        response: {
          200: { type: 'object', additionalProperties: true },
          401: errorResponses[401],
          404: errorResponses[404],
        },
      },
      onRequest: optionalKey(ctx.authenticator),
    },
    async (request) => {
      const { event, version } = request.params
      const visible = ctx.registry.visibleTo(event, companyOf(request))
      const schema = visible ? ctx.registry.validator.schemaOf(event, version) : undefined
      if (!schema) throw new ServerError('not_found', 404, `no version ${version} of "${event}"`)
      return schema
    },
  )

  app.post<{ Params: { event: string }; Body: NewVersion }>(
    '/v1/schemas/:event/versions',
    {
      schema: {
        summary: 'Register a custom event or a new version of one',
        description:
          'Needs an admin read key. The event belongs to the key’s company: only its keys can send, list or ' +
          'extend it. Catalog events are refused (403): their versions ship with @cebe/schemas. The attributes ' +
          'schema is limited in size (64 KB, 256 properties, 16 levels) and its patterns must be anchored, ' +
          'group-free and have at most one variable quantifier. The compatibility checker compares the new ' +
          'version with the existing ones; a change the version number does not declare (SchemaVer) is ' +
          'answered 409 with the breaking changes. Ingest validates against the new version from then on.',
        tags: ['schemas'],
        security: bearerAuth,
        params: eventParams,
        body: {
          type: 'object',
          required: ['version', 'attributes'],
          properties: {
            version: { type: 'string', description: 'SchemaVer, e.g. 1-0-0' },
            module: { type: 'string', description: 'Source module (required for a new custom event)' },
            description: { type: 'string', maxLength: 1024 },
            customer: { type: 'string', enum: ['required', 'company-scoped'] },
            attributes: {
              type: 'object',
              description: 'JSON Schema of event_attributes',
              additionalProperties: true,
            },
          },
        },
        response: {
          200: { type: 'object', additionalProperties: true },
          201: { type: 'object', additionalProperties: true },
          ...errorResponses,
        },
      },
      onRequest: requireKey(ctx.authenticator, 'read', { role: 'admin' }),
      // A registration is small; the limit keeps a hostile one from costing a parse of 1 MB.
      bodyLimit: 128 * 1024,
    },
    async (request, reply) => {
      const principal = principalOf(request)
      const registration = await ctx.registry.register(
        request.params.event,
        request.body,
        principal.companyId,
      )
      reply.status(registration.created ? 201 : 200)
      return registration
    },
  )
}
