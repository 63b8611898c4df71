/**
 * Runs metric implementations: groups the requested metrics by source, runs each source once as
 * `SELECT k, <value of each metric> FROM (<source>) p`, decodes the values and merges the rows by
 * key. The three uses differ only in the scope: one customer (rows keyed by customer), the whole
 * company (one row, pooled) or a `group_by` attribute; `metricPerCustomer` gives the segments
 * engine the same value per customer as a subquery.
 */
import { type MetricDefinition, type MetricGroupBy, metricsForScope } from '@cebe/schemas'
import { type RawBuilder, sql } from 'kysely'
import { ServerError } from '../../errors.js'
import type { ReadSide } from '../../storage/read-side.js'
import { DEFAULT_HEALTH_SCORE_CONFIG } from './health-score-config.js'
import {
  type MetricImplementation,
  type MetricOptions,
  type MetricSource,
  partialRef,
} from './metric-implementation.js'
import { implementationOf } from './metric-registry.js'
import { MetricQuery, type MetricScope } from './metric-scope.js'
import { decodeMetricValue, emptyValueOf, isNonEmpty } from './metric-values.js'

export interface MetricWindow {
  companyId: string
  fromTs?: number
  toTs: number
}

export type MetricValues = Record<string, unknown>

export const DEFAULT_METRIC_OPTIONS: MetricOptions = Object.freeze({ health: DEFAULT_HEALTH_SCORE_CONFIG })

/** Every customer-scope metric of one customer (or only the ids in `only`), in definition order. */
export async function customerMetrics(
  read: ReadSide,
  window: MetricWindow & { customerId: string },
  options: MetricOptions = DEFAULT_METRIC_OPTIONS,
  only?: ReadonlySet<string>,
): Promise<MetricValues> {
  const all = metricsForScope('customer')
  const definitions = only ? all.filter((d) => only.has(d.id)) : all
  const rows = await run(read, { ...window, grouping: 'customer' }, definitions, options)
  return valuesOf(definitions, rows.get(window.customerId)?.values)
}

/** Every company-scope metric, pooled over all customers (and company-scoped events). */
export async function companyMetrics(
  read: ReadSide,
  window: MetricWindow,
  options: MetricOptions = DEFAULT_METRIC_OPTIONS,
): Promise<MetricValues> {
  const definitions = metricsForScope('company')
  const rows = await run(read, { ...window, grouping: 'company' }, definitions, options)
  return valuesOf(definitions, rows.get('')?.values)
}

export interface MetricGroup {
  key: Record<string, string>
  metrics: MetricValues
}

/**
 * The company metrics of a `group_by`, per group value: groups with an event in the window or a
 * non-empty metric, ordered by key.
 */
export async function groupedMetrics(
  read: ReadSide,
  window: MetricWindow & { groupBy: MetricGroupBy },
  options: MetricOptions = DEFAULT_METRIC_OPTIONS,
): Promise<MetricGroup[]> {
  const definitions = groupDefinitions(window.groupBy)
  const rows = await run(read, { ...window, grouping: window.groupBy }, definitions, options)
  const groups: MetricGroup[] = []
  for (const [key, row] of rows) {
    const metrics = valuesOf(definitions, row.values)
    const listed = row.seen || definitions.some((d) => isNonEmpty(d, metrics[d.id]))
    if (listed) groups.push({ key: { [window.groupBy]: key }, metrics })
  }
  return groups.sort((a, b) => compareBinary(a.key[window.groupBy]!, b.key[window.groupBy]!))
}

/** The company metrics a `group_by` answers, in definition order. */
export function groupDefinitions(groupBy: MetricGroupBy): readonly MetricDefinition[] {
  return metricsForScope('company').filter((d) => d.groupBy?.includes(groupBy))
}

/**
 * One customer metric for every customer of the company, as a subquery with columns
 * `customer_id` and `value` (SQL, not yet decoded): what a segment's metric leaf compares.
 * Customers without a row have the metric's empty value.
 */
export function metricPerCustomer(
  read: ReadSide,
  window: MetricWindow,
  id: string,
  options: MetricOptions = DEFAULT_METRIC_OPTIONS,
): RawBuilder<{ customer_id: string; value: unknown }> {
  const implementation = implementationOf(id, 'customer')
  if (!implementation)
    throw new ServerError('bad_request', 400, `unknown customer metric "${id}"`, { metric: id })
  const query = new MetricQuery(read, { ...window, grouping: 'customer' })
  return sql<{
    customer_id: string
    value: unknown
  }>`SELECT p.k AS customer_id, ${implementation.value(partialRef('p'), options)} AS value
    FROM (${implementation.source.query(query, options)}) p`
}

interface KeyedRow {
  values: Record<string, unknown>
  /** The key had an event in the window in some source that reports it. */
  seen: boolean
}

async function run(
  read: ReadSide,
  scope: MetricScope,
  definitions: readonly MetricDefinition[],
  options: MetricOptions,
): Promise<Map<string, KeyedRow>> {
  const bySource = new Map<
    MetricSource,
    { definition: MetricDefinition; implementation: MetricImplementation }[]
  >()
  for (const definition of definitions) {
    const implementation = implementationOf(definition.id, definition.scope)
    if (!implementation) throw new Error(`metric ${definition.scope}:${definition.id} has no implementation`)
    const list = bySource.get(implementation.source) ?? []
    list.push({ definition, implementation })
    bySource.set(implementation.source, list)
  }
  const query = new MetricQuery(read, scope)
  const rows = new Map<string, KeyedRow>()
  // One statement per source; PostgreSQL runs them on parallel connections, SQLite one by one.
  await Promise.all(
    [...bySource].map(async ([source, metrics]) => {
      const p = partialRef('p')
      const values = metrics.map(
        ({ implementation }, i) => sql`${implementation.value(p, options)} AS ${sql.ref(`m${i}`)}`,
      )
      const seen = source.reportsSeen ? sql`, p.seen AS seen` : sql``
      const statement = sql<Record<string, unknown>>`SELECT p.k AS k${seen}, ${sql.join(values)}
        FROM (${source.query(query, options)}) p`
      const result = await statement.execute(read.db)
      for (const raw of result.rows) {
        if (raw.k === null || raw.k === undefined) continue
        const key = String(raw.k)
        const row = rows.get(key) ?? { values: {}, seen: false }
        if (source.reportsSeen && Number(raw.seen) > 0) row.seen = true
        metrics.forEach(({ definition }, i) => {
          row.values[definition.id] = decodeMetricValue(definition, raw[`m${i}`], read)
        })
        rows.set(key, row)
      }
    }),
  )
  return rows
}

function valuesOf(
  definitions: readonly MetricDefinition[],
  values: Record<string, unknown> | undefined,
): MetricValues {
  const out: MetricValues = {}
  for (const definition of definitions) {
    out[definition.id] = values && definition.id in values ? values[definition.id] : emptyValueOf(definition)
  }
  return out
}

function compareBinary(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
