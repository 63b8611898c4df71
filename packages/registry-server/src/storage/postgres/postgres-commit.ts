/**
 * The PostgreSQL write path: one transaction of a few set-based statements per group commit,
 * each taking whole columns as arrays through `unnest` (one round trip for any number of rows).
 * Dedup is `event_keys`' primary key; rows go in key order so concurrent nodes lock alike.
 * The customer directory (ADR 0119) is kept here too: rows for customers first seen (those this
 * process already knows are skipped without a statement) and the values of attribute events,
 * merged as a set union by the upsert itself, so concurrent nodes never lose one.
 */
import type { PoolClient } from 'pg'
import { AggregateDeltas } from '../aggregate-deltas.js'
import {
  DIRECTORY_ROW_LIMITS,
  type DirectoryValue,
  directoryValuesOf,
  KnownCustomerCache,
  mergeDirectoryValues,
} from '../customer-directory.js'
import { EVENT_FACTS } from '../event-facts.js'
import { resolveOwner, teachesIdentifiers, teachIdentifiers } from '../identity-owner.js'
import { QUIET_KEPT_MS } from '../segment-watch-store.js'
import type {
  CommitOptions,
  EventRow,
  Identifier,
  IdentityConflict,
  RowOutcome,
  SegmentQuiet,
} from '../store.js'

const key = (companyId: string, id: string) => `${companyId}\u0000${id}`
const idKey = (companyId: string, id: Identifier) => `${companyId}\u0000${id.kind}\u0000${id.value}`

/**
 * `knownCustomers`: customers with a directory row already; `sighted` receives the ones this
 * transaction wrote or found, to remember once it commits.
 */
export async function commitPostgres(
  client: PoolClient,
  rows: readonly EventRow[],
  options: CommitOptions,
  knownCustomers: KnownCustomerCache = new KnownCustomerCache(),
  sighted: [string, string][] = [],
): Promise<RowOutcome[]> {
  // A backfill's closing commit carries only its quiet window.
  if (rows.length === 0) {
    if (options.segmentQuiet) await setSegmentQuiet(client, options.segmentQuiet)
    return []
  }
  // First occurrence of each key in the batch competes for the store; later ones follow it.
  const firstIndex = new Map<string, number>()
  rows.forEach((row, i) => {
    const k = key(row.companyId, row.eventId)
    if (!firstIndex.has(k)) firstIndex.set(k, i)
  })
  const candidates = [...firstIndex.values()].sort((a, b) => compareKeys(rows[a]!, rows[b]!))

  const known = await lookupIdentities(client, rows, candidates)
  const accepted = await claimKeys(client, rows, candidates)
  const stored = await storedHashes(client, rows, candidates, accepted)
  const acceptedRows = [...firstIndex.values()]
    .sort((a, b) => a - b)
    .filter((i) => accepted.has(key(rows[i]!.companyId, rows[i]!.eventId)))
  const identities = assignCustomers(rows, acceptedRows, known)
  const outcomes = outcomesOf(rows, firstIndex, accepted, stored, identities)

  const newRows = acceptedRows.slice().sort((a, b) => compareKeys(rows[a]!, rows[b]!))
  await insertEvents(client, rows, newRows, identities.customerOf, options.receivedAt)
  const deltas = new AggregateDeltas()
  const directory = new DirectoryChanges()
  for (const i of newRows) {
    const customerId = identities.customerOf.get(i)
    const row = rows[i]!
    if (customerId) {
      deltas.add(row.companyId, customerId, row.eventName, row.eventTs)
      directory.sight(row.companyId, customerId, knownCustomers)
      directory.add(row.companyId, customerId, directoryValuesOf(row.eventName, row.body))
    }
  }
  await park(
    client,
    rows,
    newRows.filter((i) => identities.customerOf.get(i) === null),
  )
  await indexAndLink(client, identities.taught, rows, deltas, directory)
  for (const pair of await writeDirectory(client, directory)) sighted.push(pair)
  await recordConflicts(client, rows, identities.conflictsOf, options.receivedAt)
  await upsertAggregates(client, deltas)
  if (options.outbox !== false) await insertOutbox(client, rows, acceptedRows, options.receivedAt)
  if (options.segmentQuiet) await setSegmentQuiet(client, options.segmentQuiet)
  return outcomes
}

