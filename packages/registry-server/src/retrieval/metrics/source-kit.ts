/**
 * The shapes most metric sources share, each one query over `MetricQuery.events`: counts and sums
 * of a window, a mode, a cohort of entities with their outcomes, a growth against the previous
 * window, an event history. A module's file picks from these and adds what is its own.
 */
import { type Expression, type RawBuilder, sql } from 'kysely'
import type { MetricSource } from './metric-implementation.js'
import { dbl, isEvent, type MetricQuery, when } from './metric-scope.js'

/** ORDER BY pieces: oldest first (event time, then event id in binary order) or newest first. */
export const oldestFirst = (q: MetricQuery, table?: string) => {
  const col = (name: string) => (table ? sql.ref(`${table}.${name}`) : sql.ref(name))
  return sql`${col('ts')} ASC, ${q.read.binary(col('id'))} ASC`
}
export const newestFirst = (q: MetricQuery, table?: string) => {
  const col = (name: string) => (table ? sql.ref(`${table}.${name}`) : sql.ref(name))
  return sql`${col('ts')} DESC, ${q.read.binary(col('id'))} DESC`
}

/** One aggregate column of a window source: a count of events or a sum/count of one value. */
export type WindowAggregate =
  | { count: readonly string[] }
  | { sum: string; of: readonly string[] }
  | { countValues: string; of: readonly string[] }
  | {
      countWhere: string
      of: readonly string[]
      condition: (value: RawBuilder<unknown>) => Expression<unknown>
    }

/**
 * Counts and sums over the events of the window, one row per key. `values` are expressions over
 * `ce` (attributes) selected as columns; aggregates name them.
 */
export function windowSource(
  name: string,
  events: readonly string[],
  values: (q: MetricQuery) => Readonly<Record<string, Expression<unknown>>>,
  aggregates: Readonly<Record<string, WindowAggregate>>,
): MetricSource {
  return {
    name,
    reportsSeen: true,
    query(q) {
      const inNames = (names: readonly string[]) => sql`e.name IN (${sql.join(names.map((n) => sql.lit(n)))})`
      const columns = Object.entries(aggregates).map(([alias, aggregate]) => {
        if ('count' in aggregate) return sql`SUM(${when(inNames(aggregate.count))}) AS ${sql.ref(alias)}`
        if ('sum' in aggregate)
          return sql`COALESCE(SUM(CASE WHEN ${inNames(aggregate.of)} THEN ${dbl(sql.ref(`e.${aggregate.sum}`))} END), 0) AS ${sql.ref(alias)}`
        if ('countValues' in aggregate)
          return sql`SUM(${when(sql`${inNames(aggregate.of)} AND ${sql.ref(`e.${aggregate.countValues}`)} IS NOT NULL`)}) AS ${sql.ref(alias)}`
        return sql`SUM(${when(sql`${inNames(aggregate.of)} AND ${aggregate.condition(sql.ref(`e.${aggregate.countWhere}`))}`)}) AS ${sql.ref(alias)}`
      })
      return sql`WITH e AS ${q.events(events, q.window, values(q))}
        SELECT e.k AS k, COUNT(*) AS seen, ${sql.join(columns)} FROM e GROUP BY e.k`
    },
  }
}

/** The most frequent value of an attribute; ties go to the value of the most recent event. */
export function modeSource(name: string, events: readonly string[], attribute: string): MetricSource {
  return {
    name,
    query(q) {
      return sql`WITH e AS ${q.events(events, q.window, { v: q.read.attributeText(attribute) })},
        c AS (SELECT e.k, e.v, e.ts, e.id,
                COUNT(*) OVER (PARTITION BY e.k, e.v) AS n,
                ROW_NUMBER() OVER (PARTITION BY e.k, e.v ORDER BY ${newestFirst(q, 'e')}) AS r
              FROM e WHERE e.v IS NOT NULL),
        ranked AS (SELECT c.k, c.v, ROW_NUMBER() OVER (PARTITION BY c.k ORDER BY c.n DESC, ${newestFirst(q, 'c')}) AS r
              FROM c WHERE c.r = 1)
        SELECT ranked.k AS k, ranked.v AS mode FROM ranked WHERE ranked.r = 1`
    },
  }
}

