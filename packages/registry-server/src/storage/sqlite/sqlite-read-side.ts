/**
 * The read port on SQLite: the customer events are the folded `customer_timeline` joined to
 * `events`, plus the events above the fold watermark, in one statement (ADR 0106). The tail is
 * found by its `seq` range — `NOT INDEXED`, so the planner never walks a company-wide index for
 * it. Timestamps are integers (ms) and bodies JSON text.
 */
import type { Database, Statement } from 'better-sqlite3'
import {
  Kysely,
  type RawBuilder,
  type SelectQueryBuilder,
  type SqliteDatabase,
  SqliteDialect,
  sql,
} from 'kysely'
import { NAMED_FIELD_LISTS, needsValueCheck } from '../customer-directory.js'
import { EVENT_FACTS, type FactKind, factAt } from '../event-facts.js'
import {
  type CompanyEventColumns,
  type CompanyEventsDb,
  type CustomerActivityDb,
  type CustomerEventsDb,
  type CustomerEventsScope,
  customerDirectoryOf,
  foldAscii,
  type KnownCustomersDb,
  type ReadSide,
} from '../read-side.js'
import { readerPoolDialect, type SqliteReaderPool } from './sqlite-reader-pool.js'

const COLUMNS = sql.raw(
  `e.event_id, e.event_name, e.source_module, e.schema_version, e.event_ts, e.body, ${EVENT_FACTS.map((f) => `e.${f.column}`).join(', ')}`,
)

