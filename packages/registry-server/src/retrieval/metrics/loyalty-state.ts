/**
 * A customer's loyalty state at `to`, as CTEs other sources build on: `progs` (cid, k, prog) — the
 * programs whose latest enrol/unenrol is an enrolment; `pts` (cid, pt) — the latest known balance;
 * `tiers` (cid, tier) — the latest tier; `cust` (cid, k) — every customer with a loyalty event.
 * Only events with a customer: membership is a customer's state, unknown people have none.
 * `state` (k, cid, member, points, tier) brings a customer's facts together by a window over one
 * UNION ALL partitioned by customer, not by joins: SQLite runs such joins over CTEs company-wide
 * as nested scans (every customer against every balance).
 */
import { getMetricDefinition } from '@cebe/schemas'
import { sql } from 'kysely'
import { dbl, type MetricQuery } from './metric-scope.js'
import { newestFirst } from './source-kit.js'

/** The events that carry `available_point`, as the definition lists them. */
const POINT_EVENTS = getMetricDefinition('loyalty.available_points', 'customer').sourceEvents
const MEMBERSHIP = ['membership.enrolled', 'membership.unenrolled'] as const
const TIER_EVENTS = ['membership.enrolled', 'tier.upgraded', 'tier.downgraded'] as const
const POINT_EVENTS_COVER_ALL = [...MEMBERSHIP, ...TIER_EVENTS].every((name) => POINT_EVENTS.includes(name))

export function loyaltyStateCtes(q: MetricQuery) {
  const read = q.read
  const range = q.atOrBeforeTo
  // Typed, so PostgreSQL unites the branches of `facts` whatever their order.
  const none = {
    k: sql`CAST(NULL AS TEXT)`,
    member: sql`CAST(NULL AS INTEGER)`,
    pt: sql`CAST(NULL AS DOUBLE PRECISION)`,
    tier: sql`CAST(NULL AS TEXT)`,
  }
  const tier = sql`CASE ce.event_name WHEN 'membership.enrolled' THEN ${read.attributeText('initial_tier')}
    ELSE ${read.attributeText('new_tier')} END`
  // Keyed by customer or company, a customer's rows share one key: its facts meet in a GROUP BY
  // (a hash or one sort), and duplicate listing rows are harmless. Keyed by an attribute, a
  // customer may have several keys: the facts are spread over its rows by a window.
  const keyOfCustomer = q.scope.grouping === 'customer' || q.scope.grouping === 'company'
  // The point events name every membership and tier event too (the definition's list): their
  // customers are all of them, without uniting three reads.
  const customersWithLoyaltyEvents = POINT_EVENTS_COVER_ALL
    ? sql`SELECT ${keyOfCustomer ? sql`` : sql`DISTINCT`} pe.cid, pe.k FROM pe WHERE pe.cid IS NOT NULL`
    : sql`SELECT m.cid, m.k FROM m WHERE m.cid IS NOT NULL UNION SELECT pe.cid, pe.k FROM pe WHERE pe.cid IS NOT NULL
             UNION SELECT te.cid, te.k FROM te WHERE te.cid IS NOT NULL`
  const state = keyOfCustomer
    ? sql`state AS (SELECT MAX(facts.k) AS k, facts.cid, COALESCE(MAX(facts.member), 0) AS member,
                MAX(facts.pt) AS points, MAX(facts.tier) AS tier
              FROM facts GROUP BY facts.cid HAVING MAX(facts.listed) = 1)`
    : sql`spread AS (SELECT facts.cid, facts.k, facts.listed,
                 MAX(facts.member) OVER (PARTITION BY facts.cid) AS member,
                 MAX(facts.pt) OVER (PARTITION BY facts.cid) AS pt,
                 MAX(facts.tier) OVER (PARTITION BY facts.cid) AS tier
               FROM facts),
    state AS (SELECT spread.k, spread.cid, COALESCE(spread.member, 0) AS member,
                spread.pt AS points, spread.tier AS tier
              FROM spread WHERE spread.listed = 1)`
  return sql`m AS ${q.events(MEMBERSHIP, range, { prog: read.attributeText('program_id') })},
    mr AS (SELECT m.cid, m.k, m.prog, m.name,
             ROW_NUMBER() OVER (PARTITION BY m.cid, m.prog ORDER BY ${newestFirst(q, 'm')}) AS r
           FROM m WHERE m.prog IS NOT NULL AND m.cid IS NOT NULL),
    progs AS (SELECT mr.cid, mr.k, mr.prog FROM mr WHERE mr.r = 1 AND mr.name = 'membership.enrolled'),
    pe AS ${q.events(POINT_EVENTS, range, { pt: read.attributeNumber('available_point') })},
    per AS (SELECT pe.cid, pe.pt, ROW_NUMBER() OVER (PARTITION BY pe.cid ORDER BY ${newestFirst(q, 'pe')}) AS r
            FROM pe WHERE pe.pt IS NOT NULL AND pe.cid IS NOT NULL),
    pts AS (SELECT per.cid, per.pt FROM per WHERE per.r = 1),
    te AS ${q.events(TIER_EVENTS, range, { tier })},
    ter AS (SELECT te.cid, te.tier, ROW_NUMBER() OVER (PARTITION BY te.cid ORDER BY ${newestFirst(q, 'te')}) AS r
            FROM te WHERE te.tier IS NOT NULL AND te.cid IS NOT NULL),
    tiers AS (SELECT ter.cid, ter.tier FROM ter WHERE ter.r = 1),
    cust AS (${customersWithLoyaltyEvents}),
    facts AS (SELECT cust.cid, cust.k, 1 AS listed, ${none.member} AS member, ${none.pt} AS pt, ${none.tier} AS tier
              FROM cust
              UNION ALL SELECT progs.cid, ${none.k}, 0, 1, ${none.pt}, ${none.tier} FROM progs
              UNION ALL SELECT pts.cid, ${none.k}, 0, ${none.member}, ${dbl(sql.ref('pts.pt'))}, ${none.tier} FROM pts
              UNION ALL SELECT tiers.cid, ${none.k}, 0, ${none.member}, ${none.pt}, tiers.tier FROM tiers),
    ${state}`
}
