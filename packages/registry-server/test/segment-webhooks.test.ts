/**
 * Segment entry/exit webhooks end to end on both stores, with real HTTP receivers: a customer
 * entering and leaving a saved segment is delivered signed (Standard Webhooks reference library),
 * the first evaluation records members silently, a backfill fires nothing, and two nodes on one
 * database write and deliver each transition once.
 */
import { sql } from 'kysely'
import { Webhook } from 'standardwebhooks'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_METRIC_OPTIONS } from '../src/retrieval/metrics/metric-engine.js'
import { SegmentWatcher } from '../src/webhooks/segment-watcher.js'
import { makeEvent } from './support/events.js'
import { startTestServer, type TestServer } from './support/test-server.js'
import { STORES, type TestDatabase } from './support/test-stores.js'
import { type Receiver, startReceiver } from './support/webhook-receiver.js'

const FAST = {
  webhookPollMs: 25,
  webhookTimeoutMs: 1_000,
  webhookLeaseMs: 3_000,
  webhookRetryScheduleMs: [30, 60, 90],
  segmentRefreshMs: 150,
  segmentAfterCommitMs: 30,
}
/** Customers with any event and no order.paid: a ticket enters them, a payment makes them exit. */
const NOT_PAID = { not: { event: 'order.paid' } }
const CO = 'co_sw'

const ticket = (customer: string) => makeEvent('ticket.created', { company: CO, customer })
const paid = (customer: string) => makeEvent('order.paid', { company: CO, customer })
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(20)
  }
}

/** Resolves once the segment's membership has been recorded (its first, silent evaluation). */
async function watched(server: TestServer, segmentId: string): Promise<void> {
  await until('the first segment evaluation', async () => {
    const { rows } = await sql<{ n: number | string }>`
      SELECT count(*) AS n FROM segment_watch WHERE segment_id = ${segmentId} AND evaluated_at > 0`.execute(
      server.store.readSide.db,
    )
    return Number(rows[0]!.n) > 0 ? true : undefined
  })
}

async function transitionsIn(server: TestServer): Promise<{ customer_id: string; transition: string }[]> {
  const { rows } = await sql<{ customer_id: string; transition: string }>`
    SELECT customer_id, transition FROM segment_transitions ORDER BY id`.execute(server.store.readSide.db)
  return rows
}

