/**
 * The query bench's data set: 1,000,000 events over 50,000 customers of one company, six months of
 * the demo data set's stories (all seven modules, identities, company-scoped ad spend), generated
 * 1,000 customers at a time. The demo gives ~29 events a customer; each part keeps every
 * `customer.created` and an even, seeded sample of the rest so the total is exact.
 */
import { generateDemoEvents } from '../../packages/cli/src/demo/demo-generator.js'
import { SeededRandom } from '../../packages/cli/src/demo/seeded-random.js'

export const DATASET = Object.freeze({
  /** Bump when the generation changes: cached databases of another version are reloaded. */
  version: 1,
  events: 1_000_000,
  customers: 50_000,
  customersPerPart: 1_000,
  days: 182,
})

export type DatasetEvent = ReturnType<typeof generateDemoEvents>[number]

/** The customer id of the n-th customer (1-based), as the demo generator writes it. */
export const customerId = (n: number) => `cust_${String(n).padStart(4, '0')}`

/** The parts of the data set in order, each the events of `customersPerPart` customers, oldest first. */
export function* datasetParts(end: number): Generator<DatasetEvent[]> {
  const parts = DATASET.customers / DATASET.customersPerPart
  const perPart = DATASET.events / parts
  for (let part = 0; part < parts; part++) {
    const events = generateDemoEvents({
      seed: 1_000 + part,
      customers: DATASET.customersPerPart,
      firstCustomer: part * DATASET.customersPerPart + 1,
      days: DATASET.days,
      now: end,
    })
    yield sample(events, perPart, new SeededRandom(part))
  }
}

/** `count` of `events` (every `customer.created` among them), in their order. */
function sample(events: DatasetEvent[], count: number, random: SeededRandom): DatasetEvent[] {
  const created = events.filter((e) => e.event_name === 'customer.created').length
  let needed = count - created
  let left = events.length - created
  if (needed < 0 || needed > left) throw new Error(`a part of ${events.length} events cannot give ${count}`)
  return events.filter((e) => {
    if (e.event_name === 'customer.created') return true
    // Selection sampling: each remaining event is kept with probability needed / left.
    const keep = random.next() * left < needed
    left--
    if (keep) needed--
    return keep
  })
}
