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
import { EVENT_FACTS } from '../../storage/event-facts.js'
import type { ReadSide } from '../../storage/read-side.js'
import { explainHealthRow, HEALTH_ROW_COLUMNS, type HealthExplanation } from './health-explanation.js'
import { healthSource } from './health-metrics.js'
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
  const { values } = await runOneCustomer(read, { ...window, grouping: 'customer' }, definitions, options)
  return valuesOf(definitions, values)
}

/**
 * Every customer-scope metric of one customer and the health score's explanation, from the same
 * statement (the explanation reads the factor columns of the row the score came from).
 */
export async function customerMetricsWithHealth(
  read: ReadSide,
  window: MetricWindow & { customerId: string },
  options: MetricOptions = DEFAULT_METRIC_OPTIONS,
): Promise<{ metrics: MetricValues; health: HealthExplanation }> {
  const definitions = metricsForScope('customer')
  const { values, extra } = await runOneCustomer(
    read,
    { ...window, grouping: 'customer' },
    definitions,
    options,
    new Map([[healthSource, HEALTH_ROW_COLUMNS]]),
  )
  return {
    metrics: valuesOf(definitions, values),
    health: explainHealthRow(extra.get(healthSource), options),
  }
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

interface SourceMetrics {
  source: MetricSource
  metrics: { definition: MetricDefinition; implementation: MetricImplementation }[]
}

/** The definitions grouped by the source that answers them, in first-use order. */
function bySource(definitions: readonly MetricDefinition[]): SourceMetrics[] {
  const groups = new Map<MetricSource, SourceMetrics>()
  for (const definition of definitions) {
    const implementation = implementationOf(definition.id, definition.scope)
    if (!implementation) throw new Error(`metric ${definition.scope}:${definition.id} has no implementation`)
    const group = groups.get(implementation.source) ?? { source: implementation.source, metrics: [] }
    group.metrics.push({ definition, implementation })
    groups.set(implementation.source, group)
  }
  return [...groups.values()]
}

/**
 * `SELECT k, seen, <each metric's value> FROM (<source>) p` with the columns named
 * `<prefix>k`, `<prefix>seen`, `<prefix>m<i>` (and `<prefix>x_<column>` for `extra` source columns).
 */
function sourceSelect(
  group: SourceMetrics,
  query: MetricQuery,
  options: MetricOptions,
  prefix: string,
  extra: readonly string[] = [],
): RawBuilder<Record<string, unknown>> {
  const p = partialRef('p')
  const name = (column: string) => sql.ref(`${prefix}${column}`)
  const columns = [
    sql`p.k AS ${name('k')}`,
    ...(group.source.reportsSeen ? [sql`p.seen AS ${name('seen')}`] : []),
    ...group.metrics.map(
      ({ implementation }, i) => sql`${implementation.value(p, options)} AS ${name(`m${i}`)}`,
    ),
    ...extra.map((column) => sql`${p(column)} AS ${name(`x_${column}`)}`),
  ]
  return sql<
    Record<string, unknown>
  >`SELECT ${sql.join(columns)} FROM (${group.source.query(query, options)}) p`
}

/** Adds one source row (columns as `sourceSelect` named them) to `rows`. */
function collect(
  rows: Map<string, KeyedRow>,
  group: SourceMetrics,
  raw: Record<string, unknown>,
  prefix: string,
  read: ReadSide,
): void {
  const k = raw[`${prefix}k`]
  if (k === null || k === undefined) return
  const key = String(k)
  const row = rows.get(key) ?? { values: {}, seen: false }
  if (group.source.reportsSeen && Number(raw[`${prefix}seen`]) > 0) row.seen = true
  group.metrics.forEach(({ definition }, i) => {
    row.values[definition.id] = decodeMetricValue(definition, raw[`${prefix}m${i}`], read)
  })
  rows.set(key, row)
}

async function run(
  read: ReadSide,
  scope: MetricScope,
  definitions: readonly MetricDefinition[],
  options: MetricOptions,
): Promise<Map<string, KeyedRow>> {
  const query = new MetricQuery(read, scope)
  const rows = new Map<string, KeyedRow>()
  // One statement per source, all at once: on PostgreSQL's connections, SQLite's reader threads;
  // the heavy ones first, since the pool runs a few at a time.
  const groups = bySource(definitions).sort(
    (a, b) => Number(b.source.heavy ?? false) - Number(a.source.heavy ?? false),
  )
  await Promise.all(
    groups.map(async (group) => {
      const result = await sourceSelect(group, query, options, '').execute(read.parallel)
      for (const raw of result.rows) collect(rows, group, raw, '', read)
    }),
  )
  return rows
}

const SHARED_EVENTS = 'customer_events'

/**
 * One customer's metrics in ONE statement: the customer's events are read once into a CTE every
 * source filters, and each source's single row is joined beside the others — one round trip and
 * one read of the events instead of one per source (per-customer reads must stay within a few
 * milliseconds). `extra` names further columns of a source's row to return raw, by source.
 */
async function runOneCustomer(
  read: ReadSide,
  scope: MetricScope & { customerId: string },
  definitions: readonly MetricDefinition[],
  options: MetricOptions,
  extra: ReadonlyMap<MetricSource, readonly string[]> = new Map(),
): Promise<{
  values: Record<string, unknown> | undefined
  extra: Map<MetricSource, Record<string, unknown>>
}> {
  const groups = bySource(definitions)
  const query = new MetricQuery(read, scope, SHARED_EVENTS)
  const events = read
    .customerEvents({ companyId: scope.companyId, customerId: scope.customerId })
    .select([
      'ce.company_id',
      'ce.customer_id',
      'ce.event_id',
      'ce.event_name',
      'ce.source_module',
      'ce.schema_version',
      'ce.event_ts',
      'ce.body',
      ...EVENT_FACTS.map((fact) => sql.ref(`ce.${fact.column}`).as(fact.column)),
    ])
  const joins = groups.map(
    (group, j) =>
      sql`LEFT JOIN (${sourceSelect(group, query, options, `s${j}_`, extra.get(group.source))}) ${sql.ref(`s${j}`)} ON 1 = 1`,
  )
  const statement = sql<Record<string, unknown>>`WITH ${sql.table(SHARED_EVENTS)} AS MATERIALIZED ${events}
    SELECT * FROM (SELECT 1 AS one) one ${sql.join(joins, sql` `)}`
  const raw = (await statement.execute(read.repeated)).rows[0] ?? {}
  const rows = new Map<string, KeyedRow>()
  const extras = new Map<MetricSource, Record<string, unknown>>()
  groups.forEach((group, j) => {
    collect(rows, group, raw, `s${j}_`, read)
    const columns = extra.get(group.source)
    if (columns && raw[`s${j}_k`] !== null && raw[`s${j}_k`] !== undefined) {
      extras.set(group.source, Object.fromEntries(columns.map((c) => [c, raw[`s${j}_x_${c}`]])))
    }
  })
  return { values: rows.get(scope.customerId)?.values, extra: extras }
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
