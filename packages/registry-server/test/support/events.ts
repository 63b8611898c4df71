/** Valid events for tests, made from the catalog's own examples. */
import { EventValidator, getCatalog } from '@cebe/schemas'
import { uuidv7 } from 'uuidv7'
import { toEventRow } from '../../src/ingest/event-row.js'
import { IdentityExtractor } from '../../src/ingest/identity-extractor.js'
import type { EventRow } from '../../src/storage/store.js'

export type Envelope = Record<string, unknown> & {
  event_id: string
  event_attributes: Record<string, unknown>
}

export function exampleOf(name: string): Envelope {
  const entry = getCatalog().find((e) => e.name === name)
  if (!entry) throw new Error(`no catalog event ${name}`)
  return structuredClone(entry.example) as Envelope
}

/** A catalog example with a fresh event id, for `company`, about `customer` (null: none). */
export function makeEvent(
  name: string,
  options: {
    company?: string
    customer?: string | null
    attributes?: Record<string, unknown>
    timestamp?: string
  } = {},
): Envelope {
  const event = exampleOf(name)
  event.event_id = uuidv7()
  event.event_timestamp = options.timestamp ?? new Date().toISOString()
  if (options.company) event.company_id = options.company
  if (options.customer === null) delete event.qontak_customer_id
  else if (options.customer) event.qontak_customer_id = options.customer
  if (options.attributes) Object.assign(event.event_attributes, options.attributes)
  return event
}

const extractor = new IdentityExtractor(new EventValidator())

export function rowOf(event: Envelope): EventRow {
  const result = toEventRow(event, extractor.extract(event), 32 * 1024)
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return result.row
}
