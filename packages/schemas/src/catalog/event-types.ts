/** Compile-time view of the catalog: `CebeEvent` is a union discriminated on `event_name`. */
import type { z } from 'zod'
import type { envelopeShape } from '../envelope/envelope-fields.js'
import type { CATALOG_EVENTS, EventAttributes, EventName } from './catalog.js'

type EnvelopeInput = z.input<z.ZodObject<typeof envelopeShape>>

/** Envelope fields every event carries besides its name, module and attributes. */
export type EnvelopeFields = Omit<EnvelopeInput, 'event_name' | 'source_module'>

/** The module that owns event `N`. */
export type ModuleOf<N extends EventName> = Extract<(typeof CATALOG_EVENTS)[number], { name: N }>['module']

/** One event of the catalog as it travels on the wire. */
export type CebeEvent = {
  [N in EventName]: EnvelopeFields & {
    event_name: N
    source_module: ModuleOf<N>
    event_attributes: EventAttributes<N>
  }
}[EventName]

/** The event of name `N`. */
export type CebeEventOf<N extends EventName> = Extract<CebeEvent, { event_name: N }>
