/**
 * The customer health score (METRICS.md "Health score", factors in `@cebe/schemas`
 * `HEALTH_SCORE_FACTORS`): each factor's value and 0–1 sub-score in SQL, the score 100 × Σ(w × s) / Σ w
 * with the configured weights. `HEALTH_FACTOR_COLUMNS` names the columns the explanation reads.
 */
import type { HealthScoreFactorId } from '@cebe/schemas'
import { type Expression, sql } from 'kysely'
import type { HealthScoreConfig } from './health-score-config.js'
import { loyaltyStateCtes } from './loyalty-state.js'
import type { MetricImplementation, MetricSource } from './metric-implementation.js'
import { DAY_MS, dbl } from './metric-scope.js'
import { newestFirst } from './source-kit.js'

const LOOKBACK_MS = 90 * DAY_MS

/** Per factor: the column of its value and of its sub-score. */
export const HEALTH_FACTOR_COLUMNS: Readonly<
  Record<HealthScoreFactorId, { value: string; subScore: string }>
> = {
  ticket_volume: { value: 'tickets_90d', subScore: 's_ticket_volume' },
  sla_breaches: { value: 'breaches_90d', subScore: 's_sla_breaches' },
  csat_trend: { value: 'csat_change', subScore: 's_csat_trend' },
  deal_outcome: { value: 'deal_state', subScore: 's_deal_outcome' },
  loyalty_tier: { value: 'tier', subScore: 's_loyalty_tier' },
  engagement_recency: { value: 'days_since_engagement', subScore: 's_engagement_recency' },
}

const clamp01 = (x: Expression<unknown>) =>
  sql`CASE WHEN ${x} < 0 THEN 0.0 WHEN ${x} > 1 THEN 1.0 ELSE ${x} END`
const atMost = (x: Expression<unknown>, cap: number) =>
  sql`CASE WHEN ${x} > ${sql.lit(cap)} THEN ${sql.lit(cap)} ELSE ${x} END`

function tierSubScore(config: HealthScoreConfig) {
  const ladder = config.tierLadder
  const ranks = ladder.map(
    (tier, i) =>
      sql`WHEN ${sql.lit(tier)} THEN ${sql.lit(ladder.length === 1 ? 1 : i / (ladder.length - 1))}`,
  )
  const known = ranks.length === 0 ? sql`0.5` : sql`CASE h.tier ${sql.join(ranks, sql` `)} ELSE 0.5 END`
  return sql`CASE WHEN h.tier IS NULL THEN 0.0 ELSE ${known} END`
}