async function setSegmentQuiet(client: PoolClient, quiet: SegmentQuiet): Promise<void> {
  await client.query('DELETE FROM segment_quiet WHERE quiet_until < $1', [quiet.until - QUIET_KEPT_MS])
  await client.query(
    `INSERT INTO segment_quiet (company_id, backfill_id, quiet_until) VALUES ($1, $2, $3)
     ON CONFLICT (company_id, backfill_id) DO UPDATE SET quiet_until = excluded.quiet_until`,
    [quiet.companyId, quiet.backfillId, quiet.until],
  )
}

/** Inserts the batch's keys into `event_keys`; the ones that went in are this batch's events. */
async function claimKeys(
  client: PoolClient,
  rows: readonly EventRow[],
  candidates: readonly number[],
): Promise<Set<string>> {
  const inserted = await client.query<{ company_id: string; event_id: string }>(
    `INSERT INTO event_keys (company_id, event_id, content_hash, event_ts)
     SELECT c, e, h, to_timestamp(t / 1000.0) FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[]) AS u(c, e, h, t)
     ON CONFLICT DO NOTHING RETURNING company_id, event_id`,
    columns(
      candidates.map((i) => rows[i]!),
      (r) => [r.companyId, r.eventId, r.contentHash, r.eventTs],
    ),
  )
  return new Set(inserted.rows.map((r) => key(r.company_id, r.event_id)))
}

interface BatchIdentities {
  /** Row index → the customer it is stored under (null: unresolved). */
  customerOf: Map<number, string | null>
  conflictsOf: Map<number, IdentityConflict[]>
  /** Identifier key → customer: what CDP events of this batch teach the resolver. */
  taught: Map<string, string>
}

/** Resolves and teaches identities for the accepted rows, in batch order (ARCHITECTURE decision 4). */
function assignCustomers(
  rows: readonly EventRow[],
  acceptedRows: readonly number[],
  known: ReadonlyMap<string, string>,
): BatchIdentities {
  const result: BatchIdentities = { customerOf: new Map(), conflictsOf: new Map(), taught: new Map() }
  for (const i of acceptedRows) {
    const row = rows[i]!
    const ownerOf = (id: Identifier) =>
      known.get(idKey(row.companyId, id)) ?? result.taught.get(idKey(row.companyId, id))
    const conflicts: IdentityConflict[] = []
    let customerId = row.customerId
    if (customerId === null && row.identifiers.length > 0) customerId = resolveOwner(row, ownerOf, conflicts)
    if (teachesIdentifiers(row)) {
      teachIdentifiers(
        row,
        ownerOf,
        (id) => result.taught.set(idKey(row.companyId, id), row.customerId),
        conflicts,
      )
    }
    result.customerOf.set(i, customerId)
    if (conflicts.length > 0) result.conflictsOf.set(i, conflicts)
  }
  return result
}

/** One outcome per row: the first of each new key is accepted; every other row is a repeat. */
function outcomesOf(
  rows: readonly EventRow[],
  firstIndex: ReadonlyMap<string, number>,
  accepted: ReadonlySet<string>,
  stored: ReadonlyMap<string, string>,
  identities: BatchIdentities,
): RowOutcome[] {
  return rows.map((row, i) => {
    const k = key(row.companyId, row.eventId)
    const first = firstIndex.get(k)!
    if (first === i && accepted.has(k)) {
      const conflicts = identities.conflictsOf.get(i)
      return {
        status: 'accepted',
        customerId: identities.customerOf.get(i) ?? null,
        ...(conflicts && { identityConflicts: conflicts }),
      }
    }
    const winner = accepted.has(k) ? rows[first]!.contentHash : stored.get(k)
    return { status: winner === row.contentHash ? 'duplicate' : 'conflict', customerId: row.customerId }
  })
}

