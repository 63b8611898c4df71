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

/**
 * The company's loyalty picture at `to` in one statement — members, balances, the tier and program
 * counts, and the customers with any event at or before `to` (the enrolment rate's denominator) —
 * so the state, the heaviest part, is built once for all five metrics. The customers are the
 * rows: a key with loyalty state has an event.
 */
const companyState: MetricSource = {
  name: 'loyalty.company_state',
  heavy: true,
  query(q) {
    const read = q.read
    return sql`WITH ${loyaltyStateCtes(q)},
      st AS (SELECT state.k, ${stateAggregates} FROM state GROUP BY state.k),
      tn AS (SELECT state.k, state.tier, COUNT(*) AS n FROM state
             WHERE state.member = 1 AND state.tier IS NOT NULL GROUP BY state.k, state.tier),
      bt AS (SELECT tn.k, ${read.jsonObjectAgg(sql.ref('tn.tier'), sql.ref('tn.n'))} AS by_tier FROM tn GROUP BY tn.k),
      pn AS (SELECT progs.k, progs.prog, COUNT(*) AS n FROM progs GROUP BY progs.k, progs.prog),
      bp AS (SELECT pn.k, ${read.jsonObjectAgg(sql.ref('pn.prog'), sql.ref('pn.n'))} AS by_program FROM pn GROUP BY pn.k),
      a AS ${q.anyEvents(q.atOrBeforeTo)},
      customers AS (SELECT d.k, COUNT(*) AS customers FROM (SELECT DISTINCT a.k, a.cid FROM a) d GROUP BY d.k)
      SELECT customers.k AS k, customers.customers AS customers, COALESCE(st.members, 0) AS members,
        st.member_points_sum AS member_points_sum, st.member_points_n AS member_points_n,
        bt.by_tier AS by_tier, bp.by_program AS by_program
      FROM customers LEFT JOIN st ON st.k = customers.k LEFT JOIN bt ON bt.k = customers.k
        LEFT JOIN bp ON bp.k = customers.k`
  },
}

const newMembers = growthSource('loyalty.new_members', 'membership.enrolled')

export const LOYALTY_METRICS: readonly MetricImplementation[] = [
  column('loyalty.member', 'customer', state, 'member'),
  column('loyalty.available_points', 'customer', state, 'points'),
  column('loyalty.tier', 'customer', state, 'tier'),
  column('loyalty.members_total', 'company', companyState, 'members'),
  {
    id: 'loyalty.enrollment_rate',
    scope: 'company',
    source: companyState,
    value: (p) => ratio(p('members'), p('customers')),
  },
  column('loyalty.enrollment_by_program', 'company', companyState, 'by_program'),
  {
    id: 'loyalty.new_member_growth_rate',
    scope: 'company',
    source: newMembers,
    value: (p) => growth(p('current'), p('previous')),
  },
  column('loyalty.tier_distribution', 'company', companyState, 'by_tier'),
  {
    id: 'loyalty.avg_available_points',
    scope: 'company',
    source: companyState,
    value: (p) => ratio(p('member_points_sum'), p('member_points_n')),
  },
]
