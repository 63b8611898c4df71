/**
 * The read port: one logical relation of the events that belong to a customer, and the few SQL
 * pieces that differ between the stores (timestamps, JSON paths, binary order). A read written
 * with Kysely over it runs unchanged on SQLite and PostgreSQL (`retrieval/`).
 *
 * - SQLite: the folded `customer_timeline` joined to `events`, plus the events above the fold
 *   watermark, in one statement — one snapshot, so every committed event is in exactly one part
 *   (ADR 0106).
 * - PostgreSQL: the partitioned `events` table, read through its `events_customer_timeline` index.
 */
import type { Expression, Kysely, RawBuilder, SelectQueryBuilder } from 'kysely'

/**
 * The columns of the relation; `event_ts` and `body` keep each store's own types. The relation
 * also has the fact columns of `events` (`event-facts.ts`), which the attribute reads below use.
 */
export interface CustomerEventColumns {
  company_id: string
  customer_id: string
  event_id: string
  event_name: string
  source_module: string
  schema_version: string | null
  event_ts: unknown
  body: unknown
}

export type CustomerEventsDb = { ce: CustomerEventColumns }

/** Which events the relation holds: pushed into every part, so each part's index range applies. */
export interface CustomerEventsScope {
  companyId: string
  /** One customer; absent: every resolved customer of the company. */
  customerId?: string
  /** Inclusive lower bound on event_timestamp, ms. */
  fromTs?: number
  /** Exclusive upper bound on event_timestamp, ms. */
  toTs?: number
}

/**
 * Every event of a company, customer-scoped or not (`ad.spend_recorded` has no customer), read
 * through the company's (company_id, event_name, event_ts) index: what company-wide reads scan.
 */
export interface CompanyEventsScope {
  companyId: string
  /** Only these event names (the index's second column); absent: every name. */
  eventNames?: readonly string[]
  /** Inclusive lower bound on event_timestamp, ms. */
  fromTs?: number
  /** Exclusive upper bound on event_timestamp, ms. */
  toTs?: number
}

/** Columns of a company's events: `customer_id` is null for company-scoped and unresolved events. */
export type CompanyEventColumns = Omit<CustomerEventColumns, 'customer_id'> & { customer_id: string | null }

export type CompanyEventsDb = { ce: CompanyEventColumns }

/** When each resolved customer's events happened: the timeline key alone, no event row. */
export type CustomerActivityDb = { ce: { company_id: string; customer_id: string; event_ts: unknown } }

/** The customers of a company that have at least one event: one row per customer. */
export type KnownCustomersDb = { kc: { company_id: string; customer_id: string } }

/**
 * The customer directory (ADR 0119): one row per customer of the company with an event, with the
 * folded string values their attribute events set (`storage/customer-directory.ts`).
 */
export type CustomerDirectoryDb = {
  cd: { company_id: string; customer_id: string; attribute_text: string; attribute_values: unknown }
}