async function insertEvents(
  client: PoolClient,
  rows: readonly EventRow[],
  newRows: readonly number[],
  customerOf: ReadonlyMap<number, string | null>,
  receivedAt: number,
): Promise<void> {
  if (newRows.length === 0) return
  const batch = newRows.map((i) => rows[i]!)
  // The bodies go as ONE JSON array, not a text[]: they are JSON already, so nothing is escaped
  // (a text[] element escapes every quote of every body: ~8 % of the request thread's CPU, and
  // more bytes on the socket). ROWS FROM zips it with the other columns by position.
  let bodies = '['
  for (let i = 0; i < batch.length; i++) bodies += i === 0 ? batch[i]!.body : `,${batch[i]!.body}`
  bodies += ']'
  await client.query(INSERT_EVENTS, [
    ...columns(batch, (r, i) => [
      r.companyId,
      r.eventId,
      r.eventName,
      r.sourceModule,
      r.schemaVersion,
      customerOf.get(newRows[i]!) ?? null,
      r.eventTs,
      r.sentAt,
      r.contentHash,
    ]),
    bodies,
    receivedAt,
    factObjects(batch),
  ])
}

/**
 * Each row's facts as one JSON object of the present ones (`{"f4":"cmp_1"}`), all rows in one
 * array: an event carries one to three of the 21 facts, and 21 arrays of mostly NULLs cost
 * the request thread an element each to encode and the server one each to parse.
 */
function factObjects(batch: readonly EventRow[]): string {
  let json = '['
  for (let r = 0; r < batch.length; r++) {
    const facts = batch[r]!.facts
    json += r === 0 ? '{' : ',{'
    for (let i = 0; i < facts.length; i += 2)
      json += `${i === 0 ? '' : ','}"f${facts[i]}":${JSON.stringify(facts[i + 1])}`
    json += '}'
  }
  return `${json}]`
}

/** $1…$9 the event's columns, $10 the bodies, $11 received_at, $12 the facts (`factObjects`). */
const INSERT_EVENTS = (() => {
  const facts = EVENT_FACTS.map((fact, i) => ({
    column: fact.column,
    alias: `f${i}`,
    type: fact.kind === 'text' ? 'text' : 'float8',
  }))
  return `INSERT INTO events (company_id, event_id, event_name, source_module, schema_version, customer_id,
       event_ts, received_at, sent_at, content_hash, body, ${facts.map((f) => f.column).join(', ')})
     SELECT c, e, n, m, v, cu, to_timestamp(t / 1000.0), to_timestamp($11 / 1000.0), to_timestamp(s / 1000.0), h, b,
       ${facts.map((f) => f.alias).join(', ')}
     FROM ROWS FROM (unnest($1::text[]), unnest($2::text[]), unnest($3::text[]), unnest($4::text[]),
                     unnest($5::text[]), unnest($6::text[]), unnest($7::float8[]), unnest($8::float8[]),
                     unnest($9::text[]), jsonb_array_elements($10::jsonb),
                     jsonb_to_recordset($12::jsonb) AS (${facts.map((f) => `${f.alias} ${f.type}`).join(', ')}))
       AS u(c, e, n, m, v, cu, t, s, h, b, ${facts.map((f) => f.alias).join(', ')})`
})()

async function insertOutbox(
  client: PoolClient,
  rows: readonly EventRow[],
  acceptedRows: readonly number[],
  receivedAt: number,
): Promise<void> {
  if (acceptedRows.length === 0) return
  await client.query(
    `INSERT INTO outbox (company_id, event_id, event_name, event_ts, created_at)
     SELECT c, e, n, to_timestamp(t / 1000.0), to_timestamp($5 / 1000.0)
     FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[]) AS u(c, e, n, t)`,
    [
      ...columns(
        acceptedRows.map((i) => rows[i]!),
        (r) => [r.companyId, r.eventId, r.eventName, r.eventTs],
      ),
      receivedAt,
    ],
  )
}

