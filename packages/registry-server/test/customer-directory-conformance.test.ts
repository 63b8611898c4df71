/**
 * The customer directory (ADR 0119) on every store set-up: whatever order or grouping the same
 * events arrive in, and however often, search answers and directory rows are the same; a
 * late identity link brings an attribute event's values to its customer; and migration 0009
 * builds, from the stored events, the rows the commits kept.
 */
import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../src/index.js'
import { prefixEnd, searchCustomers } from '../src/retrieval/customer-search.js'
import { DIRECTORY_ROW_LIMITS } from '../src/storage/customer-directory.js'
import type { EventRow } from '../src/storage/store.js'
import { type Envelope, makeEvent, rowOf } from './support/events.js'
import { CONFORMANCE_STORES, type StoreFlavour, type TestDatabase } from './support/test-stores.js'

const at = (minutes: number) => new Date(Date.parse('2026-07-01T00:00:00Z') + minutes * 60_000).toISOString()

type Field = { name: string; value: unknown }

function created(company: string, customer: string, minutes: number, fields: Field[], custom: Field[] = []) {
  const event = makeEvent('customer.created', { company, customer, timestamp: at(minutes) })
  event.event_attributes = { default_fields: fields, custom_fields: custom }
  return event
}

function updated(
  company: string,
  customer: string,
  minutes: number,
  name: string,
  value: unknown,
  id?: string,
) {
  const event = makeEvent('customer.updated', { company, customer, timestamp: at(minutes) })
  event.event_attributes = { change_fields: [{ name, old_value: null, new_value: value }] }
  if (id) event.event_id = id
  return event
}

/** One history, oldest first, for `company`: ties, overwritten values, a customer with no attribute event. */
function history(company: string): Envelope[] {
  return [
    created(
      company,
      'c1',
      0,
      [
        { name: 'full_name', value: 'Budi Santoso' },
        { name: 'city', value: 'Bandung' },
        { name: 'zip', value: 40111 },
      ],
      [{ name: 'note', value: 'Gold' }],
    ),
    created(company, 'c2', 1, [
      { name: 'full_name', value: 'Sari Dewi' },
      { name: 'city', value: 'Surabaya' },
    ]),
    makeEvent('ticket.created', { company, customer: 'c3', timestamp: at(2) }),
    updated(company, 'c2', 3, 'city', 'Medan'),
    // Equal timestamps: one update of each field, ids that sort apart.
    updated(company, 'c1', 5, 'city', 'Jakarta Selatan', `${company}-tie-B`),
    updated(company, 'c1', 5, 'full_name', 'Budi S.', `${company}-tie-a`),
    makeEvent('order.created', { company, customer: 'c1', timestamp: at(6) }),
    makeEvent('order.created', { company, customer: 'c3', timestamp: at(7) }),
  ]
}

/** Needle, restriction, the customers found. */
const QUERIES: [string, 'all' | 'none' | string[], string[]][] = [
  ['bandung', 'all', ['c1']],
  ['JAKARTA', 'all', ['c1']],
  ['budi s', 'all', ['c1']],
  ['budi s.', ['full_name'], ['c1']],
  ['santoso', ['full_name'], ['c1']],
  ['gold', 'all', ['c1']],
  ['gold', ['full_name'], []],
  ['medan', ['city'], ['c2']],
  ['medan', ['full_name'], []],
  ['surabaya', 'all', ['c2']],
  ['40111', 'all', []],
  ['c', 'all', ['c1', 'c2', 'c3']],
  ['c3', 'none', ['c3']],
  ['a', 'all', ['c1', 'c2']],
  // Two values side by side in the directory's text: never one match.
  ['ng\u001fbudi', 'all', []],
  ['ng\u001fbudi', ['city', 'full_name'], []],
]

function search(store: Store, companyId: string, value: string, attributes: 'all' | 'none' | string[]) {
  return searchCustomers(store.readSide, {
    companyId,
    text: { value, identifiers: [], attributes },
    limit: 10,
  })
}

async function answers(store: Store, companyId: string) {
  return Promise.all(QUERIES.map(([value, attributes]) => search(store, companyId, value, attributes)))
}

/** The directory rows of a company: customer → its values as a sorted set. */
async function directoryRows(store: Store, companyId: string) {
  const rows = await store.readSide
    .customerDirectory(companyId)
    .select(['cd.customer_id', 'cd.attribute_text', 'cd.attribute_values'])
    .execute()
  const decode = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as unknown[]
  return Object.fromEntries(
    rows.map((r) => [
      r.customer_id,
      {
        values: [...new Set(decode(r.attribute_values).map((v) => JSON.stringify(v)))].sort(),
        texts: [...new Set(r.attribute_text === '' ? [] : r.attribute_text.split('\u001f'))].sort(),
      },
    ]),
  )
}

