/** Broadcast campaign metrics (METRICS.md): sends, delivery, reply/click cohorts, opt status, attributed revenue. */
import { sql } from 'kysely'
import type { MetricImplementation, MetricSource } from './metric-implementation.js'
import { column } from './metric-implementation.js'
import { dbl, ratio } from './metric-scope.js'
import { cohortSource, newestFirst, windowSource } from './source-kit.js'

/** A reply or click at most this long before a payment attributes it to the campaign. */
export const ATTRIBUTION_WINDOW_MS = 604_800_000

const window = windowSource(
  'campaign.window',
  ['campaign.sent', 'campaign.bounced', 'campaign.replied', 'campaign.clicked'],
  () => ({}),
  {
    sent: { count: ['campaign.sent'] },
    bounced: { count: ['campaign.bounced'] },
    replies: { count: ['campaign.replied'] },
    clicks: { count: ['campaign.clicked'] },
  },
)

/** Distinct (customer, campaign_id) sent in the window, with a reply / a click before `to`. */
const sends = cohortSource('campaign.cohort', 'campaign.sent', 'campaign_id', {
  replied: { event: 'campaign.replied' },
  clicked: { event: 'campaign.clicked' },
})

/**
 * The latest opt event at or before `to` per customer (and per campaign under
 * `group_by=campaign_id`, where the key is the campaign). `seen`: opt events in the window.
 */
const optState: MetricSource = {
  name: 'campaign.opt_state',
  reportsSeen: true,
  query(q) {
    const from = q.scope.fromTs
    const inWindow =
      from === undefined
        ? sql`s.ts < ${dbl(sql.val(q.scope.toTs))}`
        : sql`s.ts >= ${dbl(sql.val(from))} AND s.ts < ${dbl(sql.val(q.scope.toTs))}`
    return sql`WITH s AS ${q.events(['campaign.opted_in', 'campaign.opted_out'], q.atOrBeforeTo)},
      r AS (SELECT s.k, s.name, s.ts,
              ROW_NUMBER() OVER (PARTITION BY s.cid, s.k ORDER BY ${newestFirst(q, 's')}) AS r,
              CASE WHEN ${inWindow} THEN 1 ELSE 0 END AS in_window
            FROM s WHERE s.cid IS NOT NULL)
      SELECT r.k AS k,
        SUM(r.in_window) AS seen,
        MAX(CASE WHEN r.r = 1 THEN (CASE WHEN r.name = 'campaign.opted_out' THEN 'opted_out' ELSE 'opted_in' END) END) AS opt_status,
        SUM(CASE WHEN r.r = 1 AND r.name = 'campaign.opted_out' THEN 1 ELSE 0 END) AS opt_outs
      FROM r GROUP BY r.k`
  },
}

/**
 * Each `order.paid` in the window with a reply or click of its customer in [paid − 7 days, paid):
 * its amount, keyed by the most recent such touch (last touch; under `group_by=campaign_id` the
 * touch's campaign). Touches are read from `from − 7 days`, so one before the window counts.
 * The latest touch before each payment is a running maximum over the customer's payments and
 * touches in time order (a touch at the payment's instant sorts after it: t < paid), then one
 * equi-join finds that touch — no range join, which neither store can index. `touch` is read
 * twice and MATERIALIZED, so SQLite builds it once (and indexes it for the join) instead of
 * re-reading the events for every payment.
 */
const attribution: MetricSource = {
  name: 'campaign.attribution',
  reportsSeen: false,
  query(q) {
    const touchRange = {
      ...(q.scope.fromTs !== undefined && { fromTs: q.scope.fromTs - ATTRIBUTION_WINDOW_MS }),
      toTs: q.scope.toTs,
    }
    const bin = (ref: string) => q.read.binary(sql.ref(ref))
    return sql`WITH paid AS ${q.events(['order.paid'], q.window, { amount: q.read.attributeNumber('paid_amount') })},
      touch AS MATERIALIZED ${q.events(['campaign.replied', 'campaign.clicked'], touchRange)},
      u AS (SELECT paid.cid, paid.id, paid.ts, 0 AS kind, paid.amount FROM paid WHERE paid.cid IS NOT NULL
            UNION ALL
            SELECT touch.cid, touch.id, touch.ts, 1 AS kind, NULL AS amount FROM touch WHERE touch.cid IS NOT NULL),
      latest AS (SELECT u.cid, u.id, u.ts, u.kind, u.amount,
               MAX(CASE WHEN u.kind = 1 THEN u.ts END)
                 OVER (PARTITION BY u.cid ORDER BY u.ts, u.kind ROWS UNBOUNDED PRECEDING) AS touch_ts
             FROM u),
      touched AS (SELECT latest.cid, latest.id, latest.amount, latest.touch_ts FROM latest
             WHERE latest.kind = 0 AND latest.touch_ts >= latest.ts - ${sql.lit(ATTRIBUTION_WINDOW_MS)}),
      matched AS (SELECT touched.amount, touch.k,
               ROW_NUMBER() OVER (PARTITION BY touched.cid, touched.id ORDER BY ${bin('touch.id')} DESC) AS r
             FROM touched JOIN touch ON touch.cid = touched.cid AND touch.ts = touched.touch_ts)
      SELECT matched.k AS k, SUM(${dbl(sql.ref('matched.amount'))}) AS attributed_revenue
      FROM matched WHERE matched.r = 1 GROUP BY matched.k`
  },
}

const deliveryRate = (p: (c: string) => ReturnType<typeof sql.ref>) =>
  ratio(p('sent'), sql`${p('sent')} + ${p('bounced')}`)

export const CAMPAIGN_METRICS: readonly MetricImplementation[] = [
  column('campaign.received_total', 'customer', window, 'sent'),
  { id: 'campaign.delivery_rate', scope: 'customer', source: window, value: deliveryRate },
  {
    id: 'campaign.reply_rate',
    scope: 'customer',
    source: sends,
    value: (p) => ratio(p('replied'), p('cohort')),
  },
  {
    id: 'campaign.click_rate',
    scope: 'customer',
    source: sends,
    value: (p) => ratio(p('clicked'), p('cohort')),
  },
  column('campaign.opt_status', 'customer', optState, 'opt_status'),
  column('campaign.attributed_revenue', 'customer', attribution, 'attributed_revenue'),
  column('campaign.sent', 'company', window, 'sent'),
  column('campaign.bounced', 'company', window, 'bounced'),
  column('campaign.replies', 'company', window, 'replies'),
  column('campaign.clicks', 'company', window, 'clicks'),
  { id: 'campaign.delivery_rate', scope: 'company', source: window, value: deliveryRate },
  {
    id: 'campaign.reply_rate',
    scope: 'company',
    source: sends,
    value: (p) => ratio(p('replied'), p('cohort')),
  },
  column('campaign.opt_outs', 'company', optState, 'opt_outs'),
  column('campaign.attributed_revenue', 'company', attribution, 'attributed_revenue'),
]