function compareKeys(a: EventRow, b: EventRow): number {
  const ka = key(a.companyId, a.eventId)
  const kb = key(b.companyId, b.eventId)
  return ka < kb ? -1 : ka > kb ? 1 : 0
}

/** Turns rows into one array per column, the shape `unnest($1::text[], …)` takes. */
function columns<T>(items: readonly T[], pick: (item: T, index: number) => unknown[]): unknown[][] {
  const out: unknown[][] = []
  items.forEach((item, index) => {
    const values = pick(item, index)
    values.forEach((value, c) => {
      out[c] ??= []
      out[c]!.push(value)
    })
  })
  return out.length > 0 ? out : []
}

async function lookupIdentities(
  client: PoolClient,
  rows: readonly EventRow[],
  candidates: readonly number[],
): Promise<Map<string, string>> {
  const wanted: [string, string, string][] = []
  for (const i of candidates) {
    const row = rows[i]!
    const needs = row.customerId === null || row.sourceModule === 'cdp'
    if (needs) for (const id of row.identifiers) wanted.push([row.companyId, id.kind, id.value])
  }
  const known = new Map<string, string>()
  if (wanted.length === 0) return known
  const result = await client.query<{ company_id: string; kind: string; value: string; customer_id: string }>(
    `SELECT i.company_id, i.kind, i.value, i.customer_id FROM identities i
     JOIN unnest($1::text[], $2::text[], $3::text[]) AS u(c, k, v) ON i.company_id = u.c AND i.kind = u.k AND i.value = u.v`,
    columns(wanted, (w) => w),
  )
  for (const r of result.rows) known.set(`${r.company_id}\u0000${r.kind}\u0000${r.value}`, r.customer_id)
  return known
}

async function storedHashes(
  client: PoolClient,
  rows: readonly EventRow[],
  candidates: readonly number[],
  accepted: ReadonlySet<string>,
): Promise<Map<string, string>> {
  const repeats = candidates.map((i) => rows[i]!).filter((r) => !accepted.has(key(r.companyId, r.eventId)))
  const hashes = new Map<string, string>()
  if (repeats.length === 0) return hashes
  const result = await client.query<{ company_id: string; event_id: string; content_hash: string }>(
    `SELECT k.company_id, k.event_id, k.content_hash FROM event_keys k
     JOIN unnest($1::text[], $2::text[]) AS u(c, e) ON k.company_id = u.c AND k.event_id = u.e`,
    columns(repeats, (r) => [r.companyId, r.eventId]),
  )
  for (const r of result.rows) hashes.set(key(r.company_id, r.event_id), r.content_hash)
  return hashes
}

async function park(
  client: PoolClient,
  rows: readonly EventRow[],
  unresolved: readonly number[],
): Promise<void> {
  const pending: unknown[][] = []
  for (const i of unresolved) {
    const r = rows[i]!
    for (const id of r.identifiers)
      pending.push([r.companyId, id.kind, id.value, r.eventId, r.eventName, r.eventTs])
  }
  if (pending.length === 0) return
  await client.query(
    `INSERT INTO pending_identities (company_id, kind, value, event_id, event_name, event_ts)
     SELECT c, k, v, e, n, to_timestamp(t / 1000.0)
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[]) AS u(c, k, v, e, n, t)
     ON CONFLICT DO NOTHING`,
    columns(pending, (p) => p),
  )
}