async function commitAll(store: Store, batches: EventRow[][]) {
  for (const batch of batches) {
    const outcomes = await store.commit(batch, { receivedAt: Date.now() })
    expect(outcomes.map((o) => o.status)).toEqual(batch.map(() => 'accepted'))
  }
}

/** Runs statements on the store's database directly (what a file or schema before 0009 looks like). */
async function rawSql(flavour: StoreFlavour, database: TestDatabase, statements: string[]) {
  if (flavour.name === 'sqlite') {
    const db = new BetterSqlite3(database.url)
    try {
      for (const s of statements) db.prepare(s).run()
    } finally {
      db.close()
    }
    return
  }
  const client = new pg.Client({ connectionString: database.url })
  await client.connect()
  try {
    for (const s of statements) await client.query(s)
  } finally {
    await client.end()
  }
}

const COMPANIES = ['co_in_order', 'co_reversed', 'co_one_batch', 'co_repeated'] as const

for (const flavour of CONFORMANCE_STORES) {
  describe.skipIf(flavour.skipReason !== undefined)(`customer directory: ${flavour.label}`, () => {
    let database: TestDatabase
    let store: Store

    beforeAll(async () => {
      database = await flavour.create()
      store = await database.open()
      const rows = (company: string) => history(company).map(rowOf)
      await commitAll(
        store,
        rows('co_in_order').map((r) => [r]),
      )
      await commitAll(
        store,
        rows('co_reversed')
          .reverse()
          .map((r) => [r]),
      )
      const shuffled = rows('co_one_batch')
      await commitAll(store, [[...shuffled.slice(4), ...shuffled.slice(0, 4)]])
      const repeated = rows('co_repeated')
      await commitAll(store, [repeated.slice(3), repeated.slice(0, 3)])
      const again = await store.commit(repeated, { receivedAt: Date.now() })
      expect(again.map((o) => o.status)).toEqual(repeated.map(() => 'duplicate'))

      // An attribute event stored before anything named its customer, linked when the identifier is taught.
      const early = { ...rowOf(updated('co_link', 'c9', 1, 'city', 'Kota Lama')), customerId: null }
      early.identifiers = [{ kind: 'phone', value: '+6281299990000' }]
      const teacher = created('co_link', 'c9', 2, [{ name: 'full_name', value: 'Late Link' }])
      teacher.event_attributes.phone = '+6281299990000'
      await commitAll(store, [[early], [rowOf(teacher)]])
    })
    afterAll(async () => {
      await store?.close()
      await database?.drop()
    })

    it('answers every search as worked out, for events in order', async () => {
      expect(await answers(store, 'co_in_order')).toEqual(QUERIES.map(([, , expected]) => expected))
    })

    it('gives the same answers and rows for any arrival order, grouping and repeats', async () => {
      const expected = await answers(store, 'co_in_order')
      const rows = await directoryRows(store, 'co_in_order')
      expect(Object.keys(rows).sort()).toEqual(['c1', 'c2', 'c3'])
      expect(rows.c1!.texts).toEqual(['bandung', 'budi s.', 'budi santoso', 'gold', 'jakarta selatan'])
      for (const company of COMPANIES.slice(1)) {
        expect(await answers(store, company)).toEqual(expected)
        expect(await directoryRows(store, company)).toEqual(rows)
      }
    })

    it('lists every customer with an event, paged by id without a text', async () => {
      const page = (after?: string) =>
        searchCustomers(store.readSide, {
          companyId: 'co_reversed',
          limit: 2,
          ...(after !== undefined && { after }),
        })
      expect(await page()).toEqual(['c1', 'c2'])
      expect(await page('c2')).toEqual(['c3'])
    })

    it('finds an attribute event linked to its customer later through identity resolution', async () => {
      expect(await search(store, 'co_link', 'kota lama', 'all')).toEqual(['c9'])
      expect(await search(store, 'co_link', 'kota', ['city'])).toEqual(['c9'])
      expect(await search(store, 'co_link', 'late', ['full_name'])).toEqual(['c9'])
    })

    it('gives a customer its row when a commit that first saw them rolled back and is sent again', async () => {
      const failOutbox =
        flavour.name === 'sqlite'
          ? [
              "CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox_batches BEGIN SELECT RAISE(ABORT, 'boom'); END",
            ]
          : [
              "CREATE FUNCTION fail_outbox() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$",
              'CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION fail_outbox()',
            ]
      const rows = [rowOf(makeEvent('order.created', { company: 'co_rollback', customer: 'r1' }))]
      await rawSql(flavour, database, failOutbox)
      await expect(store.commit(rows, { receivedAt: Date.now() })).rejects.toThrow(/boom/)
      await rawSql(flavour, database, [
        flavour.name === 'sqlite' ? 'DROP TRIGGER fail_outbox' : 'DROP TRIGGER fail_outbox ON outbox',
      ])
      await commitAll(store, [rows])
      expect(await searchCustomers(store.readSide, { companyId: 'co_rollback', limit: 10 })).toEqual(['r1'])
    })

    it("keeps a customer's row within its limits, the same prefix for any arrival order", async () => {
      // Names sort in index order, so the prefix a full row keeps is known: the lowest indexes.
      const changes = (
        company: string,
        event: number,
        from: number,
        count: number,
        value: (i: number) => string,
      ) => {
        const e = makeEvent('customer.updated', { company, customer: 'big', timestamp: at(100 + event) })
        e.event_attributes = {
          change_fields: Array.from({ length: count }, (_, k) => ({
            name: `f${String(from + k).padStart(5, '0')}`,
            old_value: null,
            new_value: value(from + k),
          })),
        }
        return rowOf(e)
      }
      const many = (company: string) =>
        Array.from({ length: 5 }, (_, e) => changes(company, e, e * 440, 440, (i) => `v${i}`))
      await commitAll(
        store,
        many('co_many_in_order').map((r) => [r]),
      )
      await commitAll(store, [many('co_many_reversed').reverse()])
      const rows = await directoryRows(store, 'co_many_in_order')
      expect(rows.big!.values).toHaveLength(DIRECTORY_ROW_LIMITS.values)
      expect(rows.big!.values).toContain(JSON.stringify(['change_fields', 'f01999', 'v1999']))
      expect(rows.big!.values).not.toContain(JSON.stringify(['change_fields', 'f02000', 'v2000']))
      expect(await directoryRows(store, 'co_many_reversed')).toEqual(rows)
      expect(await search(store, 'co_many_reversed', 'v1999', 'all')).toEqual(['big'])
      expect(await search(store, 'co_many_reversed', 'v2000', 'all')).toEqual([])

      // 4 KiB values: 64 of them fill the text budget exactly; the 65th and later stay out.
      const long = (i: number) => `${String(i).padStart(4, '0')}${'x'.repeat(4092)}`
      const wide = (company: string) =>
        Array.from({ length: 10 }, (_, e) => changes(company, e, e * 7, 7, long))
      await commitAll(
        store,
        wide('co_wide_in_order').map((r) => [r]),
      )
      await commitAll(store, [wide('co_wide_reversed').reverse()])
      const wideRows = await directoryRows(store, 'co_wide_in_order')
      expect(wideRows.big!.texts).toHaveLength(DIRECTORY_ROW_LIMITS.textBytes / 4096)
      expect(await directoryRows(store, 'co_wide_reversed')).toEqual(wideRows)
      expect(await search(store, 'co_wide_in_order', '0063x', ['f00063'])).toEqual(['big'])
      expect(await search(store, 'co_wide_in_order', '0064x', 'all')).toEqual([])
    })

    it('migration 0009 builds the rows the commits kept, from the stored events', async () => {
      const companies = [...COMPANIES, 'co_link']
      const before = await Promise.all(companies.map((c) => directoryRows(store, c)))
      const answered = await Promise.all(companies.map((c) => answers(store, c)))
      await store.close()
      await rawSql(flavour, database, [
        'DROP TABLE customer_directory',
        "DELETE FROM kysely_migration WHERE name = '0009-customer-directory'",
      ])
      store = await database.open()
      expect(await Promise.all(companies.map((c) => directoryRows(store, c)))).toEqual(before)
      expect(await Promise.all(companies.map((c) => answers(store, c)))).toEqual(answered)
      // Commits after the migration merge into the rows it built.
      await commitAll(store, [[rowOf(updated('co_in_order', 'c3', 9, 'city', 'Bogor'))]])
      expect(await search(store, 'co_in_order', 'bogor', ['city'])).toEqual(['c3'])
    })
  })
}

describe('prefixEnd', () => {
  it('is the least string above every string with the prefix, in code point order', () => {
    expect(prefixEnd('ana')).toBe('anb')
    expect(prefixEnd('a\u{10ffff}')).toBe('b')
    expect(prefixEnd('\u{10ffff}')).toBeUndefined()
    expect(prefixEnd('x\ud7ff')).toBe('x\ue000')
    expect(prefixEnd('😀')).toBe('😁')
  })
})
