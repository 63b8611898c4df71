/**
 * The catalog: every event of the PRD's seven modules, in module order. This list is the one
 * source the JSON Schema artifacts, the validator, the SDK's types, the server and the docs read.
 */
import type { z } from 'zod'
import type { SourceModule } from '../envelope/envelope-fields.js'
import { campaignEvents } from './campaign-events.js'
import { cdpEvents } from './cdp-events.js'
import { communicationEvents } from './communication-events.js'
import { conversionEvents } from './conversion-events.js'
import { dealsEvents } from './deals-events.js'
import type { EventDefinition } from './define-event.js'
import { loyaltyEvents } from './loyalty-events.js'
import { ticketingEvents } from './ticketing-events.js'

export const CATALOG_EVENTS = [
  ...cdpEvents,
  ...campaignEvents,
  ...communicationEvents,
  ...ticketingEvents,
  ...dealsEvents,
  ...conversionEvents,
  ...loyaltyEvents,
] as const

type CatalogEventDefinition = (typeof CATALOG_EVENTS)[number]

/** Every catalog event name, e.g. `'campaign.replied'`. */
export type EventName = CatalogEventDefinition['name']

/** The `event_attributes` a caller writes for event `N` (latest version). */
export type EventAttributes<N extends EventName> = z.input<
  Extract<CatalogEventDefinition, { name: N }>['attributes']
>

const byName = new Map<string, EventDefinition>(CATALOG_EVENTS.map((event) => [event.name, event]))

/** The definition of a catalog event, or `undefined` for a name the catalog does not know. */
export function getEventDefinition(name: string): EventDefinition | undefined {
  return byName.get(name)
}

export function isEventName(name: string): name is EventName {
  return byName.has(name)
}

export const EVENT_NAMES = CATALOG_EVENTS.map((event) => event.name) as readonly EventName[]

export function eventsOfModule(module: SourceModule): readonly EventDefinition[] {
  return CATALOG_EVENTS.filter((event) => event.module === module)
}
