/**
 * What one metric query is about — a company, optionally one customer, a window — and how its rows
 * are keyed: by customer (customer scope, and a segment leaf over every customer), one row for the
 * company, or by a grouping attribute. Sources read events only through `events()`, so the same
 * query serves every use; only the relation and the key expression change.
 */
import { type Expression, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely'
import type { CustomerEventsDb, ReadSide } from '../../storage/read-side.js'

/** How rows are keyed: the column `k` of every source. */
export type MetricGrouping = 'customer' | 'company' | 'campaign_id' | 'ad_platform'

export interface MetricScope {
  companyId: string
  /** One customer (customer scope); absent: every customer of the company. */
  customerId?: string
  /** Inclusive, ms; absent: the beginning of time. */
  fromTs?: number
  /** Exclusive, ms (now when the query gave none). */
  toTs: number
  grouping: MetricGrouping
}

export const DAY_MS = 86_400_000

/**
 * No event is older than year 0 (RFC 3339 years have 4 digits); derived bounds (the previous
 * window of a growth rate, an attribution look-back) are clamped here so both stores can
 * represent them.
 */
export const EARLIEST_TS = Date.parse('0000-01-01T00:00:00Z')

/** Which part of time an `events()` read covers; each bound is optional. */
export interface TimeRange {
  fromTs?: number
  toTs?: number
}

export class MetricQuery {
  /**
   * `sharedEvents`: with one customer, the name of a CTE holding all of that customer's events
   * (the columns of `ce`) that the statement defines: every read filters it instead of reading the
   * store again, so a statement of many sources reads the customer's events once.
   */
  constructor(
    readonly read: ReadSide,
    readonly scope: MetricScope,
    readonly sharedEvents?: string,
  ) {}

  /** [from, to): the window. */
  get window(): TimeRange {
    return { ...(this.scope.fromTs !== undefined && { fromTs: this.scope.fromTs }), toTs: this.scope.toTs }
  }

  /** Everything before `to` (cohort outcomes, "before to"). */
  get beforeTo(): TimeRange {
    return { toTs: this.scope.toTs }
  }

  /** Everything at or before `to` (state metrics; timestamps are whole ms). */
  get atOrBeforeTo(): TimeRange {
    return { toTs: this.scope.toTs + 1 }
  }

  /**
   * The events named, in `range`, as rows `cid, k, name, ts, id` plus `columns` (expressions over
   * `ce`, e.g. `read.attributeNumber('score')`). `id` sorts in binary order; `ts` is ms.
   * Keyed by customer, only events with a customer; company-wide, every event of the company —
   * company-scoped ones and those still waiting for identity resolution (`cid` null) included.
   */
  events(
    names: readonly string[],
    range: TimeRange,
    columns: Readonly<Record<string, Expression<unknown>>> = {},
    options: { key?: Expression<unknown> } = {},
  ) {
    const { read, scope } = this
    const bounds = clamped(range)
    const selected = [
      sql`ce.customer_id`.as('cid'),
      sql`${options.key ?? this.key}`.as('k'),
      sql`ce.event_name`.as('name'),
      read.tsMillis.as('ts'),
      read.eventIdBinary.as('id'),
      ...Object.entries(columns).map(([alias, expression]) => sql`${expression}`.as(alias)),
    ]
    if (scope.customerId !== undefined) {
      return this.#customerEvents(bounds)
        .where('ce.event_name', 'in', names.length === 0 ? [''] : [...names])
        .select(selected)
    }
    const select = read.companyEvents({ companyId: scope.companyId, eventNames: names, ...bounds })
    return (scope.grouping === 'customer' ? select.where('ce.customer_id', 'is not', null) : select).select(
      selected,
    )
  }

  /**
   * Every event of any name in `range` (for "any event" reads), rows `cid, k, ts` plus `columns`.
   * Company-wide and keyed by customer or company, without columns, only the customer and time
   * are read — from the customer timeline, never the events themselves.
   */
  anyEvents(range: TimeRange, columns: Readonly<Record<string, Expression<unknown>>> = {}) {
    const { read, scope } = this
    const bounds = clamped(range)
    const selected = [
      sql`ce.customer_id`.as('cid'),
      sql`${this.key}`.as('k'),
      read.tsMillis.as('ts'),
      ...Object.entries(columns).map(([alias, expression]) => sql`${expression}`.as(alias)),
    ]
    if (scope.customerId !== undefined) return this.#customerEvents(bounds).select(selected)
    const keyWithoutAttributes = scope.grouping === 'customer' || scope.grouping === 'company'
    if (keyWithoutAttributes && Object.keys(columns).length === 0) {
      return read.customerActivity({ companyId: scope.companyId, ...bounds }).select(selected)
    }
    return read
      .companyEvents({ companyId: scope.companyId, ...bounds })
      .where('ce.customer_id', 'is not', null)
      .select(selected)
  }

  /** The scope's customer's events in `bounds`, aliased `ce`: from the shared CTE when there is one. */
  #customerEvents(bounds: TimeRange): SelectQueryBuilder<CustomerEventsDb, 'ce', object> {
    const { read, scope } = this
    if (this.sharedEvents === undefined) {
      return read.customerEvents({ companyId: scope.companyId, customerId: scope.customerId!, ...bounds })
    }
    let select = read.db.selectFrom(sql.table(this.sharedEvents).as('ce')) as unknown as SelectQueryBuilder<
      CustomerEventsDb,
      'ce',
      object
    >
    if (bounds.fromTs !== undefined) select = select.where('ce.event_ts', '>=', read.ts(bounds.fromTs))
    if (bounds.toTs !== undefined) select = select.where('ce.event_ts', '<', read.ts(bounds.toTs))
    return select
  }

  /** The row key of the scope's grouping, over `ce`. */
  get key(): RawBuilder<unknown> {
    const grouping = this.scope.grouping
    if (grouping === 'customer') return sql`ce.customer_id`
    if (grouping === 'company') return sql`''`
    return this.read.attributeText(grouping)
  }
}

function clamped(range: TimeRange): TimeRange {
  return {
    ...(range.fromTs !== undefined && { fromTs: Math.max(range.fromTs, EARLIEST_TS) }),
    ...(range.toTs !== undefined && { toTs: Math.max(range.toTs, EARLIEST_TS) }),
  }
}

/** A number as double precision on both stores (no integer division, same type everywhere). */
export const dbl = (value: Expression<unknown>) => sql<number>`CAST(${value} AS DOUBLE PRECISION)`

/** numerator / denominator, null when the denominator is 0 or null. */
export const ratio = (numerator: Expression<unknown>, denominator: Expression<unknown>) =>
  sql<
    number | null
  >`CASE WHEN COALESCE(${denominator}, 0) = 0 THEN NULL ELSE ${dbl(numerator)} / ${dbl(denominator)} END`

/** 1 when the condition holds, else 0: a count as a sum of these. */
export const when = (condition: Expression<unknown>) => sql<number>`CASE WHEN ${condition} THEN 1 ELSE 0 END`

/** `name = 'x'` with the name as a literal (event names are our constants). */
export const isEvent = (column: Expression<unknown>, name: string) =>
  sql<boolean>`${column} = ${sql.lit(name)}`
