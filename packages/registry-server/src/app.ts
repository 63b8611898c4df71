/**
 * Builds the Fastify app around an open store: error handling, body parsing, OpenAPI and the
 * route modules. It never listens — `server.ts` does — so tests and embedders choose how to run it.
 */
import swagger from '@fastify/swagger'
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyServerOptions,
} from 'fastify'
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import type { AppContext } from './app-context.js'
import { Authenticator } from './auth/authenticator.js'
import { isClientAbort } from './client-abort.js'
import { answerClientError } from './client-error.js'
import { resolveConfig, type ServerConfig } from './config.js'
import { consoleRoutes, isConsoleBuild } from './console/console-routes.js'
import { requestValidationError } from './contract/request-errors.js'
import { isUnavailableError, ServerError, storeUnavailable } from './errors.js'
import { bodyLimitError, registerJsonBodyParser } from './ingest/body-parser.js'
import { CompanySsoIds } from './ingest/company-sso.js'
import { GroupCommitter } from './ingest/group-commit.js'
import { IdentityExtractor } from './ingest/identity-extractor.js'
import { IngestMetrics } from './observability/ingest-metrics.js'
import { SchemaRegistry } from './registry/schema-registry.js'
import { backfillRoutes } from './routes/backfill-routes.js'
import { customerProfileRoutes } from './routes/customer-profile-routes.js'
import { eventPageRoutes } from './routes/event-page-routes.js'
import { eventRoutes } from './routes/event-routes.js'
import { healthRoutes } from './routes/health-routes.js'
import { homeRoutes } from './routes/home-routes.js'
import { ingestHealthRoutes } from './routes/ingest-health-routes.js'
import { memoryRoutes } from './routes/memory-routes.js'
import { metricRoutes } from './routes/metric-routes.js'
import { schemaRoutes } from './routes/schema-routes.js'
import { segmentRoutes } from './routes/segment-routes.js'
import { webhookRoutes } from './routes/webhook-routes.js'
import type { Store } from './storage/store.js'
import { startDispatcher, startSegmentWatcher } from './webhooks/start-dispatcher.js'

