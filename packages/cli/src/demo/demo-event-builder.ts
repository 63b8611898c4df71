/**
 * Builds demo events from the catalog's own examples — so every field the PRD row has is there
 * and the event validates — with the story's ids, times and values laid over them. Events after
 * `now` are dropped: a story still running simply has not happened yet.
 */
import { EXAMPLE_TENANT, getCatalog } from '@cebe/schemas'

export type DemoEvent = Record<string, unknown> & {
  event_id: string
  event_name: string
  event_timestamp: string
  event_attributes: Record<string, unknown>
}

export type Actor = { type: 'customer' | 'agent' | 'bot' | 'system' | 'integration'; id?: string }

const EXAMPLES = new Map(getCatalog().map((entry) => [entry.name, entry.example as Record<string, unknown>]))

export class DemoEventBuilder {
  readonly events: DemoEvent[] = []
  #seq = 0

  constructor(
    readonly idPrefix: string,
    readonly now: number,
  ) {}

  /**
   * Adds `name` at `at` (ms) about `customer` (null: company-scoped), with these attributes over
   * the example's. Returns false when `at` is in the future (the event is not added).
   */
  add(
    name: string,
    at: number,
    customer: string | null,
    attributes: Record<string, unknown>,
    options: { actor?: Actor; trigger?: string } = {},
  ): boolean {
    if (at > this.now) return false
    const example = EXAMPLES.get(name)
    if (!example) throw new Error(`demo: no catalog event ${name}`)
    this.#seq++
    const event: DemoEvent = {
      ...structuredClone(example),
      event_id: `${this.idPrefix}-${String(this.#seq).padStart(6, '0')}`,
      event_name: name,
      company_id: EXAMPLE_TENANT.company_id,
      company_sso_id: EXAMPLE_TENANT.company_sso_id,
      event_timestamp: iso(at),
      event_attributes: {
        ...(structuredClone(example.event_attributes) as Record<string, unknown>),
        ...attributes,
      },
    }
    if (customer === null) delete event.qontak_customer_id
    else event.qontak_customer_id = customer
    if (options.actor) event.actor = options.actor
    if (options.trigger) event.trigger_from = options.trigger
    this.events.push(event)
    return true
  }
}

export function iso(ms: number): string {
  return new Date(ms).toISOString()
}
