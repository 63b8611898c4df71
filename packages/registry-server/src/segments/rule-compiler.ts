/**
 * Compiles a parsed segment rule into one SQL predicate over `kc.customer_id` (the company's
 * customers with at least one event), written once over the read port so both stores answer it.
 * Every leaf is `kc.customer_id IN (<customers>)` or `NOT IN` over a subquery whose ids are never
 * null, so a leaf is never NULL and `not` is plain negation — customers without any event are
 * never candidates, whatever the rule.
 */
import { type RawBuilder, sql } from 'kysely'
import { segmentMembers } from '../retrieval/customer-search.js'
import { DEFAULT_METRIC_OPTIONS, metricPerCustomer } from '../retrieval/metrics/metric-engine.js'
import type { MetricOptions } from '../retrieval/metrics/metric-implementation.js'
import { ATTRIBUTE_EVENTS } from '../retrieval/profile-fold.js'
import { isCatalogEvent } from '../storage/event-facts.js'
import type { ReadSide } from '../storage/read-side.js'
import { type ComparisonOp, compare, type Rule } from './rule-parser.js'

export interface CompileContext {
  read: ReadSide
  companyId: string
  /** "Now", ms: every window ends here (exclusive). */
  now: number
  metricOptions?: MetricOptions
}

const SQL_OP: Record<ComparisonOp, string> = {
  '=': '=',
  '!=': '<>',
  '>': '>',
  '>=': '>=',
  '<': '<',
  '<=': '<=',
}

export function compileRule(rule: Rule, ctx: CompileContext): RawBuilder<boolean> {
  switch (rule.kind) {
    case 'all':
      return sql<boolean>`(${sql.join(
        rule.rules.map((r) => compileRule(r, ctx)),
        sql` AND `,
      )})`
    case 'any':
      return sql<boolean>`(${sql.join(
        rule.rules.map((r) => compileRule(r, ctx)),
        sql` OR `,
      )})`
    case 'not':
      return sql<boolean>`(NOT ${compileRule(rule.rule, ctx)})`
    case 'metric':
      return metricLeaf(rule, ctx)
    case 'event':
      return eventLeaf(rule, ctx)
    case 'attribute':
      return attributeLeaf(rule, ctx)
    case 'cdp_segment':
      return sql<boolean>`(kc.customer_id IN (${segmentMembers(ctx.read, ctx.companyId, rule.segmentId)}))`
    case 'segment':
      // Saved segments are expanded into their rules before compiling (`segment-expander.ts`).
      throw new Error(`segment ${rule.id} was not expanded before compiling`)
  }
}

/**
 * Customers without a row in the metric's subquery have its empty value: when the empty value
 * satisfies the comparison, the leaf is "not among the customers whose value fails it".
 */
function metricLeaf(rule: Extract<Rule, { kind: 'metric' }>, ctx: CompileContext): RawBuilder<boolean> {
  const window = {
    companyId: ctx.companyId,
    toTs: ctx.now,
    ...(rule.within && { fromTs: ctx.now - rule.within.ms }),
  }
  const values = metricPerCustomer(
    ctx.read,
    window,
    rule.definition.id,
    ctx.metricOptions ?? DEFAULT_METRIC_OPTIONS,
  )
  const unit = rule.definition.unit
  const empty = rule.definition.emptyValue
  let value: RawBuilder<unknown>
  let target: number | string
  let emptyValue: number | string | null
  if (unit === 'boolean') {
    value = sql`CAST(l.value AS INTEGER)`
    target = rule.value ? 1 : 0
    emptyValue = (empty as unknown) === true ? 1 : 0
  } else if (unit === 'label') {
    value = sql`CAST(l.value AS TEXT)`
    target = String(rule.value)
    emptyValue = typeof empty === 'string' ? empty : null
  } else {
    // DOUBLE PRECISION is a float on both stores (SQLite gives the name REAL affinity).
    value = sql`CAST(l.value AS DOUBLE PRECISION)`
    target = Number(rule.value)
    emptyValue = typeof empty === 'number' ? empty : null
  }
  const withEmpty = emptyValue === null ? value : sql`COALESCE(${value}, ${emptyValue})`
  const holds = sql`${withEmpty} ${sql.raw(SQL_OP[rule.op])} ${target}`
  const emptyHolds = emptyValue !== null && compare(emptyValue, rule.op, target)
  if (!emptyHolds) {
    return sql<boolean>`(kc.customer_id IN (SELECT l.customer_id FROM (${values}) l
      WHERE l.customer_id IS NOT NULL AND ${holds}))`
  }
  return sql<boolean>`(kc.customer_id NOT IN (SELECT l.customer_id FROM (${values}) l
    WHERE l.customer_id IS NOT NULL AND NOT (${holds})))`
}

