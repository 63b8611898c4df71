/**
 * The customer's current state folded from their events, oldest first (event_timestamp, ties by
 * event_id in binary order, so the last event folded is the latest — METRICS.md's "latest"):
 * attributes from `customer.created` / `customer.updated`, segment membership (`cdp.segments`)
 * and loyalty state (`loyalty.member`, `loyalty.available_points`, `loyalty.tier`).
 */
import { getMetricDefinition } from '@cebe/schemas'
import type { WindowEvent } from './customer-events-in-window.js'

export interface CustomerAttributes {
  /** `default_fields` by name, later values replacing earlier ones. */
  defaultFields: Map<string, unknown>
  /** `custom_fields` by name. */
  customFields: Map<string, unknown>
}

export interface SegmentMembership {
  segmentId: string
  /** The name carried by the `segment.entered` that made the customer a member. */
  segmentName: string | null
  /** When the customer entered, ms. */
  sinceTs: number
}

export interface LoyaltyState {
  member: boolean
  tier: string | null
  availablePoints: number | null
  /** Programs whose latest enrolment event is `membership.enrolled`. */
  programs: string[]
}

export interface ProfileState {
  attributes: CustomerAttributes
  segments: SegmentMembership[]
  loyalty: LoyaltyState
}

export const ATTRIBUTE_EVENTS = ['customer.created', 'customer.updated'] as const
const SEGMENT_EVENTS = getMetricDefinition('cdp.segments', 'customer').sourceEvents
const MEMBER_EVENTS = getMetricDefinition('loyalty.member', 'customer').sourceEvents
const POINT_EVENTS = getMetricDefinition('loyalty.available_points', 'customer').sourceEvents
const TIER_EVENTS = getMetricDefinition('loyalty.tier', 'customer').sourceEvents

/** Every event name the fold reads. */
export const PROFILE_EVENTS: readonly string[] = [
  ...new Set([...ATTRIBUTE_EVENTS, ...SEGMENT_EVENTS, ...MEMBER_EVENTS, ...POINT_EVENTS, ...TIER_EVENTS]),
]

const TIER_FIELD: Record<string, string> = {
  'membership.enrolled': 'initial_tier',
  'tier.upgraded': 'new_tier',
  'tier.downgraded': 'new_tier',
}

/** `events`: oldest first, as `customerEventsInWindow` answers. */
export function foldProfile(events: readonly WindowEvent[]): ProfileState {
  const attributes = emptyAttributes()
  const segments = new Map<string, SegmentMembership | null>()
  const programs = new Map<string, boolean>()
  let tier: string | null = null
  let availablePoints: number | null = null

  for (const event of events) {
    const attrs = attributesOf(event)
    const name = event.eventName
    if (name === 'customer.created' || name === 'customer.updated') foldAttributes(attributes, name, attrs)
    if (SEGMENT_EVENTS.includes(name) && typeof attrs.segment_id === 'string') {
      segments.set(
        attrs.segment_id,
        name === 'segment.entered'
          ? {
              segmentId: attrs.segment_id,
              segmentName: typeof attrs.segment_name === 'string' ? attrs.segment_name : null,
              sinceTs: event.eventTs,
            }
          : null,
      )
    }
    if (MEMBER_EVENTS.includes(name) && typeof attrs.program_id === 'string')
      programs.set(attrs.program_id, name === 'membership.enrolled')
    if (POINT_EVENTS.includes(name) && typeof attrs.available_point === 'number')
      availablePoints = attrs.available_point
    const tierField = TIER_FIELD[name]
    if (tierField && TIER_EVENTS.includes(name) && typeof attrs[tierField] === 'string')
      tier = attrs[tierField] as string
  }

  const memberOf = [...programs].filter(([, enrolled]) => enrolled).map(([program]) => program)
  return {
    attributes,
    segments: [...segments.values()]
      .filter((s): s is SegmentMembership => s !== null)
      .sort((a, b) => (a.segmentId < b.segmentId ? -1 : a.segmentId > b.segmentId ? 1 : 0)),
    loyalty: { member: memberOf.length > 0, tier, availablePoints, programs: memberOf.sort() },
  }
}

export function emptyAttributes(): CustomerAttributes {
  return { defaultFields: new Map(), customFields: new Map() }
}

/**
 * One `customer.created` (its field lists set values) or `customer.updated` (each change's
 * `new_value`, into the list that already holds the field, else the default fields).
 */
export function foldAttributes(
  into: CustomerAttributes,
  eventName: string,
  attrs: Record<string, unknown>,
): void {
  if (eventName === 'customer.created') {
    for (const [name, value] of pairs(attrs.default_fields, 'value')) into.defaultFields.set(name, value)
    for (const [name, value] of pairs(attrs.custom_fields, 'value')) into.customFields.set(name, value)
    return
  }
  for (const [name, value] of pairs(attrs.change_fields, 'new_value')) {
    const target = into.customFields.has(name) ? into.customFields : into.defaultFields
    target.set(name, value)
  }
}

function pairs(list: unknown, key: string): [string, unknown][] {
  if (!Array.isArray(list)) return []
  const out: [string, unknown][] = []
  for (const item of list) {
    if (item && typeof item === 'object' && typeof (item as { name?: unknown }).name === 'string')
      out.push([(item as { name: string }).name, (item as Record<string, unknown>)[key] ?? null])
  }
  return out
}

function attributesOf(event: WindowEvent): Record<string, unknown> {
  const attrs = event.body.event_attributes
  return attrs && typeof attrs === 'object' ? (attrs as Record<string, unknown>) : {}
}