export interface AppOptions {
  /** An open, migrated store. The app does not close it. */
  store: Store
  config?: Partial<ServerConfig>
  logger?: FastifyServerOptions['logger']
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const config = resolveConfig(options.config)
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: config.maxRequestBytes + 64 * 1024,
    // Keep-alive clients (the SDK) reuse connections; no request should hang forever.
    requestTimeout: 60_000,
    clientErrorHandler: answerClientError,
  })
  const ctx = await createContext(options.store, config, app.log)
  app.decorateRequest('principal', null)
  // Every route's schema is zod: it validates the request, encodes the answer (an answer that
  // does not match its schema is a 500, never a silently wrong body) and generates the OpenAPI.
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)

  app.setErrorHandler((error, request, reply) => {
    if (isClientAbort(request, error)) {
      ctx.telemetry.clientAborts.inc()
      request.log.debug(
        { code: (error as { code?: unknown }).code },
        'client closed the connection mid-request',
      )
      // Nobody reads this answer; it keeps the status out of the 5xx a store outage uses.
      reply.header('connection', 'close')
      reply.status(400).send({
        error: {
          code: 'bad_request',
          message: 'the client closed the connection before the body was complete',
        },
      })
      return
    }
    const mapped =
      bodyLimitError(error, request, config.maxRequestBytes) ??
      requestValidationError(error, request) ??
      toServerError(error)
    if (mapped.status >= 500) request.log.error({ err: error }, 'request failed')
    if (mapped.retryAfterSeconds !== undefined) reply.header('retry-after', String(mapped.retryAfterSeconds))
    reply.status(mapped.status).send({
      error: {
        code: mapped.code,
        message: mapped.message,
        ...(mapped.details !== undefined && { details: mapped.details }),
      },
    })
  })
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({
      error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` },
    })
  })
  app.addHook('onResponse', async (request, reply) => {
    ctx.telemetry.requests.observe(
      {
        route: request.routeOptions.url ?? 'unmatched',
        method: request.method,
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    )
  })
  app.addHook('onClose', async () => {
    await ctx.committer.drain()
    await ctx.segmentWatcher?.stop()
    await ctx.dispatcher?.stop()
  })

  registerJsonBodyParser(app, config.maxRequestBytes)
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'CEBE registry server',
        version: '0.1.0',
        description: 'Event ingest, schema registry and customer timelines',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  })
  await app.register(eventRoutes, ctx)
  await app.register(schemaRoutes, ctx)
  await app.register(eventPageRoutes, ctx)
  await app.register(customerProfileRoutes, ctx)
  await app.register(metricRoutes, ctx)
  await app.register(memoryRoutes, ctx)
  await app.register(segmentRoutes, ctx)
  await app.register(healthRoutes, ctx)
  await app.register(ingestHealthRoutes, ctx)
  await app.register(homeRoutes, { consoleServed: isConsoleBuild(config.consoleDir) })
  await app.register(consoleRoutes, { dir: config.consoleDir })
  await app.register(webhookRoutes, ctx)
  await app.register(backfillRoutes, ctx)
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  return app
}

async function createContext(
  store: Store,
  config: Readonly<ServerConfig>,
  log: FastifyBaseLogger,
): Promise<AppContext> {
  const registry = new SchemaRegistry(store)
  await registry.refresh()
  const identities = new IdentityExtractor(registry.validator)
  registry.onChange(() => identities.forget())
  const telemetry = new IngestMetrics(config.slaSeconds, (name) => registry.validator.has(name))
  const committer = new GroupCommitter(store, {
    maxPendingEvents: config.maxPendingEvents,
    maxEventsPerCommit: config.maxEventsPerCommit,
    maxCommitsInFlight: config.maxCommitsInFlight,
    onCommit: (rows, outcomes, seconds, committedAt) => {
      telemetry.commits.observe(seconds)
      telemetry.commitSize.observe(rows.length)
      // Source-to-commit lag and the 5 s SLA count newly stored events only (not duplicates).
      const touched = new Set<string>()
      outcomes.forEach((outcome, i) => {
        if (outcome.status !== 'accepted') return
        telemetry.committed(rows[i]!.eventTs, committedAt)
        touched.add(rows[i]!.companyId)
      })
      segmentWatcher?.committed(touched, committedAt)
      dispatcher?.nudge()
    },
  })
  const authenticator = new Authenticator(store, config.keyCacheTtlMs)
  const ssoIds = new CompanySsoIds(store)
  const dispatcher = startDispatcher(store, config, telemetry, log)
  const segmentWatcher = startSegmentWatcher(store, config, dispatcher, log)
  return {
    config,
    store,
    registry,
    ssoIds,
    identities,
    committer,
    authenticator,
    telemetry,
    dispatcher,
    segmentWatcher,
  }
}

const FASTIFY_CODES: Record<string, [ServerError['code'], number]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported_media_type', 415],
  FST_ERR_CTP_BODY_TOO_LARGE: ['payload_too_large', 413],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['invalid_json', 400],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['bad_request', 400],
  FST_ERR_VALIDATION: ['bad_request', 400],
}

/** Maps anything thrown to the error the client sees; 5xx never carry internals. */
export function toServerError(error: unknown): ServerError {
  if (error instanceof ServerError) return error
  if (isUnavailableError(error)) return storeUnavailable(error)
  const fastify = error as Partial<FastifyError>
  const known = fastify.code ? FASTIFY_CODES[fastify.code] : undefined
  if (known) {
    const message =
      known[1] === 415 ? 'send the body as application/json' : (fastify.message ?? 'bad request')
    return new ServerError(known[0], known[1], message)
  }
  if (typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return new ServerError('bad_request', fastify.statusCode, fastify.message ?? 'bad request')
  }
  return new ServerError('internal', 500, 'internal error; it has been logged')
}
