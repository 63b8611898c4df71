/** The shape of a metric definition, and the rules every metric shares (METRICS.md "Common rules"). */

export type MetricScope = 'customer' | 'company'

/** The `group_by` values of `GET /v1/metrics`. */
export type MetricGroupBy = 'campaign_id' | 'ad_platform'

/**
 * What a value means:
 * - `count`: a non-negative integer;
 * - `rate`: a fraction in [0, 1] (`METRIC_RULES`), null when its denominator is 0;
 * - `ratio`: an unbounded quotient (growth rates, ROAS);
 * - `seconds`: a duration; `money`: a plain number in the company's currency; `points`: loyalty points;
 * - `score`: a mean or index on a score scale (CSAT, NPS, health score);
 * - `per_30_days`: an event frequency normalised to 30 days;
 * - `boolean`; `label`: one string value; `ids`: a list of ids; `list`: a list of records;
 * - `counts_by`: an object `{"key": count}` without zero entries.
 */
export type MetricUnit =
  | 'count'
  | 'rate'
  | 'ratio'
  | 'seconds'
  | 'money'
  | 'points'
  | 'score'
  | 'per_30_days'
  | 'boolean'
  | 'label'
  | 'ids'
  | 'list'
  | 'counts_by'

/**
 * How a value is computed over the window `[from, to)`:
 * - `count` of events; `distinct_count` of entity ids; `sum` and `average` (arithmetic mean) of a field;
 * - `rate`: one count over another; `cohort_rate`: among entities created in the window, the fraction
 *   with an outcome before `to`; `ratio`: a sum over a count or sum that is not a fraction;
 * - `growth_rate`: the window against the previous window of equal length;
 * - `mode`: most frequent value; `history`: the events themselves, in time order; `flag`: a condition;
 * - `frequency`: a count scaled to a period;
 * - `state`: the value at `to`, folded from all events at or before `to` (`from` does not apply);
 * - `score`: a composite of several inputs on a fixed scale.
 */
export type MetricKind =
  | 'count'
  | 'distinct_count'
  | 'sum'
  | 'average'
  | 'rate'
  | 'cohort_rate'
  | 'ratio'
  | 'growth_rate'
  | 'mode'
  | 'history'
  | 'flag'
  | 'frequency'
  | 'state'
  | 'score'

/** The value a metric has when nothing qualifies (`METRIC_RULES`, "Empty values"), as JSON. */
export type MetricEmptyValue =
  | null
  | 0
  | false
  | 'unknown'
  | readonly never[]
  | Readonly<Record<string, never>>

export interface MetricDefinition {
  /** `module.name`, exactly as METRICS.md writes it; unique per scope. */
  id: string
  title: string
  /** The exact definition; the rules in `METRIC_RULES` apply on top of it. */
  description: string
  scope: MetricScope
  unit: MetricUnit
  kind: MetricKind
  /** Catalog event names the metric reads. */
  sourceEvents: readonly string[]
  /**
   * Set when the metric also reads events of any name (the customer's earliest event, customers with
   * any event, customer-actor events); `sourceEvents` then lists only the events it names.
   */
  readsAnyEvent?: boolean
  /** Company `group_by` values whose groups carry this metric; absent: not part of grouped responses. */
  groupBy?: readonly MetricGroupBy[]
  emptyValue: MetricEmptyValue
}

export const EMPTY_LIST: readonly never[] = Object.freeze([])
export const EMPTY_OBJECT: Readonly<Record<string, never>> = Object.freeze({})

export const CAMPAIGN_GROUPS = ['campaign_id'] as const satisfies readonly MetricGroupBy[]
export const ADS_GROUPS = ['campaign_id', 'ad_platform'] as const satisfies readonly MetricGroupBy[]

export const LOYALTY_POINT_EVENTS = [
  'membership.enrolled',
  'membership.unenrolled',
  'points.earned',
  'points.burned',
  'rewards.redeemed',
  'tier.upgraded',
  'tier.downgraded',
] as const

export const METRIC_RULES: readonly string[] = Object.freeze([
  'A query has a window `[from, to)` on `event_timestamp` (RFC 3339). `from` defaults to the beginning ' +
    'of time, `to` to now. Only events of the company (and, for customer scope, of the resolved ' +
    'customer) count. Duplicates (same company_id + event_id) count once.',
  'A **rate** is a number in [0, 1]; **null** when its denominator is 0. An **average** is the ' +
    'arithmetic mean; null when there are no samples. Durations are seconds. Money is a plain number ' +
    "in the company's currency (no conversion).",
  'A **cohort rate** ("among X created in the window, the fraction with Y") looks for Y at any time ' +
    'before `to`, keyed by the entity id (ticket_id, deal_id, booking_id, order_id, campaign_id).',
  'A **mode** ("most frequent") breaks ties by the value of the most recent event among the tied.',
  '"Latest" means greatest `event_timestamp` at or before `to`; ties by event_id order.',
  '**State** metrics (opt status, segments, loyalty member/points/tier, opt-outs, members) are the ' +
    'state at `to`, folded from all events at or before `to`; `from` does not apply to them.',
  'Ties on `event_timestamp` are broken by `event_id` in binary (code-point) order: the greater id is ' +
    'the later event. Timestamps compare at millisecond precision.',
  'Cohort details: an entity created more than once counts from its earliest creation in the window; ' +
    'its outcome is the earliest outcome event before `to` (which may precede `from`); an entity both ' +
    'won and lost counts in both rates.',
  'Empty values: counts and sums are 0; rates, averages and modes are null; booleans false; lists ' +
    '`[]`; "counted by" metrics are objects `{"key": count}` without zero entries.',
  'Growth rates compare `[from, to)` with the previous window `[from − (to − from), from)`; null ' +
    'without `from` or when the previous count is 0.',
  'Company-scope averages and rates pool all events or entities of the company (not a mean of ' +
    'per-customer values).',
  'Fields these definitions fall back from (`resolved_at`, `close_date`) are optional in the schemas.',
  'Results never depend on the order in which events arrived.',
])

/** How `GET /v1/metrics?group_by=…` groups company metrics (each metric's `groupBy` says where it goes). */
export const METRIC_GROUP_BY_RULES: readonly string[] = Object.freeze([
  '`group_by=campaign_id` returns, per campaign_id, the campaign.* and ads.* company metrics (Broadcast ' +
    "and Ads campaign ids share one key space; attributed revenue goes to the last touch's campaign).",
  '`group_by=ad_platform` returns the ads.* company metrics per platform.',
  'A group is listed when it has at least one event in the window or at least one non-empty metric (a ' +
    'count or sum above 0, or a non-null value — e.g. revenue attributed through a touch before the ' +
    'window); other metrics are not part of grouped responses.',
])
