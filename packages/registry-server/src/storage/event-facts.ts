/**
 * Event facts (ADR 0120): the body attributes company-wide metrics read, kept as typed columns of
 * `events` beside the JSON body and carried by the company index, so a company read over months
 * of events never fetches or parses a body.
 *
 * A fact column holds the value of its JSON path when that value has the fact's JSON type (a
 * string for `text`, a number for `number`), else null. The JSON read of the same path gives the
 * same value wherever the attribute has that type — and the catalog declares every fact attribute
 * with that type on every event that carries it (`event-facts.test.ts`), which the validator
 * enforces — so the read side answers `attributeText('order_id')` from the column with the same
 * result as from the body. Attributes not listed here are always read from the body.
 */
import { getCatalog } from '@cebe/schemas'

export type FactKind = 'text' | 'number'

export interface EventFact {
  /** The column of `events`. */
  column: string
  /** The JSON path in the body: `['event_attributes', name]` or an envelope field. */
  path: readonly string[]
  kind: FactKind
}

const attribute = (name: string, kind: FactKind): EventFact => ({
  column: `fact_${name}`,
  path: ['event_attributes', name],
  kind,
})

/**
 * Never reorder or remove: the order is the order of `EventRow.facts` and of the columns; a new
 * fact is a new migration that adds its column and fills it.
 */
export const EVENT_FACTS: readonly EventFact[] = Object.freeze([
  // Entity ids: cohorts and the open pipeline pair creations with outcomes by them.
  attribute('ticket_id', 'text'),
  attribute('deal_id', 'text'),
  attribute('order_id', 'text'),
  attribute('booking_id', 'text'),
  // Campaign cohorts, and the keys of `group_by=campaign_id|ad_platform`.
  attribute('campaign_id', 'text'),
  attribute('ad_platform', 'text'),
  // Loyalty state: program, tier, balance.
  attribute('program_id', 'text'),
  attribute('initial_tier', 'text'),
  attribute('new_tier', 'text'),
  attribute('available_point', 'number'),
  // Outcome times of the ticket and deal cohorts (RFC 3339 text; the read side parses them).
  attribute('resolved_at', 'text'),
  attribute('close_date', 'text'),
  // Amounts, durations and scores the window sums read.
  attribute('paid_amount', 'number'),
  attribute('total_value', 'number'),
  attribute('conversion_value', 'number'),
  attribute('ad_spend', 'number'),
  attribute('deal_size', 'number'),
  attribute('resolution_time_seconds', 'number'),
  attribute('duration_seconds', 'number'),
  attribute('score', 'number'),
  // Envelope: new customers by source.
  { column: 'fact_trigger_from', path: ['trigger_from'], kind: 'text' },
])

const byPath = new Map(EVENT_FACTS.map((fact) => [pathKey(fact.path), fact]))

/** The fact kept for `path` with `kind`, if any. */
export function factAt(path: readonly string[], kind: FactKind): EventFact | undefined {
  const fact = byPath.get(pathKey(path))
  return fact?.kind === kind ? fact : undefined
}

export type FactValue = string | number | null

/**
 * An event's facts, present ones only, as a flat list of (index in `EVENT_FACTS`, value) pairs:
 * an event carries one to three of them, and rows cross to the SQLite writer thread by
 * structured clone, where every element costs (a dense list of mostly nulls cost ~2.5 µs/event).
 */
export type SparseFacts = readonly (string | number)[]

const NO_FACTS: SparseFacts = Object.freeze([])

/**
 * Whether `name` is a catalog event, whose fact fields are facts. Catalog events only: their
 * fact fields have the fact's type and a bounded length (the catalog says so,
 * `event-facts.test.ts` checks it). A company's custom event may carry a field of the same name
 * with any type or length — as a fact it could exceed PostgreSQL's index entry size and fail the
 * whole group commit — so its attributes are read from the body (`ReadSide.bodyAttributeText`).
 */
export function isCatalogEvent(name: string): boolean {
  return factsOf(name) !== undefined
}

let factsByEvent: ReadonlyMap<string, readonly number[]> | undefined

/**
 * The facts (indexes in `EVENT_FACTS`) a catalog event can carry: every envelope fact, and the
 * attribute facts some version of it declares. Catalog attributes are closed objects
 * (`additionalProperties: false`), so a valid event carries no other — an event's facts are
 * found in two or three lookups instead of one per fact.
 */
function factsOf(eventName: string): readonly number[] | undefined {
  factsByEvent ??= new Map(
    getCatalog().map((entry) => {
      const declared = new Set(
        entry.versions.flatMap((version) => {
          const attributes = (
            version.jsonSchema as { properties?: { event_attributes?: { properties?: object } } }
          ).properties?.event_attributes?.properties
          return Object.keys(attributes ?? {})
        }),
      )
      const indexes = EVENT_FACTS.flatMap((fact, i) =>
        fact.path.length === 1 || declared.has(fact.path[1]!) ? [i] : [],
      )
      return [entry.name, indexes] as const
    }),
  )
  return factsByEvent.get(eventName)
}

/** The facts of one validated event (its parsed body); none for an event outside the catalog. */
export function factValues(event: Readonly<Record<string, unknown>>): SparseFacts {
  const candidates = factsOf(event.event_name as string)
  if (candidates === undefined) return NO_FACTS
  const attributes = event.event_attributes
  const facts: (string | number)[] = []
  for (const i of candidates) {
    const { path, kind } = EVENT_FACTS[i]!
    const value = typed(path.length === 2 ? valueIn(attributes, path[1]!) : valueIn(event, path[0]!), kind)
    if (value !== null) facts.push(i, value)
  }
  return facts
}

/** The value of every fact, in `EVENT_FACTS` order (null where the event has none). */
export function denseFacts(facts: SparseFacts): FactValue[] {
  const values: FactValue[] = new Array(EVENT_FACTS.length).fill(null)
  for (let i = 0; i < facts.length; i += 2) values[facts[i] as number] = facts[i + 1]!
  return values
}

function valueIn(object: unknown, key: string): unknown {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return undefined
  return Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined
}

function typed(value: unknown, kind: FactKind): FactValue {
  if (kind === 'text') return typeof value === 'string' ? value : null
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

function pathKey(path: readonly string[]): string {
  return JSON.stringify(path)
}
