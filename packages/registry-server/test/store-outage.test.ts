/**
 * A store that cannot write answers 503 + Retry-After, writes nothing half, and works again when
 * it comes back; overload answers 429 + Retry-After instead of queueing without bound.
 */
import { randomBytes } from 'node:crypto'
import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { buildApp, PostgresStore } from '../src/index.js'
import { GroupCommitter } from '../src/ingest/group-commit.js'
import { makeEvent, rowOf } from './support/events.js'
import { startTcpProxy } from './support/tcp-proxy.js'
import { createKey, request } from './support/test-server.js'
import { POSTGRES_URL, STORES } from './support/test-stores.js'

const [sqlite, postgres] = STORES as [(typeof STORES)[number], (typeof STORES)[number]]
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe('store outage: sqlite', () => {
  it('answers 503 with Retry-After while another writer holds the database, then recovers', async () => {
    const database = await sqlite.create()
    const store = await database.open({ busyTimeoutMs: 50 })
    const app = await buildApp({ store, config: { keyCacheTtlMs: 60_000 } })
    await app.listen({ host: '127.0.0.1', port: 0 })
    cleanups.push(async () => {
      await app.close()
      await store.close()
      await database.drop()
    })
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
    const key = await createKey(store, 'co_o', 'write')
    expect((await request(url, 'POST', '/v1/events', { events: [] }, { key })).status).toBe(200) // caches the key

    const blocker = new BetterSqlite3(database.url)
    blocker.exec('BEGIN EXCLUSIVE')
    const events = [
      makeEvent('campaign.sent', { company: 'co_o' }),
      makeEvent('campaign.sent', { company: 'co_o' }),
    ]
    const res = await request(url, 'POST', '/v1/events', { events }, { key })
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('2')
    expect(res.body.error.code).toBe('store_unavailable')
    blocker.exec('ROLLBACK')
    blocker.close()

    expect(await store.countEvents('co_o')).toBe(0)
    const retry = await request(url, 'POST', '/v1/events', { events }, { key })
    expect(retry.body).toMatchObject({ accepted: 2, duplicates: 0 })
  })

  it('refuses a request with 429 + Retry-After when too many events wait for a commit', async () => {
    const database = await sqlite.create()
    const store = await database.open()
    cleanups.push(async () => {
      await store.close()
      await database.drop()
    })
    const committer = new GroupCommitter(store, {
      maxPendingEvents: 3,
      maxEventsPerCommit: 100,
      maxCommitsInFlight: 1,
    })
    const first = committer.submit([1, 2].map(() => rowOf(makeEvent('campaign.sent', { company: 'co_o' }))))
    const second = committer.submit([1, 2].map(() => rowOf(makeEvent('campaign.sent', { company: 'co_o' }))))
    await expect(second).rejects.toMatchObject({ status: 429, retryAfterSeconds: 1 })
    expect((await first).map((o) => o.status)).toEqual(['accepted', 'accepted'])
    await committer.drain()
    expect(committer.pending).toBe(0)
  })
})

for (const flavour of STORES) {
  describe.skipIf(flavour.skipReason !== undefined)(`pending limit per company: ${flavour.name}`, () => {
    it("gives each company a fair share: one company's burst does not refuse another", async () => {
      const database = await flavour.create()
      const store = await database.open()
      cleanups.push(async () => {
        await store.close()
        await database.drop()
      })
      const committer = new GroupCommitter(store, {
        maxPendingEvents: 10,
        maxEventsPerCommit: 100,
        maxCommitsInFlight: 1,
      })
      const rows = (company: string, n: number) =>
        Array.from({ length: n }, () => rowOf(makeEvent('campaign.sent', { company })))
      // All in one tick: nothing has committed yet, everything is pending.
      const a1 = committer.submit(rows('co_a', 5), 'co_a')
      const a2 = committer.submit(rows('co_a', 5), 'co_a')
      const b1 = committer.submit(rows('co_b', 2), 'co_b')
      await expect(a2).rejects.toMatchObject({ status: 429, retryAfterSeconds: 1 })
      await expect(a2).rejects.toThrow(/share/)
      expect((await b1).map((o) => o.status)).toEqual(['accepted', 'accepted'])
      expect((await a1).every((o) => o.status === 'accepted')).toBe(true)
      await committer.drain()
      expect(committer.pending).toBe(0)
      expect((await committer.submit(rows('co_a', 5), 'co_a')).length).toBe(5)
    })
  })
}

describe.skipIf(postgres.skipReason !== undefined)('store outage: postgres', () => {
  it('answers 503 when the connection drops mid-transaction and leaves nothing half-written', async () => {
    const database = await postgres.create()
    const schema = new URL(database.url).searchParams.get('options')!.split('=')[1]!
    const target = new URL(POSTGRES_URL)
    const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432))
    const proxied = new URL(POSTGRES_URL)
    proxied.port = String(proxy.port)
    const appName = `cebe_outage_${randomBytes(4).toString('hex')}`
    proxied.searchParams.set('application_name', appName)
    const store = new PostgresStore({ connectionString: proxied.toString(), schema, poolSize: 2 })
    await store.migrate()
    const app = await buildApp({ store, config: { keyCacheTtlMs: 60_000 } })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const admin = new pg.Client({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}` })
    await admin.connect()
    cleanups.push(async () => {
      await admin.end().catch(() => undefined)
      await app.close()
      await store.close()
      await proxy.close()
      await database.drop()
    })
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
    const key = await createKey(store, 'co_o', 'write')
    expect((await request(url, 'POST', '/v1/events', { events: [] }, { key })).status).toBe(200)

    // Hold the events table so the ingest transaction stops after writing its dedup keys.
    await admin.query('BEGIN')
    await admin.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE')
    const events = Array.from({ length: 5 }, () => makeEvent('campaign.sent', { company: 'co_o' }))
    const pending = request(url, 'POST', '/v1/events', { events }, { key })
    for (let waited = 0; ; waited++) {
      const { rows } = await admin.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
        [appName],
      )
      if (rows[0].n > 0) break
      if (waited > 200) throw new Error('the ingest transaction never reached the locked table')
      await new Promise((r) => setTimeout(r, 25))
    }
    proxy.cut()
    const res = await pending
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBeTruthy()
    await admin.query('ROLLBACK')

    const ready = await request(url, 'GET', '/readyz', undefined)
    expect(ready.status).toBe(503)

    const keys = await admin.query("SELECT count(*)::int AS n FROM event_keys WHERE company_id = 'co_o'")
    const stored = await admin.query("SELECT count(*)::int AS n FROM events WHERE company_id = 'co_o'")
    expect([keys.rows[0].n, stored.rows[0].n]).toEqual([0, 0])

    proxy.restore()
    const retry = await request(url, 'POST', '/v1/events', { events }, { key })
    expect(retry.status).toBe(200)
    expect(retry.body).toMatchObject({ accepted: 5, duplicates: 0 })
  })
})