export const healthSource: MetricSource = {
  name: 'health.score',
  query(q, options) {
    const config = options.health
    const read = q.read
    const to = q.scope.toTs
    const toMs = dbl(sql.val(to))
    const ticketId = read.attributeText('ticket_id')
    const dealId = read.attributeText('deal_id')
    const flag = (name: string) => sql`MAX(CASE WHEN d.name = ${sql.lit(name)} THEN 1 ELSE 0 END)`
    const days = sql`(${toMs} - h.last_customer_ts) / ${sql.lit(DAY_MS)}`
    const weights = config.weights
    const total = Object.values(weights).reduce((a, b) => a + b, 0)
    const weighted = (Object.keys(HEALTH_FACTOR_COLUMNS) as HealthScoreFactorId[]).map(
      (id) => sql`${sql.lit(weights[id])} * ${sql.ref(HEALTH_FACTOR_COLUMNS[id].subScore)}`,
    )
    return sql`WITH ${loyaltyStateCtes(q)},
      a AS ${q.anyEvents(q.atOrBeforeTo, { actor: read.envelopeText(['actor', 'type']) })},
      base AS (SELECT a.cid, a.k, MAX(CASE WHEN a.actor = 'customer' THEN a.ts END) AS last_customer_ts
               FROM a GROUP BY a.cid, a.k),
      t AS ${q.events(['ticket.created', 'ticket.sla_breached'], { fromTs: to - LOOKBACK_MS, toTs: to }, { ent: ticketId })},
      tv AS (SELECT t.cid, COUNT(DISTINCT CASE WHEN t.name = 'ticket.created' THEN t.ent END) AS tickets,
               SUM(CASE WHEN t.name = 'ticket.sla_breached' THEN 1 ELSE 0 END) AS breaches
             FROM t GROUP BY t.cid),
      cs AS ${q.events(['csat.submitted'], q.atOrBeforeTo, { score: read.attributeNumber('score') })},
      csr AS (SELECT cs.cid, ${dbl(sql.ref('cs.score'))} AS score,
                ROW_NUMBER() OVER (PARTITION BY cs.cid ORDER BY ${newestFirst(q, 'cs')}) AS r
              FROM cs WHERE cs.score IS NOT NULL),
      csat AS (SELECT csr.cid, COUNT(*) AS n,
                 AVG(CASE WHEN csr.r <= 3 THEN csr.score END) AS last3,
                 AVG(CASE WHEN csr.r > 3 THEN csr.score END) AS prev3
               FROM csr WHERE csr.r <= 6 GROUP BY csr.cid),
      d AS ${q.events(['deal.created', 'deal.won', 'deal.lost', 'deal.rotten_time_breached'], q.beforeTo, { ent: dealId })},
      dd AS (SELECT d.cid, d.ent, ${flag('deal.created')} AS created, ${flag('deal.won')} AS won,
               ${flag('deal.lost')} AS lost, ${flag('deal.rotten_time_breached')} AS rotten
             FROM d WHERE d.ent IS NOT NULL GROUP BY d.cid, d.ent),
      deals AS (SELECT dd.cid, MAX(dd.won) AS any_won, SUM(dd.created) AS created,
                  SUM(CASE WHEN dd.created = 1 AND dd.won = 0 AND dd.lost = 0 AND dd.rotten = 0 THEN 1 ELSE 0 END) AS open_fresh,
                  SUM(CASE WHEN dd.created = 1 AND dd.won = 0 AND dd.lost = 0 AND dd.rotten = 1 THEN 1 ELSE 0 END) AS open_rotten
                FROM dd GROUP BY dd.cid),
      h AS (SELECT base.k, base.cid, base.last_customer_ts,
              COALESCE(tv.tickets, 0) AS tickets_90d, COALESCE(tv.breaches, 0) AS breaches_90d,
              COALESCE(csat.n, 0) AS csat_n, csat.last3, csat.prev3,
              CASE WHEN COALESCE(deals.any_won, 0) = 1 THEN 'won'
                   WHEN COALESCE(deals.open_fresh, 0) > 0 THEN 'open'
                   WHEN COALESCE(deals.open_rotten, 0) > 0 THEN 'open_rotten'
                   WHEN COALESCE(deals.created, 0) > 0 THEN 'lost'
                   ELSE 'none' END AS deal_state,
              tiers.tier AS tier
            FROM base
              LEFT JOIN tv ON tv.cid = base.cid LEFT JOIN csat ON csat.cid = base.cid
              LEFT JOIN deals ON deals.cid = base.cid LEFT JOIN tiers ON tiers.cid = base.cid),
      f AS (SELECT h.k, h.tickets_90d, h.breaches_90d, h.deal_state, h.tier,
              CASE WHEN h.csat_n > 3 THEN h.last3 - h.prev3 END AS csat_change,
              CASE WHEN h.last_customer_ts IS NULL THEN NULL ELSE ${days} END AS days_since_engagement,
              1.0 - ${dbl(atMost(sql.ref('h.tickets_90d'), 5))} / 5.0 AS s_ticket_volume,
              1.0 - ${dbl(atMost(sql.ref('h.breaches_90d'), 3))} / 3.0 AS s_sla_breaches,
              CASE WHEN h.csat_n > 3
                THEN ${clamp01(sql`0.5 + (h.last3 - h.prev3) / ${sql.lit(2 * config.csatSpan)}`)} ELSE 0.5 END AS s_csat_trend,
              CASE h.deal_state WHEN 'won' THEN 1.0 WHEN 'open' THEN 0.75 WHEN 'open_rotten' THEN 0.25
                WHEN 'lost' THEN 0.0 ELSE 0.5 END AS s_deal_outcome,
              ${tierSubScore(config)} AS s_loyalty_tier,
              CASE WHEN h.last_customer_ts IS NULL THEN 0.0 ELSE 1.0 - ${atMost(days, 90)} / 90.0 END AS s_engagement_recency
            FROM h)
      SELECT f.*, 100.0 * (${sql.join(weighted, sql` + `)}) / ${sql.lit(total)} AS score FROM f`
  },
}

export const HEALTH_METRICS: readonly MetricImplementation[] = [
  { id: 'health.score', scope: 'customer', source: healthSource, value: (p) => p('score') },
]
