/**
 * The schema registry: GET /v1/schemas…, POST /v1/schemas/{event}/versions. The catalog is
 * public; a custom event is listed and served only to keys of the company that owns it (ADR 0111).
 */
import { getCatalog } from '@cebe/schemas'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppContext } from '../app-context.js'
import { optionalKey, principalOf, requireKey } from '../auth/require-key.js'
import { allErrorAnswers, bearerAuth, errorAnswers, jsonObject } from '../contract/common.js'
import { ServerError } from '../errors.js'

const eventSummary = z.object({
  name: z.string(),
  module: z.string(),
  description: z.string(),
  latest: z.string(),
  versions: z.array(z.string()),
  custom: z.boolean(),
})

const registration = z.object({
  name: z.string(),
  module: z.string(),
  version: z.string(),
  versions: z.array(z.string()),
  created: z.boolean(),
  compatibility: z.object({
    changes: z.array(
      z.object({
        event: z.string(),
        code: z.string(),
        pointer: z.string(),
        class: z.string(),
        message: z.string(),
      }),
    ),
    semverBump: z.enum(['major', 'minor', 'patch', 'none']),
  }),
})

const eventName = z.string().max(128, { error: 'an event name has at most 128 characters' })
const eventParams = z.object({ event: eventName })

const newVersionBody = z.object({
  version: z.string({ error: 'version: give the SchemaVer of this version, e.g. "1-0-0"' }),
  module: z
    .string({ error: 'module: give the source module as a string' })
    .optional()
    .meta({ description: 'Source module (required for a new custom event)' }),
  description: z
    .string({ error: 'description: give a string' })
    .max(1024, { error: 'description: at most 1024 characters' })
    .optional(),
  customer: z
    .enum(['required', 'company-scoped'], { error: 'customer: use "required" or "company-scoped"' })
    .optional(),
  attributes: z
    .record(z.string(), z.unknown(), {
      error: 'attributes: give the JSON Schema of event_attributes as an object',
    })
    .meta({ description: 'JSON Schema of event_attributes' }),
})

export async function schemaRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const descriptions = new Map(getCatalog().map((e) => [e.name, e.description]))
  const companyOf = (request: FastifyRequest) => request.principal?.companyId
  const routes = app.withTypeProvider<ZodTypeProvider>()
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

  routes.get(
    '/v1/schemas',
    {
      schema: {
        summary: 'Every event: the catalog, plus the custom events of the key’s company',
        description:
          'Without a key: the catalog. With a read or write key: also the custom events its company registered.',
        tags: ['schemas'],
        security: [{}, ...bearerAuth],
        response: { 200: z.object({ events: z.array(eventSummary) }), ...errorAnswers(401) },
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

  routes.get(
    '/v1/schemas/:event',
    {
      schema: {
        summary: 'One event: versions and the JSON Schema of the latest',
        tags: ['schemas'],
        security: [{}, ...bearerAuth],
        params: eventParams,
        response: {
          200: eventSummary.extend({ json_schema: jsonObject }),
          ...errorAnswers(400, 401, 404),
        },
      },
      onRequest: optionalKey(ctx.authenticator),
    },
    async (request) => {
      const event = summary(request.params.event, companyOf(request))
      return { ...event, json_schema: ctx.registry.validator.schemaOf(event.name) ?? {} }
    },
  )

  routes.get(
    '/v1/schemas/:event/versions/:version',
    {
      schema: {
        summary: 'The JSON Schema of one event version',
        tags: ['schemas'],
        params: z.object({
          event: eventName,
          version: z.string().max(32, { error: 'a version has at most 32 characters, like 1-0-0' }),
        }),
        security: [{}, ...bearerAuth],
        response: { 200: jsonObject, ...errorAnswers(400, 401, 404) },
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

  routes.post(
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
        body: newVersionBody,
        response: { 200: registration, 201: registration, ...allErrorAnswers },
      },
      onRequest: requireKey(ctx.authenticator, 'read', { roles: ['admin'] }),
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
