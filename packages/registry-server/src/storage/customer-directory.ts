/**
 * The customer directory (ADR 0119): one row per (company, customer) with an event, holding what
 * customer search matches besides identifiers — every string value the customer's
 * `customer.created` / `customer.updated` events ever set, ASCII-lower-cased, tagged with the
 * attribute list and field name it came from. The stores keep it in the commit that stores the
 * events; this module is what both share: which values an event contributes, and how a row's
 * values merge.
 *
 * The values are a set: merging is a union, so any arrival order, and any repeat, gives the same
 * row. A value set earlier stays searchable (ADR 0112: people look for someone by the email or
 * city they remember).
 *
 * A row is bounded (`DIRECTORY_ROW_LIMITS`): every merge reads and rewrites it, so one customer
 * sent ever-new values would otherwise make each of their events cost more than the last, on the
 * writer every company shares. Past the bounds a row keeps the longest prefix of its values in
 * `compareDirectoryValues` order that fits — a rule that gives the same row for any arrival
 * order and grouping, as a union does (the prefix of a union is the prefix of the prefixes'
 * union), and that PostgreSQL applies in SQL with the same order (`postgres-commit.ts`).
 */
import { foldAscii } from './read-side.js'

/** The attribute events whose values the directory holds (the search's, ADR 0112). */
export const DIRECTORY_ATTRIBUTE_EVENTS: readonly string[] = ['customer.created', 'customer.updated']

/** Each attribute list the search looks into, and the key of an item's value in it. */
export const DIRECTORY_LISTS = [
  { list: 'default_fields', key: 'value' },
  { list: 'custom_fields', key: 'value' },
  { list: 'change_fields', key: 'new_value' },
] as const

/** Lists a search restricted to named fields reads: never `custom_fields` (ADR 0112). */
export const NAMED_FIELD_LISTS: readonly string[] = ['default_fields', 'change_fields']

/**
 * Joins the values in `attribute_text`. A needle without it matches that text exactly when it
 * matches one value; a needle with it is checked value by value.
 */
export const VALUE_SEPARATOR = '\u001f'

/** One searchable value: its list, the item's `name` (null when not a string), the folded text. */
export type DirectoryValue = readonly [list: string, name: string | null, folded: string]

/** The columns a directory row stores, in each store's text form. */
export interface DirectoryRowValues {
  /** JSON array of `DirectoryValue`. */
  attributeValues: string
  /** The distinct folded values joined by `VALUE_SEPARATOR`. */
  attributeText: string
}

/** The values an event contributes: none unless it is an attribute event with list items. */
export function directoryValuesOf(eventName: string, body: string): DirectoryValue[] {
  if (!DIRECTORY_ATTRIBUTE_EVENTS.includes(eventName)) return []
  const attributes = (JSON.parse(body) as { event_attributes?: unknown }).event_attributes
  if (!attributes || typeof attributes !== 'object') return []
  const out: DirectoryValue[] = []
  for (const { list, key } of DIRECTORY_LISTS) {
    const items = (attributes as Record<string, unknown>)[list]
    if (!Array.isArray(items)) continue
    for (const item of items) {
      if (!item || typeof item !== 'object') continue
      const value = (item as Record<string, unknown>)[key]
      if (typeof value !== 'string') continue
      const name = (item as Record<string, unknown>).name
      out.push([list, typeof name === 'string' ? name : null, foldAscii(value)])
    }
  }
  return out
}

/** How much one customer's row keeps: distinct values, and UTF-8 bytes of their folded text. */
export const DIRECTORY_ROW_LIMITS = Object.freeze({ values: 2_000, textBytes: 256 * 1024 })

/**
 * The order a full row keeps its values in: list, then name (null first), then folded text, each
 * by code point — PostgreSQL's `COLLATE "C"` on UTF-8, so both stores keep the same prefix.
 */
