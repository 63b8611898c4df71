/**
 * The shape of a metric implementation. A source is one query over the read port that produces,
 * per row key `k`, mergeable partial columns (counts, sums, numerators and denominators, latest
 * values); a metric is a SQL expression over one source row that finalizes those partials. Keyed by
 * customer the pair answers the customer scope and a segment leaf over every customer; keyed by
 * the company (or a `group_by` attribute) the same partials pool every customer's events.
 */

import type { MetricScope as DefinitionScope } from '@cebe/schemas'
import { type Expression, type RawBuilder, sql } from 'kysely'
import type { HealthScoreConfig } from './health-score-config.js'
import type { MetricQuery } from './metric-scope.js'

export interface MetricOptions {
  health: HealthScoreConfig
}

export interface MetricSource {
  /** Unique; metrics of one source are answered by one statement. */
  name: string
  /** Rows `k` + partial columns (+ `seen`, the events of the row in the window, when `reportsSeen`). */
  query(q: MetricQuery, options: MetricOptions): Expression<unknown>
  /** The query has a `seen` column: a group with events in the window is listed even when empty. */
  reportsSeen?: boolean
  /**
   * Company-wide it costs several times what the others do (it folds every customer's state):
   * started first, so it does not queue for a connection behind the light ones and finish last.
   */
  heavy?: boolean
}

/** A partial column of the source row, by name. */
export type PartialRef = (column: string) => RawBuilder<unknown>

export interface MetricImplementation {
  /** The `@cebe/schemas` metric id. */
  id: string
  scope: DefinitionScope
  source: MetricSource
  /** The value, as SQL over the source row's partials. */
  value(p: PartialRef, options: MetricOptions): Expression<unknown>
}

export const partialRef =
  (table: string): PartialRef =>
  (column) =>
    sql.ref(`${table}.${column}`)

/** Shorthand for a metric that is one partial column as it is. */
export function column(
  id: string,
  scope: DefinitionScope,
  source: MetricSource,
  name: string,
): MetricImplementation {
  return { id, scope, source, value: (p) => p(name) }
}