/** `readers`: the reader threads for `parallel` (absent: `parallel` is the main connection). */
export function sqliteReadSide(database: Database, readers?: SqliteReaderPool): ReadSide {
  const db = new Kysely<CustomerEventsDb>({
    dialect: new SqliteDialect({ database: keptStatements(database) }),
  })
  return {
    db,
    repeated: db,
    parallel: readers ? new Kysely<CustomerEventsDb>({ dialect: readerPoolDialect(readers) }) : db,
    customerEvents(scope) {
      const relation = sql`(
        SELECT t.company_id, t.customer_id, ${COLUMNS}
        FROM customer_timeline t JOIN events e ON e.seq = t.seq
        WHERE ${conditions(scope, 't')}
        UNION ALL
        SELECT e.company_id, e.customer_id, ${COLUMNS}
        FROM events e NOT INDEXED
        WHERE e.seq > (SELECT folded_seq FROM fold_state) AND ${conditions(scope, 'e')})`
      return db.selectFrom(relation.as('ce')) as unknown as SelectQueryBuilder<CustomerEventsDb, 'ce', object>
    },
    customerActivity(scope) {
      // The timeline is its own covering key; the tail is the same rows of `customerEvents`.
      const relation = sql`(
        SELECT t.company_id, t.customer_id, t.event_ts FROM customer_timeline t
        WHERE ${conditions(scope, 't')}
        UNION ALL
        SELECT e.company_id, e.customer_id, e.event_ts FROM events e NOT INDEXED
        WHERE e.seq > (SELECT folded_seq FROM fold_state) AND ${conditions(scope, 'e')})`
      return db.selectFrom(relation.as('ce')) as unknown as SelectQueryBuilder<
        CustomerActivityDb,
        'ce',
        object
      >
    },
    companyEvents(scope) {
      // The event log itself holds every event, resolved or not: the planner reads it through
      // `events_company_window` when event names are given, `events_company_feed` otherwise.
      let select = db
        .withTables<{ events: CompanyEventColumns }>()
        .selectFrom('events as ce')
        .where('ce.company_id', '=', scope.companyId)
      if (scope.eventNames !== undefined) {
        select =
          scope.eventNames.length === 0
            ? select.where(sql<boolean>`0`)
            : select.where('ce.event_name', 'in', [...scope.eventNames])
      }
      if (scope.fromTs !== undefined) select = select.where('ce.event_ts', '>=', scope.fromTs)
      if (scope.toTs !== undefined) select = select.where('ce.event_ts', '<', scope.toTs)
      return select as unknown as SelectQueryBuilder<CompanyEventsDb, 'ce', object>
    },
    knownCustomers(companyId) {
      // The folded aggregates name every customer up to the watermark; the tail adds the rest.
      const relation = sql`(
        SELECT a.company_id, a.customer_id FROM customer_aggregates a WHERE a.company_id = ${companyId}
        UNION
        SELECT e.company_id, e.customer_id FROM events e NOT INDEXED
        WHERE e.seq > (SELECT folded_seq FROM fold_state) AND e.company_id = ${companyId}
          AND e.customer_id IS NOT NULL)`
      return db.selectFrom(relation.as('kc')) as unknown as SelectQueryBuilder<KnownCustomersDb, 'kc', object>
    },
    customerDirectory: (companyId) => customerDirectoryOf(db, companyId),
    directoryValueContains(needle, names) {
      const folded = foldAscii(needle)
      // Every value is in attribute_text: a cheap superset test before any JSON is parsed.
      const candidate = sql<boolean>`instr(cd.attribute_text, ${folded}) > 0`
      if (!needsValueCheck(needle, names)) return candidate
      const only = names
        ? sql`AND json_extract(v.value, '$[0]') IN (${sql.join(NAMED_FIELD_LISTS.map((l) => sql.val(l)))})
            AND json_extract(v.value, '$[1]') IN (${sql.join(names.map((n) => sql.val(n)))})`
        : sql``
      return sql<boolean>`(${candidate} AND EXISTS (SELECT 1 FROM json_each(cd.attribute_values) AS v
        WHERE instr(json_extract(v.value, '$[2]'), ${folded}) > 0 ${only}))`
    },
    listTextContains(list, key, needle, names) {
      const keyPath = `$.${JSON.stringify(key)}`
      const only = names
        ? sql`AND json_extract(item.value, '$.name') IN (${sql.join(names.map((n) => sql.val(n)))})`
        : sql``
      const folded = foldAscii(needle)
      // The body's text first: a byte search, so only bodies that can match are parsed.
      const candidate = findableInJsonText(needle) ? sql`instr(lower(ce.body), ${folded}) > 0 AND ` : sql``
      // Without ICU, SQLite's lower() folds ASCII only — what PostgreSQL's does under "C".
      return sql<boolean>`(${candidate}EXISTS (SELECT 1 FROM json_each(ce.body, ${attributePath(list)}) AS item
        WHERE json_type(item.value, ${keyPath}) = 'text'
          AND instr(lower(json_extract(item.value, ${keyPath})), ${folded}) > 0 ${only}))`
    },
    listHasItem: (list, name) =>
      sql<boolean>`(EXISTS (SELECT 1 FROM json_each(ce.body, ${attributePath(list)}) AS item
        WHERE json_extract(item.value, '$.name') = ${name}))`,
    listItemText: (list, key, name) =>
      sql<string | null>`(SELECT CAST(json_extract(item.value, ${`$.${JSON.stringify(key)}`}) AS TEXT)
        FROM json_each(ce.body, ${attributePath(list)}) AS item
        WHERE json_extract(item.value, '$.name') = ${name} ORDER BY item.key LIMIT 1)`,
    ts: (ms) => sql.val(ms),
    tsMillis: sql<number>`ce.event_ts`,
    eventIdBinary: sql<string>`ce.event_id`,
    attributeText: (name) =>
      factColumn(['event_attributes', name], 'text') ??
      sql<string | null>`json_extract(ce.body, ${attributePath(name)})`,
    bodyAttributeText: (name) => sql<string | null>`json_extract(ce.body, ${attributePath(name)})`,
    attributeNumber: (name) =>
      factColumn(['event_attributes', name], 'number') ??
      sql<number | null>`json_extract(ce.body, ${attributePath(name)})`,
    attributeMillis: (name) =>
      rfc3339Millis(
        sql`upper(${factColumn(['event_attributes', name], 'text') ?? sql`json_extract(ce.body, ${attributePath(name)})`})`,
      ),
    envelopeText: (path) =>
      factColumn(path, 'text') ??
      sql<
        string | null
      >`json_extract(ce.body, ${`$${path.map((step) => `.${JSON.stringify(step)}`).join('')}`})`,
    binary: (text) => sql<string>`${typeof text === 'string' ? sql.ref(text) : text}`,
    jsonArrayAgg: (value, orderBy) => sql`json_group_array(${value} ORDER BY ${sql.join(orderBy)})`,
    jsonObjectAgg: (key, value) => sql`json_group_object(${key}, ${value})`,
    jsonObject: (fields) =>
      sql`json_object(${sql.join(Object.entries(fields).map(([key, value]) => sql`${sql.lit(key)}, ${value}`))})`,
    decodeJson: (value) => (value === null || value === undefined ? null : JSON.parse(value as string)),
    decodeBody: (body) => JSON.parse(body as string) as Record<string, unknown>,
  }
}

