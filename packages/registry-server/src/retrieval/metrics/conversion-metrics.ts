/** Conversion metrics (METRICS.md): bookings, orders, revenue, order value, payment method, purchase frequency. */
import { sql } from 'kysely'
import type { MetricImplementation, MetricSource } from './metric-implementation.js'
import { column } from './metric-implementation.js'
import { DAY_MS, dbl, ratio } from './metric-scope.js'
import { cohortSource, modeSource, windowSource } from './source-kit.js'

const window = windowSource(
  'conversion.window',
  ['order.created', 'order.paid'],
  (q) => ({
    v: sql`CASE ce.event_name
      WHEN 'order.created' THEN ${q.read.attributeNumber('total_value')}
      WHEN 'order.paid' THEN ${q.read.attributeNumber('paid_amount')} END`,
  }),
  {
    order_value_sum: { sum: 'v', of: ['order.created'] },
    order_value_n: { countValues: 'v', of: ['order.created'] },
    paid_sum: { sum: 'v', of: ['order.paid'] },
  },
)

const orders = cohortSource('conversion.orders', 'order.created', 'order_id', {
  paid: { event: 'order.paid' },
})
const bookings = cohortSource('conversion.bookings', 'booking.created', 'booking_id', {
  completed: { event: 'booking.completed' },
})
const paymentMethod = modeSource('conversion.payment_method', ['order.created'], 'payment_method')

/**
 * `order.paid` in the window × 30 / the window's length in days; without `from` the window starts
 * at the customer's earliest event. Keys without any event before `to` have no row (null).
 */
const purchaseFrequency: MetricSource = {
  name: 'conversion.purchase_frequency',
  query(q) {
    const to = dbl(sql.val(q.scope.toTs))
    const start = q.scope.fromTs === undefined ? sql.ref('f.first_ts') : dbl(sql.val(q.scope.fromTs))
    return sql`WITH a AS ${q.anyEvents(q.beforeTo)},
      f AS (SELECT a.k, MIN(a.ts) AS first_ts FROM a GROUP BY a.k),
      p AS ${q.events(['order.paid'], q.window)},
      pc AS (SELECT p.k, COUNT(*) AS n FROM p GROUP BY p.k)
      SELECT f.k AS k,
        CASE WHEN ${to} - ${start} <= 0 THEN NULL
          ELSE ${dbl(sql`COALESCE(pc.n, 0)`)} * 30.0 * ${sql.lit(DAY_MS)} / (${to} - ${start}) END AS frequency
      FROM f LEFT JOIN pc ON pc.k = f.k`
  },
}

const aov = (p: (c: string) => ReturnType<typeof sql.ref>) => ratio(p('order_value_sum'), p('order_value_n'))
const paidRate = (p: (c: string) => ReturnType<typeof sql.ref>) => ratio(p('paid'), p('cohort'))
const completedRate = (p: (c: string) => ReturnType<typeof sql.ref>) => ratio(p('completed'), p('cohort'))

export const CONVERSION_METRICS: readonly MetricImplementation[] = [
  column('conversion.bookings_total', 'customer', bookings, 'cohort'),
  { id: 'conversion.booking_completed_rate', scope: 'customer', source: bookings, value: completedRate },
  column('conversion.orders_total', 'customer', orders, 'cohort'),
  column('conversion.ltv', 'customer', window, 'paid_sum'),
  { id: 'conversion.avg_order_value', scope: 'customer', source: window, value: aov },
  column('conversion.preferred_payment_method', 'customer', paymentMethod, 'mode'),
  { id: 'conversion.paid_rate', scope: 'customer', source: orders, value: paidRate },
  column('conversion.purchase_frequency_30d', 'customer', purchaseFrequency, 'frequency'),
  column('conversion.revenue', 'company', window, 'paid_sum'),
  { id: 'conversion.avg_order_value', scope: 'company', source: window, value: aov },
  { id: 'conversion.paid_rate', scope: 'company', source: orders, value: paidRate },
  { id: 'conversion.booking_completed_rate', scope: 'company', source: bookings, value: completedRate },
]
