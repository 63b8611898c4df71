/**
 * A store that cannot write answers 503 + Retry-After, writes nothing half, and works again when
 * it comes back; overload answers 429 + Retry-After instead of queueing without bound.
 */
import { randomBytes } from 'node:crypto'
import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { toServerError } from '../src/app.js'
import { buildApp, type InspectableStore, PostgresStore, type ServerConfig } from '../src/index.js'
import { GroupCommitter } from '../src/ingest/group-commit.js'
import { makeEvent, rowOf } from './support/events.js'
import { startTcpProxy } from './support/tcp-proxy.js'
import { createKey, request } from './support/test-server.js'
import { POSTGRES_URL, STORES } from './support/test-stores.js'

const [sqlite, postgres] = STORES as [(typeof STORES)[number], (typeof STORES)[number]]
const cleanups: (() => Promise<void>)[] = []
const LOCK_TIMEOUT_MS = 500
const STATEMENT_TIMEOUT_MS = 1_000
const READY_TIMEOUT_MS = 1_000
// An answer bounded by a timeout arrives after it plus whatever a busy machine adds; a hang has no
// bound at all, so a generous slack still tells the two apart.
const LOADED_MACHINE_SLACK_MS = 15_000
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A store in a new database of `flavour`, closed and dropped after the test. */
async function freshStore(flavour: (typeof STORES)[number]): Promise<InspectableStore> {
  const database = await flavour.create()
  const store = await database.open()
  cleanups.push(async () => {
    await store.close()
    await database.drop()
  })
  return store
}

/** Serves `store` on 127.0.0.1; after the test the app and store close, then `release` runs. */
async function serve(
  store: InspectableStore,
  release: () => Promise<void>,
  config: Partial<ServerConfig> = {},
): Promise<string> {
  const app = await buildApp({ store, config: { keyCacheTtlMs: 60_000, ...config } })
  await app.listen({ host: '127.0.0.1', port: 0 })
  cleanups.push(async () => {
    await app.close()
    await store.close()
    await release()
  })
  return `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
}

describe('store outage: sqlite', () => {
  it('answers 503 with Retry-After while another writer holds the database, then recovers', async () => {
    const database = await sqlite.create()
    const store = await database.open({ busyTimeoutMs: 50 })
    const url = await serve(store, () => database.drop())
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

  it('answers /readyz 503 within its bound while another process holds the write lock', async () => {
    const database = await sqlite.create()
    const store = await database.open({ busyTimeoutMs: 5_000 })
    const url = await serve(store, () => database.drop())
    expect((await request(url, 'GET', '/readyz', undefined)).status).toBe(200)
    const blocker = new BetterSqlite3(database.url)
    blocker.exec('BEGIN EXCLUSIVE')
    try {
      const started = performance.now()
      const [ready, health] = await Promise.all([
        request(url, 'GET', '/readyz', undefined),
        request(url, 'GET', '/healthz', undefined),
      ])
      expect(ready.status).toBe(503)
      expect(ready.headers.get('retry-after')).toBeTruthy()
      expect(ready.body.error.code).toBe('store_unavailable')
      expect(health.status).toBe(200)
      expect(performance.now() - started).toBeLessThan(2_500)
    } finally {
      blocker.exec('ROLLBACK')
      blocker.close()
    }
    expect((await request(url, 'GET', '/readyz', undefined)).status).toBe(200)
  })

  it('refuses a request with 429 + Retry-After when too many events wait for a commit', async () => {
    const store = await freshStore(sqlite)
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
      const store = await freshStore(flavour)
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
    const admin = new pg.Client({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}` })
    await admin.connect()
    const url = await serve(store, async () => {
      await admin.end().catch(() => undefined)
      await proxy.close()
      await database.drop()
    })
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