/** Stores identifiers first seen in this batch and links the events that were waiting for them. */
async function indexAndLink(
  client: PoolClient,
  identities: ReadonlyMap<string, string>,
  rows: readonly EventRow[],
  deltas: AggregateDeltas,
  directory: DirectoryChanges,
): Promise<void> {
  if (identities.size === 0) return
  const sourceOf = new Map<string, string>()
  for (const r of rows)
    for (const id of r.identifiers)
      if (!sourceOf.has(idKey(r.companyId, id))) sourceOf.set(idKey(r.companyId, id), r.eventId)
  const entries = [...identities.entries()].sort(([a], [b]) => (a < b ? -1 : 1))
  const values = entries.map(([k, customer]) => {
    const [companyId, kind, value] = k.split('\u0000') as [string, string, string]
    return [companyId, kind, value, customer, sourceOf.get(k) ?? '']
  })
  const added = await client.query<{ company_id: string; kind: string; value: string; customer_id: string }>(
    `INSERT INTO identities (company_id, kind, value, customer_id, source_event_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
     ON CONFLICT DO NOTHING RETURNING company_id, kind, value, customer_id`,
    columns(values, (v) => v),
  )
  if (added.rows.length === 0) return
  const linked = await client.query<{
    company_id: string
    customer_id: string
    event_name: string
    ts: number
    body: string | null
  }>(
    `WITH moved AS (
       DELETE FROM pending_identities p USING unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(c, k, v, cu)
       WHERE p.company_id = u.c AND p.kind = u.k AND p.value = u.v
       RETURNING p.company_id, p.event_id, p.event_ts, u.cu AS customer_id
     )
     UPDATE events e SET customer_id = m.customer_id FROM moved m
     WHERE e.company_id = m.company_id AND e.event_id = m.event_id AND e.event_ts = m.event_ts AND e.customer_id IS NULL
     RETURNING e.company_id, e.event_id, e.customer_id, e.event_name, extract(epoch FROM e.event_ts) * 1000 AS ts,
       CASE WHEN e.event_name IN ('customer.created', 'customer.updated') THEN e.body::text END AS body`,
    columns(added.rows, (r) => [r.company_id, r.kind, r.value, r.customer_id]),
  )
  if (linked.rows.length === 0) return
  for (const r of linked.rows) {
    deltas.add(r.company_id, r.customer_id, r.event_name, Number(r.ts))
    if (r.body !== null) directory.add(r.company_id, r.customer_id, directoryValuesOf(r.event_name, r.body))
  }
  await client.query(
    `DELETE FROM pending_identities p USING unnest($1::text[], $2::text[]) AS u(c, e)
     WHERE p.company_id = u.c AND p.event_id = u.e`,
    columns(linked.rows as unknown as { company_id: string; event_id: string }[], (r) => [
      r.company_id,
      r.event_id,
    ]),
  )
}