export interface CohortOutcome {
  event: string
  /** An RFC 3339 attribute of the outcome that says when it happened (else its event_timestamp). */
  timeAttribute?: string
}

/**
 * Among the entities created in the window (keyed by customer + entity id; an entity created more
 * than once counts from its earliest creation in the window), which have each outcome: the
 * earliest outcome event before `to`, which may precede `from`. Columns: `cohort`, and per
 * outcome `<alias>` (entities with it) and `<alias>_ms` (sum of outcome time − creation time).
 * `createdColumns` adds sums over the earliest creation events (e.g. a size).
 */
export function cohortSource(
  name: string,
  created: string,
  entity: string,
  outcomes: Readonly<Record<string, CohortOutcome>>,
): MetricSource {
  return {
    name,
    query(q) {
      const read = q.read
      const outcomeEvents = Object.values(outcomes).map((o) => o.event)
      const timeAttributes = Object.values(outcomes).filter((o) => o.timeAttribute)
      const at =
        timeAttributes.length === 0
          ? sql`CAST(NULL AS DOUBLE PRECISION)`
          : sql`CASE ${sql.join(
              timeAttributes.map(
                (o) =>
                  sql`WHEN ce.event_name = ${sql.lit(o.event)} THEN ${read.attributeMillis(o.timeAttribute!)}`,
              ),
              sql` `,
            )} END`
      // Each entity's creation and first outcomes meet in one GROUP BY (customer, entity) — an
      // aggregate both stores run in one pass — rather than a join per outcome, which SQLite
      // answers company-wide by comparing every creation with every outcome.
      const firstOf = (event: string) => sql`MIN(CASE WHEN pairs.name = ${sql.lit(event)} THEN pairs.ots END)`
      const outcomeColumns = Object.entries(outcomes).map(
        ([alias, o]) => sql`${firstOf(o.event)} AS ${sql.ref(`o_${alias}`)}`,
      )
      const columns = Object.keys(outcomes).map((alias) => {
        const at = sql.ref(`entity.o_${alias}`)
        return sql`SUM(CASE WHEN ${at} IS NOT NULL THEN 1 ELSE 0 END) AS ${sql.ref(alias)},
          SUM(${at} - entity.cts) AS ${sql.ref(`${alias}_ms`)}`
      })
      // The earliest creation and outcome events of each entity are picked by row number — unless
      // the minimum of each does: when the row key is the same for every creation of an entity and
      // no outcome carries its own time, MIN(ts) per entity is the earliest event's time, and the
      // GROUP BY below is the only pass (a third of the sorting, company-wide).
      const grouping = q.scope.grouping
      const keyOfEntity = grouping === 'customer' || grouping === 'company' || grouping === entity
      const earliestByMin = keyOfEntity && timeAttributes.length === 0
      const createdRows = earliestByMin
        ? sql`SELECT ${customerKey('c')} AS ckey, c.k, c.ent, c.ts, 1 AS r FROM c WHERE c.ent IS NOT NULL`
        : sql`SELECT ${customerKey('c')} AS ckey, c.k, c.ent, c.ts,
                 ROW_NUMBER() OVER (PARTITION BY c.cid, c.ent ORDER BY ${oldestFirst(q, 'c')}) AS r
               FROM c WHERE c.ent IS NOT NULL`
      const outcomeRows = earliestByMin
        ? sql`SELECT ${customerKey('o')} AS ckey, o.name, o.ent, o.ts, o.at, 1 AS r FROM o WHERE o.ent IS NOT NULL`
        : sql`SELECT ${customerKey('o')} AS ckey, o.name, o.ent, o.ts, o.at,
                  ROW_NUMBER() OVER (PARTITION BY o.cid, o.name, o.ent ORDER BY ${oldestFirst(q, 'o')}) AS r
                FROM o WHERE o.ent IS NOT NULL`
      return sql`WITH c AS ${q.events([created], q.window, { ent: read.attributeText(entity) })},
        cr AS (${createdRows}),
        o AS ${q.events(outcomeEvents, q.beforeTo, { ent: read.attributeText(entity), at })},
        orr AS (${outcomeRows}),
        pairs AS (SELECT cr.ckey, cr.ent, cr.k, cr.ts AS cts, NULL AS name, NULL AS ots FROM cr WHERE cr.r = 1
                  UNION ALL
                  SELECT orr.ckey, orr.ent, NULL, NULL, orr.name, COALESCE(orr.at, orr.ts) FROM orr WHERE orr.r = 1),
        entity AS (SELECT pairs.ckey, pairs.ent, MAX(pairs.k) AS k, MIN(pairs.cts) AS cts, ${sql.join(outcomeColumns)}
                   FROM pairs GROUP BY pairs.ckey, pairs.ent)
        SELECT entity.k AS k, COUNT(*) AS cohort, ${sql.join(columns)}
        FROM entity WHERE entity.cts IS NOT NULL
        GROUP BY entity.k`
    },
  }
}

