/** Loyalty metrics (METRICS.md): membership, points and tier at `to`; members, enrolment, programs, tiers, growth. */
import { sql } from 'kysely'
import { loyaltyStateCtes } from './loyalty-state.js'
import type { MetricImplementation, MetricSource } from './metric-implementation.js'
import { column } from './metric-implementation.js'
import { ratio } from './metric-scope.js'
import { growth, growthSource } from './source-kit.js'

const stateAggregates = sql`MAX(state.member) AS member, MAX(state.points) AS points, MAX(state.tier) AS tier,
  SUM(state.member) AS members,
  SUM(CASE WHEN state.member = 1 AND state.points IS NOT NULL THEN state.points END) AS member_points_sum,
  SUM(CASE WHEN state.member = 1 AND state.points IS NOT NULL THEN 1 ELSE 0 END) AS member_points_n`

const state: MetricSource = {
  name: 'loyalty.state',
  query(q) {
    return sql`WITH ${loyaltyStateCtes(q)}
      SELECT state.k AS k, ${stateAggregates} FROM state GROUP BY state.k`
  },
}

/** Members at `to` over the customers with any event at or before `to`. */
const enrollment: MetricSource = {
  name: 'loyalty.enrollment',
  query(q) {
    return sql`WITH ${loyaltyStateCtes(q)},
      agg AS (SELECT state.k, SUM(state.member) AS members FROM state GROUP BY state.k),
      a AS ${q.anyEvents(q.atOrBeforeTo)},
      customers AS (SELECT a.k, COUNT(DISTINCT a.cid) AS customers FROM a GROUP BY a.k)
      SELECT customers.k AS k, COALESCE(agg.members, 0) AS members, customers.customers AS customers
      FROM customers LEFT JOIN agg ON agg.k = customers.k`
  },
}

const byProgram: MetricSource = {
  name: 'loyalty.by_program',
  query(q) {
    return sql`WITH ${loyaltyStateCtes(q)},
      n AS (SELECT progs.k, progs.prog, COUNT(*) AS n FROM progs GROUP BY progs.k, progs.prog)
      SELECT n.k AS k, ${q.read.jsonObjectAgg(sql.ref('n.prog'), sql.ref('n.n'))} AS by_program FROM n GROUP BY n.k`
  },
}

const byTier: MetricSource = {
  name: 'loyalty.by_tier',
  query(q) {
    return sql`WITH ${loyaltyStateCtes(q)},
      n AS (SELECT state.k, state.tier, COUNT(*) AS n FROM state
            WHERE state.member = 1 AND state.tier IS NOT NULL GROUP BY state.k, state.tier)
      SELECT n.k AS k, ${q.read.jsonObjectAgg(sql.ref('n.tier'), sql.ref('n.n'))} AS by_tier FROM n GROUP BY n.k`
  },
}

const newMembers = growthSource('loyalty.new_members', 'membership.enrolled')

export const LOYALTY_METRICS: readonly MetricImplementation[] = [
  column('loyalty.member', 'customer', state, 'member'),
  column('loyalty.available_points', 'customer', state, 'points'),
  column('loyalty.tier', 'customer', state, 'tier'),
  column('loyalty.members_total', 'company', state, 'members'),
  {
    id: 'loyalty.enrollment_rate',
    scope: 'company',
    source: enrollment,
    value: (p) => ratio(p('members'), p('customers')),
  },
  column('loyalty.enrollment_by_program', 'company', byProgram, 'by_program'),
  {
    id: 'loyalty.new_member_growth_rate',
    scope: 'company',
    source: newMembers,
    value: (p) => growth(p('current'), p('previous')),
  },
  column('loyalty.tier_distribution', 'company', byTier, 'by_tier'),
  {
    id: 'loyalty.avg_available_points',
    scope: 'company',
    source: state,
    value: (p) => ratio(p('member_points_sum'), p('member_points_n')),
  },
]