async function recordConflicts(
  client: PoolClient,
  rows: readonly EventRow[],
  conflictsOf: ReadonlyMap<number, IdentityConflict[]>,
  now: number,
): Promise<void> {
  const values: unknown[][] = []
  for (const [i, conflicts] of conflictsOf) {
    const r = rows[i]!
    for (const c of conflicts)
      values.push([r.companyId, c.kind, c.value, c.customerId, c.otherCustomerId, r.eventId])
  }
  if (values.length === 0) return
  await client.query(
    `INSERT INTO identity_conflicts (company_id, kind, value, customer_id, other_customer_id, event_id, detected_at)
     SELECT *, $7 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
    [...columns(values, (v) => v), new Date(now).toISOString()],
  )
}

async function upsertAggregates(client: PoolClient, deltas: AggregateDeltas): Promise<void> {
  const sorted = deltas.sorted()
  if (sorted.length === 0) return
  await client.query(
    `INSERT INTO customer_aggregates AS a (company_id, customer_id, event_name, events_count, first_event_ts, last_event_ts)
     SELECT c, cu, n, k, to_timestamp(f / 1000.0), to_timestamp(l / 1000.0)
     FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::float8[], $6::float8[]) AS u(c, cu, n, k, f, l)
     ON CONFLICT (company_id, customer_id, event_name) DO UPDATE SET
       events_count = a.events_count + excluded.events_count,
       first_event_ts = least(a.first_event_ts, excluded.first_event_ts),
       last_event_ts = greatest(a.last_event_ts, excluded.last_event_ts)`,
    columns(sorted, (d) => [d.companyId, d.customerId, d.eventName, d.count, d.firstTs, d.lastTs]),
  )
}

/** What a transaction adds to the customer directory. */
class DirectoryChanges {
  /** Customers this process has not seen in a committed transaction yet, by company. */
  readonly #unknown = new Map<string, Set<string>>()
  readonly #values = new Map<string, DirectoryValue[]>()

  sight(companyId: string, customerId: string, known: KnownCustomerCache): void {
    if (known.has(companyId, customerId)) return
    let customers = this.#unknown.get(companyId)
    if (!customers) {
      customers = new Set()
      this.#unknown.set(companyId, customers)
    }
    customers.add(customerId)
  }

  add(companyId: string, customerId: string, values: readonly DirectoryValue[]): void {
    if (values.length === 0) return
    const k = `${companyId}\u0000${customerId}`
    const list = this.#values.get(k)
    if (list) list.push(...values)
    else this.#values.set(k, [...values])
  }

  /** New rows, in key order (so concurrent nodes lock alike). */
  unknown(): [string, string][] {
    const pairs: [string, string][] = []
    for (const [companyId, customers] of this.#unknown)
      for (const customerId of customers) pairs.push([companyId, customerId])
    return pairs.sort(([a, b], [c, d]) => (a < c ? -1 : a > c ? 1 : b < d ? -1 : b > d ? 1 : 0))
  }

  /** Each customer's added values, in key order. */
  values(): [string, string, DirectoryValue[]][] {
    return [...this.#values.keys()].sort().map((k) => {
      const [companyId, customerId] = k.split('\u0000') as [string, string]
      return [companyId, customerId, this.#values.get(k)!]
    })
  }
}

/** Writes the transaction's directory changes; answers the customers it gave a row (or found one). */
async function writeDirectory(client: PoolClient, directory: DirectoryChanges): Promise<[string, string][]> {
  const unknown = directory.unknown()
  if (unknown.length > 0) {
    await client.query(
      `INSERT INTO customer_directory (company_id, customer_id)
       SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`,
      columns(unknown, (pair) => pair),
    )
  }
  const values = directory.values()
  if (values.length === 0) return unknown
  // The union is taken in the upsert, under the row's lock: what another node merged meanwhile
  // stays. It keeps the prefix `mergeDirectoryValues` keeps, in the same order (code points).
  await client.query(
    `INSERT INTO customer_directory AS d (company_id, customer_id, attribute_text, attribute_values)
     SELECT c, cu, t, v::jsonb FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(c, cu, t, v)
     ON CONFLICT (company_id, customer_id) DO UPDATE SET (attribute_values, attribute_text) = (
       SELECT coalesce(jsonb_agg(k.v), '[]'::jsonb), coalesce(string_agg(DISTINCT k.v ->> 2, chr(31)), '')
       FROM (
         SELECT x.v, row_number() OVER w AS n, sum(octet_length(x.v ->> 2)) OVER w AS text_bytes
         FROM (SELECT DISTINCT e.v FROM jsonb_array_elements(d.attribute_values || excluded.attribute_values) AS e(v)) x
         WINDOW w AS (ORDER BY (x.v ->> 0) COLLATE "C", (x.v ->> 1) COLLATE "C" NULLS FIRST, (x.v ->> 2) COLLATE "C"
           ROWS UNBOUNDED PRECEDING)
       ) k
       WHERE k.n <= ${DIRECTORY_ROW_LIMITS.values} AND k.text_bytes <= ${DIRECTORY_ROW_LIMITS.textBytes})`,
    columns(values, ([companyId, customerId, added]) => {
      const merged = mergeDirectoryValues(null, added)
      return [companyId, customerId, merged.attributeText, merged.attributeValues]
    }),
  )
  return unknown
}
