/**
 * Turns a `POST /v1/webhooks` body into a subscription: checks what the JSON schema cannot
 * (URL scheme, patterns, filter, secret, named segments) and reports every problem with its JSON
 * path at once.
 */
import { uuidv7 } from 'uuidv7'
import { ServerError } from '../errors.js'
import type { SegmentSubscription, SegmentTransitionName, Subscription } from '../storage/webhook-store.js'
import { MAX_PATTERNS, patternProblem } from './event-pattern.js'
import { filterProblems } from './subscription-filter.js'
import { generateSecret, secretProblem } from './webhook-signature.js'

const SEGMENT_TRANSITIONS: readonly string[] = [
  'segment.entered',
  'segment.exited',
] satisfies SegmentTransitionName[]

export interface NewSubscriptionBody {
  url: string
  events: string[]
  filter?: Record<string, unknown> | null
  /** Segment entries/exits; `segment_id` absent: any saved segment of the company. */
  segments?: { transition: string; segment_id?: string }[]
  secret?: string
  description?: string
}

/** `savedSegments`: the ids of the company's saved segments, which `segments[].segment_id` must name. */
export function newSubscription(
  companyId: string,
  body: NewSubscriptionBody,
  now: number,
  savedSegments: ReadonlySet<string>,
): Subscription {
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
  const segments: SegmentSubscription[] = (body.segments ?? []).map((s) => ({
    // Checked below; a bad value is reported, never stored.
    transition: s.transition as SegmentTransitionName,
    segmentId: s.segment_id ?? null,
  }))
  if (body.events.length > MAX_PATTERNS || (body.events.length === 0 && segments.length === 0)) {
    problems.push({
      path: '/events',
      message: `give 1–${MAX_PATTERNS} event patterns, or none and at least one entry in "segments"`,
    })
  }
  segments.forEach((s, i) => {
    if (!SEGMENT_TRANSITIONS.includes(s.transition))
      problems.push({
        path: `/segments/${i}/transition`,
        message: `"${s.transition}" is not a segment transition: use "segment.entered" or "segment.exited"`,
      })
    if (s.segmentId !== null && !savedSegments.has(s.segmentId))
      problems.push({
        path: `/segments/${i}/segment_id`,
        message: `no saved segment ${s.segmentId} in this company (POST /v1/segments saves one; omit segment_id for any)`,
      })
  })
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
    segments: uniqueSegments(segments),
    secret: body.secret ?? generateSecret(),
    description: body.description ?? null,
    status: 'enabled',
    disabledReason: null,
    createdAt: now,
  }
}

function uniqueSegments(segments: readonly SegmentSubscription[]): SegmentSubscription[] {
  const seen = new Set<string>()
  return segments.filter((s) => {
    const key = `${s.transition} ${s.segmentId ?? '*'}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
