/**
 * The customer 360 profile: identifiers, current attributes, segments and loyalty state folded
 * from the customer's events (`profile-fold.ts`), first/last seen and event counts per module.
 * Written once over the read port; both stores answer it. Metrics and the health score come from
 * the metrics engine (`profile-metrics.ts`), as `GET /v1/customers/{id}/metrics` answers them.
 */
import { sql } from 'kysely'
import type { ReadSide } from '../storage/read-side.js'
import { customerEventsInWindow } from './customer-events-in-window.js'
import { type CustomerIdentifier, customerIdentifiers } from './customer-identifiers.js'
import { foldProfile, PROFILE_EVENTS, type ProfileState } from './profile-fold.js'

export interface ModuleActivity {
  events: number
  firstTs: number
  lastTs: number
}

export interface CustomerActivity {
  firstSeenTs: number
  lastSeenTs: number
  eventsTotal: number
  /** Per source module that has events. */
  modules: Map<string, ModuleActivity>
}

export interface CustomerProfile extends ProfileState {
  customerId: string
  identifiers: CustomerIdentifier[]
  activity: CustomerActivity
}

/**
 * The profile, or undefined when the company has no event of this customer (before `toTs`, ms,
 * exclusive, when given: the profile as it stood then). Identifiers are the current links.
 */
export async function customerProfile(
  read: ReadSide,
  companyId: string,
  customerId: string,
  toTs?: number,
): Promise<CustomerProfile | undefined> {
  const activity = await customerActivity(read, companyId, customerId, toTs)
  if (!activity) return undefined
  const [events, identifiers] = await Promise.all([
    customerEventsInWindow(read, {
      companyId,
      customerId,
      events: PROFILE_EVENTS,
      ...(toTs !== undefined && { toTs }),
    }),
    customerIdentifiers(read, companyId, [customerId]),
  ])
  return {
    customerId,
    identifiers: identifiers.get(customerId) ?? [],
    activity,
    ...foldProfile(events),
  }
}

/** Event counts and first/last event_timestamp per module (before `toTs`); undefined without any event. */
export async function customerActivity(
  read: ReadSide,
  companyId: string,
  customerId: string,
  toTs?: number,
): Promise<CustomerActivity | undefined> {
  const rows = await read
    .customerEvents({ companyId, customerId, ...(toTs !== undefined && { toTs }) })
    .select([
      'ce.source_module',
      sql<number | string>`count(*)`.as('n'),
      sql<number>`min(${read.tsMillis})`.as('first_ts'),
      sql<number>`max(${read.tsMillis})`.as('last_ts'),
    ])
    .groupBy('ce.source_module')
    .execute()
  if (rows.length === 0) return undefined
  const modules = new Map<string, ModuleActivity>()
  for (const row of [...rows].sort((a, b) => (a.source_module < b.source_module ? -1 : 1))) {
    modules.set(row.source_module, {
      events: Number(row.n),
      firstTs: Math.round(Number(row.first_ts)),
      lastTs: Math.round(Number(row.last_ts)),
    })
  }
  const all = [...modules.values()]
  return {
    firstSeenTs: Math.min(...all.map((m) => m.firstTs)),
    lastSeenTs: Math.max(...all.map((m) => m.lastTs)),
    eventsTotal: all.reduce((sum, m) => sum + m.events, 0),
    modules,
  }
}
