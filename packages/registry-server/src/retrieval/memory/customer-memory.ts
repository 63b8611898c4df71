/**
 * The customer memory (`GET /v1/customers/{id}/memory`): a compact summary an AI agent reads
 * before answering a customer. The facts as of one instant (`memory-facts.ts`), masked for the
 * key's role like the profile and the timeline (ADR 0105), cut into sections of items
 * (`memory-sections.ts`) and fitted to `maxChars` (`bounded-text.ts`). The structured parts hold
 * exactly the items the text kept, so both carry the same — and the same masked — facts.
 * Undefined when the company has no event of the customer.
 */
import { displayName, maskAttributes, maskIdentifiers } from '../../query/mask-profile.js'
import type { ReadSide } from '../../storage/read-side.js'
import { customerTimeline } from '../customer-timeline.js'
import type { MetricOptions } from '../metrics/metric-implementation.js'
import { type BoundedItem, fitSections } from './bounded-text.js'
import { eventLine } from './event-line.js'
import { type MemoryScope, memoryFacts } from './memory-facts.js'
import { type MemoryPayload, memoryModules, memorySections } from './memory-sections.js'

export interface MemoryRequest {
  companyId: string
  customerId: string
  role: string | null
  asOf: number
  maxChars: number
  modules?: readonly string[]
}

/** Masks stored envelopes for the role (the timeline's masking, with the registry's marks). */
export type EnvelopeMasker = (
  events: readonly { eventName: string; schemaVersion: string | null; body: Record<string, unknown> }[],
  role: string | null,
) => Promise<Record<string, unknown>[]>

export interface CustomerMemory {
  customer_id: string
  as_of: string
  max_chars: number
  modules: string[] | null
  text: string
  /** Items left out to stay within max_chars, per part. */
  dropped: Record<string, number>
  parts: MemoryParts
}

export type MemoryParts = {
  identity: Record<string, unknown>
  value: Record<string, unknown>
  risk: Record<string, unknown>
  churn_risk_factors: unknown[]
  segments: unknown[]
  loyalty: unknown
  identifiers: unknown[]
  attributes: { default_fields: Record<string, unknown>; custom_fields: Record<string, unknown> }
  metrics: Record<string, Record<string, unknown>>
  recent_events: unknown[]
}

/** Enough recent events to fill the largest text (a line is rarely under 40 characters). */
const RECENT_EVENTS_PER_CHARS = 40
const RECENT_EVENTS_MAX = 200

export async function customerMemory(
  read: ReadSide,
  request: MemoryRequest,
  options: MetricOptions,
  mask: EnvelopeMasker,
): Promise<CustomerMemory | undefined> {
  const scope: MemoryScope = {
    companyId: request.companyId,
    customerId: request.customerId,
    asOf: request.asOf,
    recentLimit: Math.min(RECENT_EVENTS_MAX, Math.ceil(request.maxChars / RECENT_EVENTS_PER_CHARS)),
    ...(request.modules && { modules: request.modules }),
  }
  const facts = await memoryFacts(read, scope, options)
  if (!facts.profile && !(await hasAnyEvent(read, request))) return undefined
  const role = request.role
  const masked = await mask(facts.recentEvents, role)
  const profile = facts.profile
  const sections = memorySections({
    customerId: request.customerId,
    asOf: request.asOf,
    activity: profile?.activity ?? null,
    displayName: profile ? displayName(profile.attributes, role) : null,
    identifiers: profile ? maskIdentifiers(profile.identifiers, role) : [],
    attributes: profile
      ? maskAttributes(profile.attributes, role)
      : { default_fields: {}, custom_fields: {} },
    segments: (profile?.segments ?? []).map((s) => ({
      segment_id: s.segmentId,
      segment_name: s.segmentName,
      since: new Date(s.sinceTs).toISOString(),
    })),
    loyalty: {
      member: profile?.loyalty.member ?? false,
      tier: profile?.loyalty.tier ?? null,
      available_points: profile?.loyalty.availablePoints ?? null,
      programs: profile?.loyalty.programs ?? [],
    },
    metrics: facts.computed.metrics,
    health: facts.computed.health,
    openTickets: facts.openTickets,
    lastPurchase: facts.lastPurchase,
    npsTrend: facts.npsTrend,
    modules: memoryModules(request.modules),
    recentEvents: facts.recentEvents.map((e, i) => ({
      at: new Date(e.eventTs).toISOString(),
      event_id: e.eventId,
      event_name: e.eventName,
      text: eventLine(e.eventName, e.eventTs, masked[i]!),
    })),
  })
  const fitted = fitSections(sections, request.maxChars)
  return {
    customer_id: request.customerId,
    as_of: new Date(request.asOf).toISOString(),
    max_chars: request.maxChars,
    modules: request.modules ? memoryModules(request.modules) : null,
    text: fitted.text,
    dropped: fitted.dropped,
    parts: memoryParts(fitted.kept),
  }
}

/** Whether the company has any event of the customer, as_of aside (its memory before then is empty, not unknown). */
async function hasAnyEvent(read: ReadSide, request: MemoryRequest): Promise<boolean> {
  const page = await customerTimeline(read, {
    companyId: request.companyId,
    customerId: request.customerId,
    limit: 1,
  })
  return page.length > 0
}

function memoryParts(kept: Map<string, BoundedItem<MemoryPayload>[]>): MemoryParts {
  const parts: MemoryParts = {
    identity: {},
    value: {},
    risk: {},
    churn_risk_factors: [],
    segments: [],
    loyalty: null,
    identifiers: [],
    attributes: { default_fields: {}, custom_fields: {} },
    metrics: {},
    recent_events: [],
  }
  for (const [section, items] of kept) {
    for (const { payload } of items) {
      switch (payload.kind) {
        case 'identity':
          parts.identity = payload.value
          break
        case 'entry':
          if (section === 'loyalty') parts.loyalty = payload.value
          else define(section === 'value' ? parts.value : parts.risk, payload.key, payload.value)
          break
        case 'attribute':
          define(parts.attributes[payload.list], payload.name, payload.value)
          break
        case 'metric':
          parts.metrics[payload.module] ??= {}
          define(parts.metrics[payload.module]!, payload.id, payload.value)
          break
        case 'element':
          ;(
            parts[section as 'segments' | 'identifiers' | 'churn_risk_factors' | 'recent_events'] as unknown[]
          ).push(payload.value)
          break
      }
    }
  }
  return parts
}

/** An own data property even for a key named `__proto__` (attribute names come from events). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true })
}