/**
 * The fact column of `ce` kept for `path` (ADR 0120): the same value as the JSON read of a body
 * whose attribute has the fact's type, which every catalog event that carries it has.
 */
function factColumn(path: readonly string[], kind: FactKind): RawBuilder<never> | undefined {
  const fact = factAt(path, kind)
  return fact && sql<never>`${sql.ref(`ce.${fact.column}`)}`
}

/** Prepared statements kept, by SQL text, for this many distinct texts. */
const KEPT_STATEMENTS = 256

/**
 * The connection as Kysely sees it, keeping prepared statements by their SQL text (least recently
 * used out first). A metric statement takes SQLite longer to prepare than to run over one
 * customer's events, and its text repeats from request to request: values are parameters.
 */
function keptStatements(database: Database): SqliteDatabase {
  const kept = new Map<string, Statement>()
  return {
    close: () => database.close(),
    prepare(text) {
      const statement = kept.get(text)
      kept.delete(text)
      // A statement still being iterated cannot run again until it finishes: prepare another.
      const usable = statement && !statement.busy ? statement : database.prepare(text)
      kept.set(text, usable)
      if (kept.size > KEPT_STATEMENTS) kept.delete(kept.keys().next().value!)
      return usable
    },
  }
}

/** The scope on one part: `t` is `customer_timeline`, `e` the tail of `events`. */
function conditions(scope: CustomerEventsScope, table: 't' | 'e') {
  const column = (name: string) => sql.ref(`${table}.${name}`)
  const parts = [sql`${column('company_id')} = ${scope.companyId}`]
  parts.push(
    scope.customerId === undefined
      ? sql`${column('customer_id')} IS NOT NULL`
      : sql`${column('customer_id')} = ${scope.customerId}`,
  )
  if (scope.fromTs !== undefined) parts.push(sql`${column('event_ts')} >= ${scope.fromTs}`)
  if (scope.toTs !== undefined) parts.push(sql`${column('event_ts')} < ${scope.toTs}`)
  return sql.join(parts, sql` AND `)
}

/**
 * RFC 3339 text (upper-cased: SQLite's parser refuses a lowercase "t"/"z") as whole ms. SQLite
 * rounds a fraction finer than ms; `Date.parse`, which made every `event_ts`, and PostgreSQL drop
 * the extra digits — so the fraction is cut to 3 digits here and the rest parsed without it.
 */
function rfc3339Millis(text: RawBuilder<unknown>): RawBuilder<number | null> {
  const zone = sql`CASE WHEN substr(${text}, -1) = 'Z' THEN 'Z' ELSE substr(${text}, -6) END`
  const dot = sql`instr(${text}, '.')`
  return sql<number | null>`CASE WHEN ${dot} = 0 THEN unixepoch(${text}) * 1000
    ELSE unixepoch(substr(${text}, 1, ${dot} - 1) || ${zone}) * 1000
      + CAST(substr(substr(${text}, ${dot} + 1, length(${text}) - ${dot} - length(${zone})) || '000', 1, 3) AS INTEGER)
    END`
}

/** A JSON path to one attribute, quoted so any key (dots included) is one step. */
function attributePath(name: string): string {
  return `$.event_attributes.${JSON.stringify(name)}`
}

/**
 * True when `needle` appears in a JSON text exactly as written (no character JSON escapes), so
 * "the body's text contains it" is a cheap superset test to run before looking into the JSON.
 */
function findableInJsonText(needle: string): boolean {
  for (const char of needle) {
    if (char === '"' || char === '\\' || char.charCodeAt(0) < 0x20) return false
  }
  return true
}
