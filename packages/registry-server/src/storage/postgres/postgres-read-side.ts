/**
 * The read port on PostgreSQL: the customer events are the rows of the partitioned `events`
 * table that have a customer, read through the `events_customer_timeline` index of each monthly
 * partition. `event_ts` is a timestamptz written from ms exactly as compared here, and bodies
 * are JSONB.
 */
import { type Kysely, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely'
import { NAMED_FIELD_LISTS, needsValueCheck } from '../customer-directory.js'
import { type FactKind, factAt } from '../event-facts.js'
import type { SharedTables } from '../key-and-schema-tables.js'
import {
  type CompanyEventsDb,
  type CustomerActivityDb,
  type CustomerEventColumns,
  type CustomerEventsDb,
  customerDirectoryOf,
  foldAscii,
  type KnownCustomersDb,
  type ReadSide,
} from '../read-side.js'

/**
 * The fact column of `ce` kept for `path` (ADR 0120): the same value as the JSON read of a body
 * whose attribute has the fact's type, which every catalog event that carries it has.
 */
function factColumn(path: readonly string[], kind: FactKind): RawBuilder<never> | undefined {
  const fact = factAt(path, kind)
  return fact && sql<never>`${sql.ref(`ce.${fact.column}`)}`
}

/** A ms timestamp as `event_ts`, written exactly as the commit writes it, so equality is exact. */
const ts = (ms: number) => sql<Date>`to_timestamp(${ms}::float8 / 1000.0)`

export type ReadTables = SharedTables & { events: CustomerEventColumns }

/**
 * `db`: the store's own instance (its pool); `repeated`: one over the same pool whose statements
 * are prepared by name (`postgres-named-statements.ts`).
 */
export function postgresReadSide(db: Kysely<ReadTables>, repeated: Kysely<ReadTables> = db): ReadSide {
  return {
    db: db as unknown as Kysely<CustomerEventsDb>,
    repeated: repeated as unknown as Kysely<CustomerEventsDb>,
    parallel: db as unknown as Kysely<CustomerEventsDb>,
    customerEvents(scope) {
      let select = db
        .selectFrom('events as ce')
        .where('ce.company_id', '=', scope.companyId)
        .where('ce.customer_id', scope.customerId === undefined ? 'is not' : '=', scope.customerId ?? null)
      if (scope.fromTs !== undefined) select = select.where('ce.event_ts', '>=', ts(scope.fromTs))
      if (scope.toTs !== undefined) select = select.where('ce.event_ts', '<', ts(scope.toTs))
      return select as unknown as SelectQueryBuilder<CustomerEventsDb, 'ce', object>
    },
    customerActivity(scope) {
      // Only the key of `events_customer_timeline` is read: an index-only scan.
      return this.customerEvents(scope) as unknown as SelectQueryBuilder<CustomerActivityDb, 'ce', object>
    },
    companyEvents(scope) {
      let select = db.selectFrom('events as ce').where('ce.company_id', '=', scope.companyId)
      if (scope.eventNames !== undefined) {
        select =
          scope.eventNames.length === 0
            ? select.where(sql<boolean>`false`)
            : select.where('ce.event_name', 'in', [...scope.eventNames])
      }
      if (scope.fromTs !== undefined) select = select.where('ce.event_ts', '>=', ts(scope.fromTs))
      if (scope.toTs !== undefined) select = select.where('ce.event_ts', '<', ts(scope.toTs))
      return select as unknown as SelectQueryBuilder<CompanyEventsDb, 'ce', object>
    },
    knownCustomers(companyId) {
      // The aggregates are written in the commit, so they name every customer with an event.
      const relation = sql`(
        SELECT DISTINCT a.company_id, a.customer_id FROM customer_aggregates a WHERE a.company_id = ${companyId})`
      return db.selectFrom(relation.as('kc')) as unknown as SelectQueryBuilder<KnownCustomersDb, 'kc', object>
    },
    customerDirectory: (companyId) => customerDirectoryOf(db, companyId),
    directoryValueContains(needle, names) {
      const folded = sql`${foldAscii(needle)}::text`
      // Every value is in attribute_text: a cheap superset test before any JSON is read.
      const candidate = sql<boolean>`strpos(cd.attribute_text, ${folded}) > 0`
      if (!needsValueCheck(needle, names)) return candidate
      const only = names
        ? sql`AND x.v ->> 0 IN (${sql.join(NAMED_FIELD_LISTS.map((l) => sql`${l}::text`))})
            AND x.v ->> 1 IN (${sql.join(names.map((n) => sql`${n}::text`))})`
        : sql``
      return sql<boolean>`(${candidate} AND EXISTS (SELECT 1 FROM jsonb_array_elements(cd.attribute_values) AS x(v)
        WHERE strpos(x.v ->> 2, ${folded}) > 0 ${only}))`
    },
    listTextContains(list, key, needle, names) {
      const items = sql`ce.body -> 'event_attributes' -> ${list}::text`
      const only = names ? sql`AND item.v ->> 'name' IN (${sql.join(names.map((n) => sql.val(n)))})` : sql``
      const folded = foldAscii(needle)
      // lower() under "C" folds ASCII only, as SQLite's does: both stores give one answer.
      return sql<boolean>`(EXISTS (SELECT 1
        FROM jsonb_array_elements(CASE jsonb_typeof(${items}) WHEN 'array' THEN ${items} ELSE '[]'::jsonb END)
          AS item(v)
        WHERE jsonb_typeof(item.v -> ${key}::text) = 'string'
          AND strpos(lower((item.v ->> ${key}::text) COLLATE "C"), ${folded}::text) > 0 ${only}))`
    },
    listHasItem(list, name) {
      const items = sql`ce.body -> 'event_attributes' -> ${list}::text`
      return sql<boolean>`(EXISTS (SELECT 1
        FROM jsonb_array_elements(CASE jsonb_typeof(${items}) WHEN 'array' THEN ${items} ELSE '[]'::jsonb END)
          AS item(v)
        WHERE item.v ->> 'name' = ${name}::text))`
    },
    listItemText(list, key, name) {
      const items = sql`ce.body -> 'event_attributes' -> ${list}::text`
      return sql<string | null>`(SELECT item.v ->> ${key}::text
        FROM jsonb_array_elements(CASE jsonb_typeof(${items}) WHEN 'array' THEN ${items} ELSE '[]'::jsonb END)
          WITH ORDINALITY AS item(v, n)
        WHERE item.v ->> 'name' = ${name}::text ORDER BY item.n LIMIT 1)`
    },
    ts,
    tsMillis: sql<number>`(extract(epoch FROM ce.event_ts) * 1000)::float8`,
    eventIdBinary: sql<string>`ce.event_id COLLATE "C"`,
    attributeText: (name) =>
      factColumn(['event_attributes', name], 'text') ??
      sql<string | null>`ce.body -> 'event_attributes' ->> ${name}`,
    bodyAttributeText: (name) => sql<string | null>`ce.body -> 'event_attributes' ->> ${name}`,
    attributeNumber: (name) =>
      factColumn(['event_attributes', name], 'number') ??
      sql<number | null>`(ce.body -> 'event_attributes' ->> ${name})::float8`,
    // Whole ms, finer digits dropped as Date.parse drops them from event_timestamp (extract() is
    // numeric, so floor is exact).
    attributeMillis: (name) =>
      sql<
        number | null
      >`floor(extract(epoch FROM (${factColumn(['event_attributes', name], 'text') ?? sql`ce.body -> 'event_attributes' ->> ${name}`})::timestamptz) * 1000)::float8`,
    envelopeText: (path) => factColumn(path, 'text') ?? sql<string | null>`ce.body #>> ${[...path]}::text[]`,
    binary: (text) => sql<string>`(${typeof text === 'string' ? sql.ref(text) : text}) COLLATE "C"`,
    jsonArrayAgg: (value, orderBy) => sql`json_agg(${value} ORDER BY ${sql.join(orderBy)})`,
    jsonObjectAgg: (key, value) => sql`json_object_agg(${key}, ${value})`,
    jsonObject: (fields) =>
      sql`json_build_object(${sql.join(Object.entries(fields).map(([key, value]) => sql`${sql.lit(key)}::text, ${value}`))})`,
    decodeJson: (value) => (value === undefined ? null : value),
    decodeBody: (body) => body as Record<string, unknown>,
  }
}
