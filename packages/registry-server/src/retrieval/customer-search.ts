/**
 * Finding customers (ADR 0112): by customer id prefix, by an exact identifier (`identities`), or
 * by a text inside a value their CDP events ever set (`customer.created` field lists,
 * `customer.updated` new values), optionally only the members of a segment (`cdp.segments`:
 * the latest of `segment.entered` / `segment.exited` for it is `segment.entered`). One page,
 * ordered by customer id in binary order and keyed by the last id. Written once over the read
 * port; both stores answer it. Ids and attribute values come from the customer directory kept at
 * ingest (ADR 0119): an id prefix is a key range, a text one narrow row per customer.
 */
import { type SelectQueryBuilder, sql } from 'kysely'
import type { CustomerDirectoryDb, CustomerEventsDb, ReadSide } from '../storage/read-side.js'
import { customerEventsInWindow } from './customer-events-in-window.js'
import type { IdentitiesDb } from './customer-identifiers.js'
import { ATTRIBUTE_EVENTS, type CustomerAttributes, emptyAttributes, foldAttributes } from './profile-fold.js'

type DirectoryIds = SelectQueryBuilder<CustomerDirectoryDb, 'cd', { customer_id: string }>

export interface CustomerSearchQuery {
  companyId: string
  /** Absent: every customer (of the segment, when given). */
  text?: {
    /** Matches customer ids that start with it, and attribute values that contain it. */
    value: string
    /** Exact identifiers to look up, already normalized (a phone written as a phone, …). */
    identifiers: readonly { kind: string; value: string }[]
    /**
     * Which attribute values to search: `all`, only these default fields' (no custom fields),
     * or `none`.
     */
    attributes: 'all' | 'none' | readonly string[]
  }
  /** Only current members of this segment id. */
  segmentId?: string
  /** Continue after this customer id (binary order). */
  after?: string
  /** Page size, ≥ 1. */
  limit: number
}

export async function searchCustomers(read: ReadSide, query: CustomerSearchQuery): Promise<string[]> {
  const rows = await customerSearchQuery(read, query).execute()
  return rows.map((row) => row.customer_id)
}

/** The one statement a search runs (exported for its query-plan test). */
export function customerSearchQuery(read: ReadSide, query: CustomerSearchQuery) {
  // Each source is its own keyed read, combined by UNION — an OR over one relation would have the
  // planner read the whole customer directory; the segment, when given, is the base.
  const matches = query.text ? textMatches(read, query.companyId, query.text) : undefined
  let select: Candidates
  if (query.segmentId !== undefined) {
    select = read.db
      .selectFrom(segmentMembers(read, query.companyId, query.segmentId).as('kc'))
      .select('kc.customer_id')
    if (matches) select = select.where('kc.customer_id', 'in', matches)
  } else if (matches) {
    select = read.db.selectFrom(matches.as('kc')).select('kc.customer_id')
  } else {
    select = read.db
      .selectFrom(directoryIds(read, query.companyId).as('kc'))
      .select('kc.customer_id') as unknown as Candidates
  }
  if (query.after !== undefined) select = select.where(read.binary('kc.customer_id'), '>', query.after)
  return select.orderBy(read.binary('kc.customer_id')).limit(Math.max(1, Math.floor(query.limit)))
}

type CustomerIds = SelectQueryBuilder<CustomerEventsDb, 'ce', { customer_id: string }>
type Candidates = SelectQueryBuilder<
  CustomerEventsDb & { kc: { customer_id: string } },
  'kc',
  { customer_id: string }
>

/** The customers `text` matches: by id prefix, by identifier, by attribute text — each keyed on its own. */
function textMatches(
  read: ReadSide,
  companyId: string,
  text: NonNullable<CustomerSearchQuery['text']>,
): CustomerIds {
  const sources = [idPrefixOwners(read, companyId, text.value)] as unknown as CustomerIds[]
  if (text.identifiers.length > 0)
    sources.push(identifierOwners(read, companyId, text.identifiers) as unknown as CustomerIds)
  if (text.attributes === 'all' || (text.attributes !== 'none' && text.attributes.length > 0))
    sources.push(attributeOwners(read, companyId, text.value, text.attributes) as unknown as CustomerIds)
  return sources.reduce((all, source) => all.union(source))
}