export function compareDirectoryValues(a: DirectoryValue, b: DirectoryValue): number {
  return (
    compareCodePoints(a[0], b[0]) ||
    (a[1] === b[1] ? 0 : a[1] === null ? -1 : b[1] === null ? 1 : compareCodePoints(a[1], b[1])) ||
    compareCodePoints(a[2], b[2])
  )
}

/** Code point order: UTF-16 order but for surrogates, which sort after U+E000–U+FFFF. */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return codePointRank(x) - codePointRank(y)
  }
  return a.length - b.length
}

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000
  return unit >= 0xe000 ? unit - 0x800 : unit
}

/** The longest prefix of `values` (distinct) in `compareDirectoryValues` order within the limits. */
function withinLimits(values: DirectoryValue[]): DirectoryValue[] {
  let units = 0
  for (const value of values) units += value[2].length
  // UTF-8 takes at most 3 bytes a UTF-16 unit: a row this small fits without counting bytes.
  if (values.length <= DIRECTORY_ROW_LIMITS.values && units * 3 <= DIRECTORY_ROW_LIMITS.textBytes)
    return values
  const kept: DirectoryValue[] = []
  let bytes = 0
  for (const value of values.sort(compareDirectoryValues)) {
    bytes += Buffer.byteLength(value[2], 'utf8')
    if (kept.length === DIRECTORY_ROW_LIMITS.values || bytes > DIRECTORY_ROW_LIMITS.textBytes) break
    kept.push(value)
  }
  return kept
}

/**
 * The union of the values a row holds and `added`, within `DIRECTORY_ROW_LIMITS`, as the row
 * stores them (sorted: one form for one set).
 */
export function mergeDirectoryValues(
  stored: string | null,
  added: readonly DirectoryValue[],
): DirectoryRowValues {
  const distinct = new Map<string, DirectoryValue>()
  for (const value of [...(stored ? (JSON.parse(stored) as DirectoryValue[]) : []), ...added])
    distinct.set(JSON.stringify(value), value)
  const all = [...distinct.values()]
  const kept = withinLimits(all)
  const keys = (kept === all ? [...distinct.keys()] : kept.map((value) => JSON.stringify(value))).sort()
  const texts = [...new Set(kept.map((value) => value[2]))].sort()
  return {
    attributeValues: `[${keys.join(',')}]`,
    attributeText: texts.join(VALUE_SEPARATOR),
  }
}

/**
 * (company, customer) pairs known to have a directory row, so an ordinary event of a customer
 * already seen costs a lookup, not a write. Rows are never deleted, so an entry for a committed
 * row never goes stale. Bounded: past `limit` pairs it starts over. Keyed by company, then
 * customer, so a lookup hashes the row's own strings instead of building a key per event.
 */
export class KnownCustomerCache {
  readonly #byCompany = new Map<string, Set<string>>()
  #size = 0

  constructor(readonly limit = 100_000) {}

  has(companyId: string, customerId: string): boolean {
    return this.#byCompany.get(companyId)?.has(customerId) ?? false
  }

  add(companyId: string, customerId: string): void {
    if (this.#size >= this.limit) {
      this.#byCompany.clear()
      this.#size = 0
    }
    let customers = this.#byCompany.get(companyId)
    if (!customers) {
      customers = new Set()
      this.#byCompany.set(companyId, customers)
    }
    if (!customers.has(customerId)) {
      customers.add(customerId)
      this.#size++
    }
  }

  /** Pairs added for a transaction that did not commit. */
  forget(pairs: Iterable<readonly [string, string]>): void {
    for (const [companyId, customerId] of pairs) {
      if (this.#byCompany.get(companyId)?.delete(customerId)) this.#size--
    }
  }
}

/**
 * Whether a directory match must look at the values one by one: for a restriction to named
 * fields, or a needle that could span two values of `attribute_text`.
 */
export function needsValueCheck(needle: string, names: readonly string[] | undefined): boolean {
  return names !== undefined || needle.includes(VALUE_SEPARATOR)
}
