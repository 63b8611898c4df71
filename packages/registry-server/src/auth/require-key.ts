/**
 * Key checks as `onRequest` hooks: they run before Fastify reads the body, so a request without
 * a valid key costs a header check (and at most one cached key lookup), never a decompression or
 * a JSON parse. The principal is left on `request.principal` for the handler.
 */
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify'
import { ServerError } from '../errors.js'
import type { KeyType, ReadRole } from '../storage/store.js'
import type { Authenticator, Principal } from './authenticator.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireKey` (always) or `optionalKey` (when a key was sent). */
    principal: Principal | null
  }
}

/** The route needs a key of `type` (and one of `roles`): 401 without a valid one, 403 for another kind. */
export function requireKey(
  authenticator: Authenticator,
  type: KeyType,
  options: { roles?: readonly ReadRole[] } = {},
): onRequestAsyncHookHandler {
  const roles = options.roles
  return async (request) => {
    const principal = await authenticator.authenticate(request.headers.authorization, type)
    if (roles !== undefined && !roles.includes(principal.role as ReadRole)) {
      throw new ServerError(
        'forbidden',
        403,
        `this endpoint needs ${article(roles[0]!)} ${roles.join(' or ')} key; this is ${article(principal.role ?? '')} ${principal.role} key`,
      )
    }
    request.principal = principal
  }
}

/** The route answers everyone, and more to a valid key of either type; a bad key is still 401. */
export function optionalKey(authenticator: Authenticator): onRequestAsyncHookHandler {
  return async (request) => {
    const header = request.headers.authorization
    request.principal = header === undefined ? null : await authenticator.authenticateAny(header)
  }
}

/** The principal a `requireKey` hook left; a route without the hook is a programming error. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new ServerError('unauthorized', 401, 'this endpoint needs an API key')
  return request.principal
}

const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a')
