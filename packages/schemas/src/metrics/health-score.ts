/** The explainable customer health score: its factors and default weights. */

export interface HealthScoreFactor {
  id: string
  title: string
  /** The factor's value and how its 0–1 sub-score is derived from it. */
  description: string
  /** Default weight; the defaults sum to 100, so a contribution is weight × sub-score points. */
  defaultWeight: number
}

/**
 * The `health.score` factors. Every sub-score is in [0, 1] and is taken at `to`; with weights w the
 * score is 100 × Σ(w × sub-score) / Σ w, and a factor's contribution is its share of that sum.
 */
export const HEALTH_SCORE_FACTORS = Object.freeze([
  {
    id: 'ticket_volume',
    title: 'Ticket volume (90 days)',
    description:
      'n = distinct `ticket_id` of `ticket.created` in `[to − 90 days, to)`; sub-score = ' +
      '1 − min(n, 5) / 5 (no tickets 1, five or more 0).',
    defaultWeight: 20,
  },
  {
    id: 'sla_breaches',
    title: 'SLA breaches (90 days)',
    description:
      'n = count of `ticket.sla_breached` in `[to − 90 days, to)`; sub-score = 1 − min(n, 3) / 3 ' +
      '(no breaches 1, three or more 0).',
    defaultWeight: 15,
  },
  {
    id: 'csat_trend',
    title: 'CSAT trend (last 3 vs previous 3)',
    description:
      'last = mean `score` of the 3 latest `csat.submitted` at or before `to`, previous = mean of the 3 ' +
      'before them (fewer when fewer exist); sub-score = 0.5 + (last − previous) / (2 × span), clamped ' +
      'to [0, 1], where span is the CSAT scale width (4 for the default 1–5 scale, configurable): a full ' +
      'rise 1, no change 0.5, a full drop 0. With 3 or fewer submissions there is no trend: 0.5.',
    defaultWeight: 20,
  },
  {
    id: 'deal_outcome',
    title: 'Open deal stage / won deals',
    description:
      'From the deals at `to` (open = created, neither won nor lost before `to`): 1 with any ' +
      '`deal.won`; else 0.75 with an open deal without `deal.rotten_time_breached`; else 0.25 with open ' +
      'deals that all breached their rotten time; else 0 when every deal was lost; 0.5 with no deals.',
    defaultWeight: 15,
  },
  {
    id: 'loyalty_tier',
    title: 'Loyalty tier',
    description:
      'tier = `loyalty.tier` at `to`; sub-score = its 0-based rank / (n − 1) in the configured tier ' +
      'ladder of n tiers, lowest first (1 for a one-tier ladder); 0.5 for a tier outside the ladder or ' +
      'when no ladder is configured; 0 without a tier.',
    defaultWeight: 10,
  },
  {
    id: 'engagement_recency',
    title: 'Days since last engagement',
    description:
      'd = (to − `event_timestamp` of the latest event at or before `to` with actor type customer) / ' +
      '86400 s; sub-score = 1 − min(d, 90) / 90 (today 1, 90 days or more 0); 0 with no such event.',
    defaultWeight: 20,
  },
] as const satisfies readonly HealthScoreFactor[])

export type HealthScoreFactorId = (typeof HEALTH_SCORE_FACTORS)[number]['id']