function identifierOwners(
  read: ReadSide,
  companyId: string,
  identifiers: readonly { kind: string; value: string }[],
) {
  return read.db
    .withTables<IdentitiesDb>()
    .selectFrom('identities as i')
    .select('i.customer_id')
    .where('i.company_id', '=', companyId)
    .where((eb) =>
      eb.or(
        identifiers.map(({ kind, value }) => eb.and([eb('i.kind', '=', kind), eb('i.value', '=', value)])),
      ),
    )
}

function directoryIds(read: ReadSide, companyId: string): DirectoryIds {
  return read.customerDirectory(companyId).select('cd.customer_id')
}

/** Customers whose id starts with `prefix`: a range of the directory's key in binary order. */
function idPrefixOwners(read: ReadSide, companyId: string, prefix: string): DirectoryIds {
  const from = directoryIds(read, companyId).where(read.binary('cd.customer_id'), '>=', prefix)
  const end = prefixEnd(prefix)
  return end === undefined
    ? from.where(sql<string>`substr(cd.customer_id, 1, ${[...prefix].length})`, '=', prefix)
    : from.where(read.binary('cd.customer_id'), '<', end)
}

/**
 * The least string above every string that starts with `prefix`, in code point order (the binary
 * order of UTF-8): the last code point raised by one, skipping surrogates; none when every code
 * point is the highest.
 */
export function prefixEnd(prefix: string): string | undefined {
  const points = [...prefix].map((char) => char.codePointAt(0)!)
  while (points.length > 0) {
    let last = points.pop()! + 1
    if (last === 0xd800) last = 0xe000
    if (last <= 0x10ffff) return String.fromCodePoint(...points, last)
  }
  return undefined
}

function attributeOwners(
  read: ReadSide,
  companyId: string,
  needle: string,
  fields: 'all' | readonly string[],
): DirectoryIds {
  return directoryIds(read, companyId).where(
    read.directoryValueContains(needle, fields === 'all' ? undefined : fields),
  )
}

/** Customers whose latest membership event for the segment is `segment.entered`. */
export function segmentMembers(read: ReadSide, companyId: string, segmentId: string) {
  const latest = read
    .companyEvents({ companyId })
    .select([
      'ce.customer_id',
      'ce.event_name',
      sql<number>`row_number() OVER (PARTITION BY ce.customer_id ORDER BY ce.event_ts DESC, ${read.eventIdBinary} DESC)`.as(
        'rn',
      ),
    ])
    .where('ce.event_name', 'in', ['segment.entered', 'segment.exited'])
    .where('ce.customer_id', 'is not', null)
    .where(read.attributeText('segment_id'), '=', segmentId)
  return read.db
    .selectFrom(latest.as('m'))
    .select('m.customer_id')
    .where('m.rn', '=', 1)
    .where('m.event_name', '=', 'segment.entered')
    .$narrowType<{ customer_id: string }>()
}

/** The current attributes of each customer, for search hits (one small indexed read each). */
export async function customerAttributes(
  read: ReadSide,
  companyId: string,
  customerIds: readonly string[],
): Promise<Map<string, { attributes: CustomerAttributes; lastEventTs: number | null }>> {
  const entries = await Promise.all(
    customerIds.map(async (customerId) => {
      const [events, last] = await Promise.all([
        customerEventsInWindow(read, { companyId, customerId, events: ATTRIBUTE_EVENTS }),
        read
          .customerEvents({ companyId, customerId })
          .select(sql<number | null>`max(${read.tsMillis})`.as('ts'))
          .executeTakeFirst(),
      ])
      const attributes = emptyAttributes()
      for (const event of events) {
        const attrs = event.body.event_attributes
        if (attrs && typeof attrs === 'object')
          foldAttributes(attributes, event.eventName, attrs as Record<string, unknown>)
      }
      const ts = last?.ts
      return [customerId, { attributes, lastEventTs: ts == null ? null : Math.round(Number(ts)) }] as const
    }),
  )
  return new Map(entries)
}