describe.skipIf(postgres.skipReason !== undefined)('bounded waits: postgres', () => {
  /** A store on its own schema behind a TCP proxy, with short timeouts, served by an app. */
  async function setUp(options: { poolSize?: number } = {}) {
    const database = await postgres.create()
    const schema = new URL(database.url).searchParams.get('options')!.split('=')[1]!
    const target = new URL(POSTGRES_URL)
    const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432))
    const proxied = new URL(POSTGRES_URL)
    proxied.port = String(proxy.port)
    const store = new PostgresStore({
      connectionString: proxied.toString(),
      schema,
      poolSize: options.poolSize ?? 4,
      lockTimeoutMs: LOCK_TIMEOUT_MS,
      statementTimeoutMs: STATEMENT_TIMEOUT_MS,
      connectTimeoutMs: 500,
    })
    await store.migrate()
    const admin = new pg.Client({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}` })
    await admin.connect()
    const url = await serve(
      store,
      async () => {
        await admin.end().catch(() => undefined)
        await proxy.close()
        await database.drop()
      },
      { readyTimeoutMs: READY_TIMEOUT_MS },
    )
    // Cleanups run last-first: a test that fails frozen still lets the app and store close.
    cleanups.push(async () => proxy.restore())
    const key = await createKey(store, 'co_o', 'write')
    const reader = await createKey(store, 'co_o', 'read')
    expect((await request(url, 'POST', '/v1/events', { events: [] }, { key })).status).toBe(200)
    return { url, key, reader, admin, proxy, store }
  }

  const timed = async <T>(work: Promise<T>): Promise<[T, number]> => {
    const started = performance.now()
    const result = await work
    return [result, performance.now() - started]
  }

  it('answers 503 + Retry-After after lock_timeout while another session locks the events table', async () => {
    const { url, key, admin } = await setUp()
    await admin.query('BEGIN')
    await admin.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE')
    const events = Array.from({ length: 3 }, () => makeEvent('campaign.sent', { company: 'co_o' }))
    const [res, ms] = await timed(request(url, 'POST', '/v1/events', { events }, { key }))
    await admin.query('ROLLBACK')
    expect(res.status).toBe(503)
    expect(res.body.error.code).toBe('store_unavailable')
    expect(res.headers.get('retry-after')).toBeTruthy()
    expect(ms).toBeLessThan(LOCK_TIMEOUT_MS + LOADED_MACHINE_SLACK_MS)
    const stored = await admin.query("SELECT count(*)::int AS n FROM event_keys WHERE company_id = 'co_o'")
    expect(stored.rows[0].n).toBe(0)
    const retry = await request(url, 'POST', '/v1/events', { events }, { key })
    expect(retry.body).toMatchObject({ accepted: 3 })
  })

  it('answers /readyz and POST 503 within their bounds while the database is frozen, then recovers', async () => {
    const { url, key, proxy } = await setUp()
    proxy.freeze()
    const events = [makeEvent('campaign.sent', { company: 'co_o' })]
    const [[ready, readyMs], [posted, postMs]] = await Promise.all([
      timed(request(url, 'GET', '/readyz', undefined)),
      timed(request(url, 'POST', '/v1/events', { events }, { key })),
    ])
    expect(ready.status).toBe(503)
    expect(readyMs).toBeLessThan(READY_TIMEOUT_MS + LOADED_MACHINE_SLACK_MS)
    expect(posted.status).toBe(503)
    expect(posted.headers.get('retry-after')).toBeTruthy()
    expect(postMs).toBeLessThan(STATEMENT_TIMEOUT_MS + LOADED_MACHINE_SLACK_MS)
    proxy.restore()
    for (let tries = 0; ; tries++) {
      const res = await request(url, 'POST', '/v1/events', { events }, { key })
      if (res.status === 200) {
        expect(res.body.results).toEqual(['accepted'])
        break
      }
      if (tries > 20) throw new Error(`no recovery: ${JSON.stringify(res.body)}`)
      await new Promise((r) => setTimeout(r, 200))
    }
  })

  it("classifies pg-pool's connect timeout and PostgreSQL's statement and lock timeouts as unavailability", async () => {
    const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1, connectionTimeoutMillis: 200 })
    const held = await pool.connect()
    const errors: unknown[] = []
    try {
      await pool.connect().then(
        (c) => c.release(),
        (error) => errors.push(error),
      )
      await held.query('SET statement_timeout = 50')
      await held.query('SELECT pg_sleep(1)').catch((error) => errors.push(error))
    } finally {
      held.release()
      await pool.end()
    }
    expect(errors.map((e) => (e as Error).message)).toEqual([
      'timeout exceeded when trying to connect',
      expect.stringContaining('statement timeout'),
    ])
    for (const error of errors)
      expect(toServerError(error)).toMatchObject({ status: 503, retryAfterSeconds: 2 })
    expect(toServerError(Object.assign(new Error('lock timeout'), { code: '55P03' })).status).toBe(503)
  })

  it('answers 503, not 500, when no pooled connection frees up in time', async () => {
    const { url, key, reader, admin } = await setUp({ poolSize: 1 })
    await admin.query('BEGIN')
    await admin.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE')
    // The commit holds the only connection while it waits for the lock.
    const holding = request(
      url,
      'POST',
      '/v1/events',
      { events: [makeEvent('campaign.sent', { company: 'co_o' })] },
      { key },
    )
    await new Promise((r) => setTimeout(r, 100))
    const timeline = await request(url, 'GET', '/v1/customers/cust_1/timeline', undefined, { key: reader })
    await admin.query('ROLLBACK')
    await holding
    expect(timeline.status).toBe(503)
    expect(timeline.body.error.code).toBe('store_unavailable')
    expect(timeline.headers.get('retry-after')).toBeTruthy()
  })
})