for (const flavour of STORES) {
  describe.skipIf(flavour.skipReason !== undefined)(`segment webhooks (${flavour.name})`, () => {
    const servers: TestServer[] = []
    const receivers: Receiver[] = []
    const databases: TestDatabase[] = []
    afterEach(async () => {
      for (const s of servers.splice(0)) await s.close()
      for (const r of receivers.splice(0)) await r.close()
      for (const d of databases.splice(0)) await d.drop()
    })

    async function setUp(nodes = 1, config: Record<string, unknown> = FAST) {
      const database = await flavour.create()
      databases.push(database)
      for (let i = 0; i < nodes; i++) servers.push(await startTestServer(flavour, { config, database }))
      const [first] = servers
      const admin = await first!.readKey(CO, 'admin')
      const writer = await first!.writeKey(CO)
      const receiver = await startReceiver()
      receivers.push(receiver)
      const ingest = async (events: Record<string, unknown>[], node = first!) => {
        const res = await node.post('/v1/events', { events }, { key: writer })
        expect(res.body.accepted, JSON.stringify(res.body)).toBe(events.length)
      }
      const segment = async (rule: unknown = NOT_PAID) => {
        const res = await first!.post('/v1/segments', { name: 'Unpaid', rule }, { key: admin })
        expect(res.status, JSON.stringify(res.body)).toBe(201)
        return res.body.id as string
      }
      const subscribe = async (body: Record<string, unknown>) => {
        const res = await first!.post(
          '/v1/webhooks',
          { url: receiver.url, events: [], ...body },
          { key: admin },
        )
        expect(res.status, JSON.stringify(res.body)).toBe(201)
        return res.body as { id: string; secret: string; segments: unknown[] }
      }
      return { server: first!, admin, writer, receiver, ingest, segment, subscribe }
    }

    it('delivers a signed entry and exit; members before the first evaluation are recorded silently', async () => {
      const { server, receiver, ingest, segment, subscribe } = await setUp()
      const id = await segment()
      await ingest([ticket('c_before')])
      const sub = await subscribe({
        segments: [
          { transition: 'segment.entered', segment_id: id },
          { transition: 'segment.exited', segment_id: id },
        ],
      })
      expect(sub.segments).toEqual([
        { transition: 'segment.entered', segment_id: id },
        { transition: 'segment.exited', segment_id: id },
      ])
      await watched(server, id)

      await ingest([ticket('c_new')])
      const [entered] = await receiver.waitFor(1)
      await ingest([paid('c_new')])
      const [, exited] = await receiver.waitFor(2)

      expect(entered!.json.event).toBeUndefined()
      expect(entered!.json.segment_transition).toMatchObject({
        type: 'segment.entered',
        company_id: CO,
        segment_id: id,
        segment_name: 'Unpaid',
        customer_id: 'c_new',
      })
      expect(exited!.json.segment_transition).toMatchObject({
        type: 'segment.exited',
        segment_id: id,
        customer_id: 'c_new',
      })
      const reference = new Webhook(sub.secret)
      for (const r of [entered!, exited!]) {
        expect(r.headers['webhook-id']).toBe(r.json.delivery_id)
        expect(r.json.subscription_id).toBe(sub.id)
        const verified = reference.verify(r.body, r.headers as Record<string, string>) as {
          segment_transition: unknown
        }
        expect(verified.segment_transition).toEqual(r.json.segment_transition)
        expect(() =>
          reference.verify(r.body.replace('c_new', 'c_evil'), r.headers as Record<string, string>),
        ).toThrow()
      }
      await sleep(400)
      expect(receiver.requests.map((r) => r.json.segment_transition?.customer_id)).toEqual(['c_new', 'c_new'])
    })

    it('"any segment" subscriptions, one transition kind only, and no event deliveries', async () => {
      const { server, receiver, ingest, segment, subscribe } = await setUp()
      const a = await segment()
      const b = await segment({ event: 'ticket.created' })
      await subscribe({ segments: [{ transition: 'segment.entered' }] })
      await watched(server, a)
      await watched(server, b)
      await ingest([ticket('c1')])
      await receiver.waitFor(2)
      await ingest([paid('c1')])
      await sleep(500)
      const got = receiver.requests.map(
        (r) => `${r.json.segment_transition?.type} ${r.json.segment_transition?.segment_id}`,
      )
      expect(got.sort()).toEqual([`segment.entered ${a}`, `segment.entered ${b}`].sort())
    })

    it('a backfill fires no segment transitions; live events after it do', async () => {
      const { server, receiver, ingest, segment, subscribe, writer } = await setUp()
      const id = await segment()
      await subscribe({ segments: [{ transition: 'segment.entered', segment_id: id }] })
      await watched(server, id)
      const history = Array.from({ length: 50 }, (_, i) =>
        JSON.stringify(
          makeEvent('ticket.created', {
            company: CO,
            customer: `hist_${i}`,
            timestamp: new Date(Date.now() - (i + 1) * 86_400_000).toISOString(),
          }),
        ),
      ).join('\n')
      const res = await fetch(`${server.url}/v1/backfill`, {
        method: 'POST',
        headers: { authorization: `Bearer ${writer}`, 'content-type': 'application/x-ndjson' },
        body: history,
      })
      expect(res.status).toBe(200)
      expect(((await res.json()) as { accepted: number }).accepted).toBe(50)
      // Several refresh periods pass: every evaluation during and after the backfill is silent.
      await sleep(600)
      expect(receiver.requests).toHaveLength(0)
      expect(await transitionsIn(server)).toEqual([])
      const { rows } = await sql<{ n: number | string }>`
        SELECT count(*) AS n FROM segment_memberships WHERE segment_id = ${id}`.execute(
        server.store.readSide.db,
      )
      expect(Number(rows[0]!.n)).toBe(50)

      await ingest([ticket('live')])
      const [live] = await receiver.waitFor(1)
      expect(live!.json.segment_transition).toMatchObject({ type: 'segment.entered', customer_id: 'live' })
      await sleep(300)
      expect(receiver.requests).toHaveLength(1)
    })

    it('a segment no subscription names any more is forgotten; watching it again starts silently', async () => {
      const { server, admin, receiver, ingest, segment, subscribe } = await setUp()
      const id = await segment()
      const first = await subscribe({ segments: [{ transition: 'segment.entered', segment_id: id }] })
      await watched(server, id)
      // While a subscription watches it, the segment cannot go away silently under it.
      const segmentDelete = await fetch(`${server.url}/v1/segments/${id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${admin}` },
      })
      expect(segmentDelete.status).toBe(409)
      expect(((await segmentDelete.json()) as { error: { details: unknown } }).error.details).toEqual({
        watched_by: [first.id],
      })
      const del = await fetch(`${server.url}/v1/webhooks/${first.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${admin}` },
      })
      expect(del.status).toBe(204)
      await until('the segment to be forgotten', async () => {
        const { rows } = await sql<{ n: number | string }>`
          SELECT count(*) AS n FROM segment_watch WHERE segment_id = ${id}`.execute(server.store.readSide.db)
        return Number(rows[0]!.n) === 0 ? true : undefined
      })
      // Entered while nobody watched: not an entry for the next subscriber.
      await ingest([ticket('unwatched')])
      await subscribe({ segments: [{ transition: 'segment.entered', segment_id: id }] })
      await watched(server, id)
      await ingest([ticket('watched')])
      const [got] = await receiver.waitFor(1)
      expect(got!.json.segment_transition!.customer_id).toBe('watched')
      await sleep(300)
      expect(receiver.requests).toHaveLength(1)
    })

    it('two nodes on one database write and deliver each transition once', async () => {
      const { server, receiver, ingest, segment, subscribe } = await setUp(2)
      const [, other] = servers
      const id = await segment()
      await subscribe({
        segments: [
          { transition: 'segment.entered', segment_id: id },
          { transition: 'segment.exited', segment_id: id },
        ],
      })
      await watched(server, id)
      const customers = Array.from({ length: 10 }, (_, i) => `c${i}`)
      // Commits on both nodes, so both watchers see their company touched.
      await ingest(customers.slice(0, 5).map(ticket))
      await ingest(customers.slice(5).map(ticket), other)
      await receiver.waitFor(10)
      await ingest(customers.slice(0, 3).map(paid), other)
      await receiver.waitFor(13)
      await sleep(600)
      const seen = receiver.requests.map(
        (r) => `${r.json.segment_transition!.type} ${r.json.segment_transition!.customer_id}`,
      )
      expect(seen.sort()).toEqual(
        [
          ...customers.map((c) => `segment.entered ${c}`),
          ...customers.slice(0, 3).map((c) => `segment.exited ${c}`),
        ].sort(),
      )
      expect(new Set(receiver.requests.map((r) => r.json.delivery_id)).size).toBe(13)
    })

    it('racing evaluations on two stores diff against one stored membership', async () => {
      const { server, ingest, segment, subscribe } = await setUp(1, { ...FAST, webhookDispatch: false })
      const second = await server.database.open()
      const id = await segment()
      await subscribe({ segments: [{ transition: 'segment.entered', segment_id: id }] })
      const log = { warn: (obj: object, msg: string) => console.warn(msg, obj) }
      const options = {
        refreshMs: 0,
        afterCommitMs: 0,
        metricOptions: DEFAULT_METRIC_OPTIONS,
        onTransitions: () => undefined,
        log,
      }
      const watchers = [new SegmentWatcher(server.store, options), new SegmentWatcher(second, options)]
      try {
        await Promise.all(watchers.map((w) => w.runOnce()))
        for (let round = 0; round < 5; round++) {
          await ingest([ticket(`r${round}`)])
          await Promise.all(watchers.map((w) => w.runOnce(Date.now())))
        }
      } finally {
        await second.close()
      }
      const transitions = await transitionsIn(server)
      expect(transitions.map((t) => `${t.transition} ${t.customer_id}`).sort()).toEqual(
        [0, 1, 2, 3, 4].map((i) => `segment.entered r${i}`),
      )
    })

    it('refuses segment subscriptions that name no saved segment of the company, with the path', async () => {
      const { server, admin, receiver } = await setUp()
      const otherAdmin = await server.readKey('co_other', 'admin')
      const other = await server.post('/v1/segments', { name: 'theirs', rule: NOT_PAID }, { key: otherAdmin })
      const cases: [unknown, string][] = [
        [
          { segments: [{ transition: 'segment.entered', segment_id: 'seg_missing' }] },
          '/segments/0/segment_id',
        ],
        [
          { segments: [{ transition: 'segment.entered', segment_id: other.body.id }] },
          '/segments/0/segment_id',
        ],
        [{ segments: [] }, '/events'],
      ]
      for (const [body, path] of cases) {
        const res = await server.post(
          '/v1/webhooks',
          { url: receiver.url, events: [], ...(body as object) },
          { key: admin },
        )
        expect(res.status, JSON.stringify(res.body)).toBe(400)
        expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([path])
      }
      const wrongKind = await server.post(
        '/v1/webhooks',
        { url: receiver.url, events: [], segments: [{ transition: 'segment.updated' }] },
        { key: admin },
      )
      expect(wrongKind.status).toBe(400)
      expect(wrongKind.body.error.details.map((d: { path: string }) => d.path)).toEqual([
        '/segments/0/transition',
      ])
      expect(wrongKind.body.error.message).toContain('use "segment.entered" or "segment.exited"')
    })
  })
}
