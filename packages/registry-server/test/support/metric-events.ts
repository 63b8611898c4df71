/** Hand-built events for metric tests: a fixed clock, explicit event ids and customers. */
import { type Envelope, makeEvent } from './events.js'

export const T0 = Date.parse('2026-11-01T00:00:00Z')
export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

export const iso = (ms: number) => new Date(ms).toISOString()

export interface EventSpec {
  /** ms since the epoch, or minutes after T0 when below 1e9. */
  at: number
  customer?: string | null
  attributes?: Record<string, unknown>
  id?: string
  envelope?: Record<string, unknown>
}

let counter = 0

/** A catalog event of `company` with the given time, customer, attributes and (optional) id. */
export function event(company: string, name: string, spec: EventSpec): Envelope {
  const ts = spec.at < 1e9 ? T0 + spec.at * MINUTE : spec.at
  const built = makeEvent(name, {
    company,
    customer: spec.customer === undefined ? 'cust_1' : spec.customer,
    timestamp: iso(ts),
    ...(spec.attributes && { attributes: spec.attributes }),
  })
  counter += 1
  built.event_id = spec.id ?? `e_${String(counter).padStart(6, '0')}_${name}`
  if (spec.envelope) Object.assign(built, spec.envelope)
  return built
}
