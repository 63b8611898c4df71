/**
 * Turns a `POST /v1/webhooks` body into a subscription: checks what the JSON schema cannot
 * (URL scheme, patterns, filter, secret) and reports every problem with its JSON path at once.
 */
import { uuidv7 } from 'uuidv7'
import { ServerError } from '../errors.js'
import type { Subscription } from '../storage/webhook-store.js'
import { MAX_PATTERNS, patternProblem } from './event-pattern.js'
import { filterProblems } from './subscription-filter.js'
import { generateSecret, secretProblem } from './webhook-signature.js'

export interface NewSubscriptionBody {
  url: string
  events: string[]
  filter?: Record<string, unknown> | null
  secret?: string
  description?: string
}

export function newSubscription(companyId: string, body: NewSubscriptionBody, now: number): Subscription {
  const problems: { path: string; message: string }[] = []
  let url: URL | undefined
  try {
    url = new URL(body.url)
  } catch {
    problems.push({ path: '/url', message: 'not an absolute URL' })
  }
  if (url && url.protocol !== 'https:' && url.protocol !== 'http:') {
    problems.push({ path: '/url', message: 'webhook URLs are http:// or https://' })
  }
  if (url && (url.username || url.password)) {
    problems.push({ path: '/url', message: 'put no credentials in the URL; receivers verify the signature' })
  }
  if (body.events.length === 0 || body.events.length > MAX_PATTERNS) {
    problems.push({ path: '/events', message: `give 1–${MAX_PATTERNS} event patterns` })
  }
  body.events.forEach((pattern, i) => {
    const problem = patternProblem(pattern)
    if (problem) problems.push({ path: `/events/${i}`, message: problem })
  })
  const filter = body.filter ?? null
  if (filter !== null) problems.push(...filterProblems(filter))
  const secretIssue = body.secret === undefined ? undefined : secretProblem(body.secret)
  if (secretIssue) problems.push({ path: '/secret', message: secretIssue })
  if (problems.length > 0) {
    throw new ServerError(
      'bad_request',
      400,
      problems.map((p) => `${p.path}: ${p.message}`).join('; '),
      problems,
    )
  }
  return {
    id: `whk_${uuidv7()}`,
    companyId,
    url: body.url,
    events: [...new Set(body.events)],
    filter,
    secret: body.secret ?? generateSecret(),
    description: body.description ?? null,
    status: 'enabled',
    disabledReason: null,
    createdAt: now,
  }
}