/**
 * A count of `event` in the window (`current`) and in the previous window of equal length
 * (`previous`, null without `from`).
 */
export function growthSource(name: string, event: string): MetricSource {
  return {
    name,
    query(q) {
      const { fromTs, toTs } = q.scope
      if (fromTs === undefined) {
        return sql`WITH e AS ${q.events([event], q.window)}
          SELECT e.k AS k, COUNT(*) AS current, CAST(NULL AS DOUBLE PRECISION) AS previous FROM e GROUP BY e.k`
      }
      const previousFrom = fromTs - (toTs - fromTs)
      return sql`WITH e AS ${q.events([event], { fromTs: previousFrom, toTs })}
        SELECT e.k AS k, SUM(${when(sql`e.ts >= ${dbl(sql.val(fromTs))}`)}) AS current,
          SUM(${when(sql`e.ts < ${dbl(sql.val(fromTs))}`)}) AS previous
        FROM e GROUP BY e.k`
    },
  }
}

/** (current − previous) / previous; null when previous is 0 or null. */
export const growth = (current: Expression<unknown>, previous: Expression<unknown>) =>
  sql<
    number | null
  >`CASE WHEN COALESCE(${previous}, 0) = 0 THEN NULL ELSE (${dbl(current)} - ${dbl(previous)}) / ${dbl(previous)} END`

/**
 * The events of the window in time order as a JSON list of objects (`fields` are attributes; `at`
 * is the event_timestamp as the event gave it).
 */
export function historySource(name: string, event: string, fields: readonly string[]): MetricSource {
  return {
    name,
    query(q) {
      const read = q.read
      const columns = Object.fromEntries(fields.map((field) => [field, read.attributeText(field)]))
      const object = read.jsonObject({
        ...Object.fromEntries(fields.map((field) => [field, sql.ref(`h.${field}`)])),
        at: sql.ref('h.at'),
      })
      return sql`WITH h AS ${q.events([event], q.window, { ...columns, at: read.envelopeText(['event_timestamp']) })}
        SELECT h.k AS k, ${read.jsonArrayAgg(object, [sql`h.ts ASC`, sql`${read.binary(sql.ref('h.id'))} ASC`])} AS history
        FROM h GROUP BY h.k`
    },
  }
}

/**
 * The customer of a row as a grouping key: rows of one customer — or both of no customer yet:
 * events waiting for identity resolution pair by entity id among themselves (customer ids are
 * never empty) — share it. A plain column, so grouping or partitioning by it with the entity is
 * one sort or hash on both stores.
 */
export const customerKey = (table: string) => sql`COALESCE(${sql.ref(`${table}.cid`)}, '')`

/** Whether an event name equals one of ours, over a column of rows. */
export const named = (column: string, event: string) => isEvent(sql.ref(column), event)
