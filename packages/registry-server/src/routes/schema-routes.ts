/** The schema registry: GET /v1/schemas…, POST /v1/schemas/{event}/versions. */
import { getCatalog } from '@cebe/schemas'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app-context.js'
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
  const summary = (name: string) => {
    const described = ctx.registry.validator.describe(name)
    if (!described) throw new ServerError('not_found', 404, `no event "${name}"; GET /v1/schemas lists them`)
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
        summary: 'Every event: the catalog plus registered custom events',
        tags: ['schemas'],
        response: { 200: { type: 'object', properties: { events: { type: 'array', items: eventSummary } } } },
      },
    },
    async () => ({ events: ctx.registry.validator.list().map((e) => summary(e.name)) }),
  )

  app.get<{ Params: { event: string } }>(
    '/v1/schemas/:event',
    {
      schema: {
        summary: 'One event: versions and the JSON Schema of the latest',
        tags: ['schemas'],
        params: eventParams,
        response: {
          200: {
            type: 'object',
            properties: {
              ...eventSummary.properties,
              json_schema: { type: 'object', additionalProperties: true },
            },
          },
          404: errorResponses[404],
        },
      },
    },
    async (request) => {
      const event = summary(request.params.event)
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
        response: { 200: { type: 'object', additionalProperties: true }, 404: errorResponses[404] },
      },
    },
    async (request) => {
      const { event, version } = request.params
      const schema = ctx.registry.validator.schemaOf(event, version)
      if (!schema) throw new ServerError('not_found', 404, `no version ${version} of "${event}"`)
      return schema
    },
  )

  app.post<{ Params: { event: string }; Body: NewVersion }>(
    '/v1/schemas/:event/versions',
    {
      schema: {
        summary: 'Register a custom event or a new version of an event',
        description:
          'Needs an admin read key. The compatibility checker compares the new version with the existing ones; ' +
          'a change the version number does not declare (SchemaVer) is answered 409 with the breaking changes. ' +
          'Ingest validates against the new version from then on.',
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
    },
    async (request, reply) => {
      const principal = await ctx.authenticator.authenticate(request.headers.authorization, 'read')
      if (principal.role !== 'admin')
        throw new ServerError('forbidden', 403, 'registering schemas needs an admin key')
      const registration = await ctx.registry.register(request.params.event, request.body)
      reply.status(registration.created ? 201 : 200)
      return registration
    },
  )
}
