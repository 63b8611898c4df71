/**
 * Customer search reads the customer directory (ADR 0119), never the event log: an id prefix is a
 * range of the directory's key in binary order, an identifier a key lookup in `identities`, the
 * attribute text one directory row per customer of the company. Checked with EXPLAIN on the exact
 * SQL the store sends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../src/index.js'
import { type CustomerSearchQuery, customerSearchQuery } from '../src/retrieval/customer-search.js'
import { sqliteReadSide } from '../src/storage/sqlite/sqlite-read-side.js'
import { makeEvent, rowOf } from './support/events.js'
import { analyzedSqlite, type PlannedSqlite, postgresPlan, sqlitePlan } from './support/query-plans.js'
import { STORES, type TestDatabase } from './support/test-stores.js'

const byEmail: CustomerSearchQuery = {
  companyId: 'co_1',
  text: {
    value: 'u1@example.com',
    identifiers: [{ kind: 'email', value: 'u1@example.com' }],
    attributes: 'all',
  },
  limit: 21,
}
const namesOnly: CustomerSearchQuery = {
  companyId: 'co_1',
  text: { value: 'u1', identifiers: [], attributes: ['full_name'] },
  after: 'u0',
  limit: 21,
}
const everyone: CustomerSearchQuery = { companyId: 'co_1', after: 'u1', limit: 21 }

const rows = () =>
  Array.from({ length: 200 }, (_, i) => {
    const company = `co_${i % 4}`
    const customer = `u${i % 40}`
    if (i < 40) {
      const created = makeEvent('customer.created', { company, customer })
      created.event_attributes = { default_fields: [{ name: 'full_name', value: `Name ${customer}` }] }
      return rowOf(created)
    }
    return rowOf(makeEvent('campaign.sent', { company, customer }))
  })

describe('customer search query plan: sqlite', () => {
  let planned: PlannedSqlite

  beforeAll(async () => {
    planned = await analyzedSqlite([rows()])
  })
  afterAll(async () => planned?.close())

  const planOf = (query: CustomerSearchQuery) => {
    return sqlitePlan(planned.db, customerSearchQuery(sqliteReadSide(planned.db), query).compile())
  }

  it.each([
    ['by email', byEmail],
    ['names only, after a cursor', namesOnly],
    ['everyone, after a cursor', everyone],
  ])('searches the directory and identities by key, never the events (%s)', (_, query) => {
    const plan = planOf(query)
    // `kc` is the union's own result; json_each a virtual table over one row's values.
    expect(plan.filter((d) => /\bevents\b|SCAN (cd|identities|i)\b/.test(d))).toEqual([])
    expect(plan.some((d) => /^SEARCH cd USING PRIMARY KEY \(company_id=\?/.test(d))).toBe(true)
  })

  it('reads an id prefix as a key range', () => {
    expect(planOf(byEmail)).toContain(
      'SEARCH cd USING PRIMARY KEY (company_id=? AND customer_id>? AND customer_id<?)',
    )
  })
})

const postgres = STORES.find((s) => s.name === 'postgres')!

describe.skipIf(postgres.skipReason !== undefined)('customer search query plan: postgres', () => {
  let database: TestDatabase
  let store: Store

  beforeAll(async () => {
    database = await postgres.create()
    store = await database.open()
    await store.commit(rows(), { receivedAt: Date.now() })
  })
  afterAll(async () => {
    await store?.close()
    await database?.drop()
  })

  const planOf = async (query: CustomerSearchQuery) => {
    const read = store.readSide
    const compiled = customerSearchQuery(read, query).compile()
    return postgresPlan(read.db, compiled)
  }

  it.each([
    ['by email', byEmail],
    ['names only, after a cursor', namesOnly],
    ['everyone, after a cursor', everyone],
  ])('reads the directory by index, never the events (%s)', async (_, query) => {
    const plan = await planOf(query)
    expect(plan).not.toMatch(/Seq Scan|\bevents_/)
    expect(plan).toMatch(/Index (Only )?Scan using customer_directory_\w+ on customer_directory/)
  })

  it('reads an id prefix as a range of the binary-order index', async () => {
    expect(await planOf(byEmail)).toMatch(
      /Index Only Scan using customer_directory_binary .*\n\s*Index Cond: \(\(company_id = 'co_1'::text\) AND \(customer_id >= 'u1@example.com'::text\) AND \(customer_id < 'u1@example.con'::text\)\)/,
    )
  })
})
