/**
 * Turns a request that failed its route's zod schema into the one 400 every endpoint answers:
 * the first problem's message (the schema blocks write them to name the fix), and where it is —
 * `{ parameter, value }` for the query string and path, `{ path }` for a body.
 */
import type { FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { ServerError } from '../errors.js'

export function requestValidationError(error: unknown, request: FastifyRequest): ServerError | undefined {
  if (!hasZodFastifySchemaValidationErrors(error)) return undefined
  const first = error.validation[0]!
  const message = first.message ?? 'the request does not match the endpoint; see /openapi.json'
  const where = (first.instancePath ?? '').replace(/^\//, '')
  const part = (error as { validationContext?: string }).validationContext
  if (part === 'body') {
    const path = where === '' ? '$' : `$.${where.replaceAll('/', '.')}`
    return new ServerError('bad_request', 400, message, { path })
  }
  const keys = (first.params as { keys?: unknown }).keys
  const parameter =
    first.keyword === 'unrecognized_keys' && Array.isArray(keys)
      ? String(keys[0])
      : (where.split('/')[0] ?? '')
  const source = (part === 'params' ? request.params : request.query) as Record<string, unknown> | undefined
  return new ServerError('bad_request', 400, message, { parameter, value: source?.[parameter] })
}