/**
 * The number of matching events per customer in the window, against `count`. Customers with no
 * matching event have 0: when 0 satisfies `count` (`= 0`, `< 3`), the leaf is "not among the
 * customers whose count fails it".
 */
function eventLeaf(rule: Extract<Rule, { kind: 'event' }>, ctx: CompileContext): RawBuilder<boolean> {
  const { read } = ctx
  let events = read
    .companyEvents({
      companyId: ctx.companyId,
      eventNames: [rule.event],
      toTs: ctx.now,
      ...(rule.within && { fromTs: ctx.now - rule.within.ms }),
    })
    .where('ce.event_name', '=', rule.event)
    .where('ce.customer_id', 'is not', null)
  // A custom event's fields are not facts (`event-facts.ts`): read them from the body.
  const attribute = isCatalogEvent(rule.event) ? read.attributeText : read.bodyAttributeText
  for (const [name, expected] of Object.entries(rule.where)) {
    // The text form on both stores: a JSON number 5 reads as "5" in each.
    events = events.where(sql`CAST(${attribute(name)} AS TEXT)`, '=', String(expected))
  }
  const count = sql`count(*) ${sql.raw(SQL_OP[rule.count.op])} ${rule.count.value}`
  const zeroHolds = compare(0, rule.count.op, rule.count.value)
  const grouped = events
    .select('ce.customer_id')
    .groupBy('ce.customer_id')
    .having(zeroHolds ? sql<boolean>`NOT (${count})` : sql<boolean>`${count}`)
  return zeroHolds
    ? sql<boolean>`(kc.customer_id NOT IN (${grouped}))`
    : sql<boolean>`(kc.customer_id IN (${grouped}))`
}

/**
 * A customer field's current value, as the profile folds it: the latest `customer.created` (its
 * `default_fields` / `custom_fields`) or `customer.updated` (`change_fields[].new_value`) that
 * names the field sets it. `!=` is the negation of `=`: customers without the field match it.
 */
function attributeLeaf(rule: Extract<Rule, { kind: 'attribute' }>, ctx: CompileContext): RawBuilder<boolean> {
  const { read } = ctx
  const name = rule.name
  const created = sql`ce.event_name = 'customer.created'`
  const latest = read
    .companyEvents({ companyId: ctx.companyId, eventNames: ATTRIBUTE_EVENTS, toTs: ctx.now })
    .where('ce.event_name', 'in', [...ATTRIBUTE_EVENTS])
    .where('ce.customer_id', 'is not', null)
    .where(
      sql<boolean>`CASE WHEN ${created}
        THEN (${read.listHasItem('default_fields', name)} OR ${read.listHasItem('custom_fields', name)})
        ELSE ${read.listHasItem('change_fields', name)} END`,
    )
    .select([
      'ce.customer_id',
      sql<string | null>`CASE WHEN ${created}
        THEN COALESCE(${read.listItemText('custom_fields', 'value', name)}, ${read.listItemText('default_fields', 'value', name)})
        ELSE ${read.listItemText('change_fields', 'new_value', name)} END`.as('value'),
      sql<number>`row_number() OVER (PARTITION BY ce.customer_id ORDER BY ce.event_ts DESC, ${read.eventIdBinary} DESC)`.as(
        'rn',
      ),
    ])
  const holders = read.db
    .selectFrom(latest.as('a'))
    .select('a.customer_id')
    .where('a.rn', '=', 1)
    .where('a.value', '=', String(rule.value))
  const equal = sql<boolean>`(kc.customer_id IN (${holders}))`
  return rule.op === '=' ? equal : sql<boolean>`(NOT ${equal})`
}
