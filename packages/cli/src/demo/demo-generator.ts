/**
 * The demo data set: a few hundred customers of one company over six months, across all seven
 * modules, with stories that hold together (created before they buy, a deal won or lost, points
 * only for members). Seeded and deterministic: the same seed and day give the same events, with
 * ids fixed per day so loading it twice the same day stores nothing twice.
 *
 * ```ts
 * const events = generateDemoEvents({ seed: 42, now: Date.now() })
 * ```
 */
import { type DemoEvent, DemoEventBuilder } from './demo-event-builder.js'
import { makeCustomer } from './demo-people.js'
import { SeededRandom } from './seeded-random.js'
import { cdpStory } from './story-cdp.js'
import { bookingStory, commerceStory } from './story-commerce.js'
import { DAY, type StoryContext } from './story-context.js'
import { dealStory } from './story-deals.js'
import { adLeadStory, adSpendStory, campaignStory, monthlyCampaigns } from './story-marketing.js'
import { conversationStory } from './story-service.js'

export type { DemoEvent } from './demo-event-builder.js'

export interface DemoOptions {
  seed?: number
  customers?: number
  /** The number of the first customer (`cust_<n>`), so data sets generated in parts never share a customer. */
  firstCustomer?: number
  /** Length of the history, in days. */
  days?: number
  /** The end of the history (ms); the data set is laid out back from the start of its UTC day. */
  now?: number
}

export const DEMO_DEFAULTS = Object.freeze({ seed: 42, customers: 300, days: 182 })

/** Every event of the demo data set, oldest first. */
export function generateDemoEvents(options: DemoOptions = {}): DemoEvent[] {
  const seed = options.seed ?? DEMO_DEFAULTS.seed
  const now = options.now ?? Date.now()
  const day = new Date(now).toISOString().slice(0, 10)
  const end = Date.parse(`${day}T00:00:00Z`)
  const start = end - (options.days ?? DEMO_DEFAULTS.days) * DAY
  const ctx: StoryContext = {
    build: new DemoEventBuilder(`demo-${seed}-${day}`, end),
    random: new SeededRandom(seed),
    start,
    now: end,
  }
  const campaigns = monthlyCampaigns(ctx)
  adSpendStory(ctx)
  const count = options.customers ?? DEMO_DEFAULTS.customers
  const first = options.firstCustomer ?? 1
  for (let i = 0; i < count; i++) {
    const n = first + i
    // Most customers already exist when the history starts; the rest join along the way.
    const since =
      i + 1 <= count * 0.4
        ? start + ctx.random.between(0, 2 * DAY)
        : start + ctx.random.between(2 * DAY, end - start - 14 * DAY)
    const customer = makeCustomer(n, since, ctx.random)
    const ad = customer.fromAd ? adLeadStory(ctx, customer) : undefined
    cdpStory(ctx, customer)
    campaignStory(ctx, customer, campaigns)
    if (customer.shopper) commerceStory(ctx, customer, ad)
    if (customer.booker) bookingStory(ctx, customer)
    conversationStory(ctx, customer)
    if (customer.business) dealStory(ctx, customer)
  }
  return ctx.build.events.sort((a, b) =>
    a.event_timestamp < b.event_timestamp
      ? -1
      : a.event_timestamp > b.event_timestamp
        ? 1
        : a.event_id < b.event_id
          ? -1
          : 1,
  )
}