export interface ReadSide {
  /** `SELECT … FROM ce`: the customer events in scope, aliased `ce`. */
  customerEvents(scope: CustomerEventsScope): SelectQueryBuilder<CustomerEventsDb, 'ce', object>
  /**
   * `SELECT … FROM ce`: the customer and time of each customer event in scope (the rows of
   * `customerEvents`, only these columns), read from the timeline index without the events.
   */
  customerActivity(scope: CustomerEventsScope): SelectQueryBuilder<CustomerActivityDb, 'ce', object>
  /** `SELECT … FROM ce`: every event of the company in scope, with or without a customer, aliased `ce`. */
  companyEvents(scope: CompanyEventsScope): SelectQueryBuilder<CompanyEventsDb, 'ce', object>
  /** `SELECT … FROM kc`: each customer of the company with at least one event, once. */
  knownCustomers(companyId: string): SelectQueryBuilder<KnownCustomersDb, 'kc', object>
  /** `SELECT … FROM cd`: the company's rows of the customer directory, aliased `cd`. */
  customerDirectory(companyId: string): SelectQueryBuilder<CustomerDirectoryDb, 'cd', object>
  /**
   * True when a value of the directory row `cd` contains `needle`, ASCII case-insensitively (the
   * `listTextContains` answer over every attribute event of the customer). `names`: only values
   * of default fields or changes named so (absent: every value).
   */
  directoryValueContains(needle: string, names?: readonly string[]): RawBuilder<boolean>
  /**
   * True when some item of the attribute list `list` (e.g. `default_fields`, `[{name, value}]`)
   * has a string `key` containing `needle` (lower-case), ASCII case-insensitively — the same
   * answer on both stores. `names`: only items with one of these `name`s (absent: any item).
   */
  listTextContains(list: string, key: string, needle: string, names?: readonly string[]): RawBuilder<boolean>
  /**
   * True when the attribute list `list` of `ce.body` has an item whose `name` is `name`.
   */
  listHasItem(list: string, name: string): RawBuilder<boolean>
  /**
   * The text form of `key` of the first item of the attribute list `list` whose `name` is
   * `name` (a number reads as its digits, a string as itself); null when there is none or it is
   * null. The same text on both stores for strings and whole numbers.
   */
  listItemText(list: string, key: string, name: string): RawBuilder<string | null>
  /** A ms timestamp as the store's `event_ts`, for comparisons that keep the index usable. */
  ts(ms: number): Expression<unknown>
  /** `ce.event_ts` as ms since the epoch. */
  readonly tsMillis: RawBuilder<number>
  /** `ce.event_id` compared and sorted in binary (code point) order, whatever the collation. */
  readonly eventIdBinary: RawBuilder<string>
  /**
   * A top-level attribute of `ce.body` as text (null when absent). This and the next three read
   * the event's fact column instead of the body when the attribute is a fact (`event-facts.ts`).
   */
  attributeText(name: string): RawBuilder<string | null>
  /**
   * A top-level attribute as text read from `ce.body` itself, never a fact column: for events
   * outside the catalog, which facts do not cover (their fields may have any type).
   */
  bodyAttributeText(name: string): RawBuilder<string | null>
  /** A top-level attribute of `ce.body` as a number (null when absent). */
  attributeNumber(name: string): RawBuilder<number | null>
  /** An RFC 3339 attribute of `ce.body` as ms since the epoch (null when absent). */
  attributeMillis(name: string): RawBuilder<number | null>
  /** A field of the envelope in `ce.body` as text, by path (`['trigger_from']`, `['actor', 'type']`). */
  envelopeText(path: readonly string[]): RawBuilder<string | null>
  /**
   * A text expression — or a column named `alias.column` — compared and sorted in binary (code
   * point) order, whatever the collation.
   */
  binary(text: Expression<unknown> | string): RawBuilder<string>
  /** JSON array of `value`s in `orderBy` order (an aggregate); decode with `decodeJson`. */
  jsonArrayAgg(value: Expression<unknown>, orderBy: readonly Expression<unknown>[]): RawBuilder<unknown>
  /** JSON object of `key`s and `value`s (an aggregate); decode with `decodeJson`. */
  jsonObjectAgg(key: Expression<unknown>, value: Expression<unknown>): RawBuilder<unknown>
  /** A JSON object built from named expressions (a scalar), for `jsonArrayAgg`. */
  jsonObject(fields: Readonly<Record<string, Expression<unknown>>>): RawBuilder<unknown>
  /** A value `jsonArrayAgg`/`jsonObjectAgg` produced, as JavaScript (null stays null). */
  decodeJson(value: unknown): unknown
  /** A stored body as the object it encodes. */
  decodeBody(body: unknown): Record<string, unknown>
  /** The query builder itself, for reads beyond the relation. */
  readonly db: Kysely<CustomerEventsDb>
  /**
   * The query builder for a large statement whose text repeats with other values (one customer's
   * metrics): its plan is kept between runs — PostgreSQL prepares it by name on each connection;
   * SQLite keeps every prepared statement anyway, so this is `db` there.
   */
  readonly repeated: Kysely<CustomerEventsDb>
  /**
   * The query builder for independent SELECTs one request runs at once (company-wide metric
   * sources): PostgreSQL runs them on the pool's connections, SQLite on reader threads with
   * connections of their own (`sqlite-reader-pool.ts`), so they use both cores and leave the
   * event loop free.
   */
  readonly parallel: Kysely<CustomerEventsDb>
}

/** `SELECT … FROM cd`: the company's rows of `customer_directory` (the same table on both stores). */
export function customerDirectoryOf<DB>(
  db: Kysely<DB>,
  companyId: string,
): SelectQueryBuilder<CustomerDirectoryDb, 'cd', object> {
  return (db as unknown as Kysely<{ customer_directory: CustomerDirectoryDb['cd'] }>)
    .selectFrom('customer_directory as cd')
    .where('cd.company_id', '=', companyId) as unknown as SelectQueryBuilder<
    CustomerDirectoryDb,
    'cd',
    object
  >
}

/** Lower-cases ASCII letters only: the case folding both stores apply in `listTextContains`. */
export function foldAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase())
}
