/**
 * Webhook delivery across processes: a server killed (SIGKILL) mid-delivery redelivers after a
 * restart with the same delivery id; two server processes on one PostgreSQL deliver each
 * delivery once between them.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { type ChildServer, spawnServer } from './support/child-server.js'
import { makeEvent } from './support/events.js'
import { createKey, request } from './support/test-server.js'
import { STORES, type TestDatabase } from './support/test-stores.js'
import { type Receiver, startReceiver } from './support/webhook-receiver.js'

const children: ChildServer[] = []
const databases: TestDatabase[] = []
const receivers: Receiver[] = []
afterEach(async () => {
  for (const child of children.splice(0)) {
    child.process.kill('SIGKILL')
    await child.exited
  }
  for (const r of receivers.splice(0)) await r.close()
  for (const database of databases.splice(0)) await database.drop()
})

const FAST = {
  webhookPollMs: 50,
  webhookTimeoutMs: 1_000,
  webhookLeaseMs: 2_000,
  webhookRetryScheduleMs: [100, 200],
}

async function setUp(flavour: (typeof STORES)[number]) {
  const database = await flavour.create()
  databases.push(database)
  const store = await database.open()
  const writer = await createKey(store, 'co_n', 'write')
  const admin = await createKey(store, 'co_n', 'read', { role: 'admin' })
  await store.close()
  const receiver = await startReceiver()
  receivers.push(receiver)
  return { database, writer, admin, receiver }
}

for (const flavour of STORES) {
  describe.skipIf(flavour.skipReason !== undefined)(`webhooks across processes (${flavour.name})`, () => {
    it('redelivers with the same delivery id after the server is killed mid-delivery', async () => {
      const { database, writer, admin, receiver } = await setUp(flavour)
      receiver.answer = () => 'hang'
      const first = await spawnServer(database.url, FAST)
      children.push(first)
      const sub = await request(
        first.url,
        'POST',
        '/v1/webhooks',
        { url: receiver.url, events: ['*'] },
        { key: admin },
      )
      expect(sub.status).toBe(201)
      const event = makeEvent('ticket.sla_breached', { company: 'co_n', customer: 'c1' })
      const ingest = await request(first.url, 'POST', '/v1/events', { events: [event] }, { key: writer })
      expect(ingest.body.accepted).toBe(1)
      const [inFlight] = await receiver.waitFor(1)
      first.process.kill('SIGKILL')
      await first.exited

      receiver.answer = () => ({ status: 200 })
      const second = await spawnServer(database.url, FAST)
      children.push(second)
      const [, again] = await receiver.waitFor(2, 10_000)
      expect(again!.json.delivery_id).toBe(inFlight!.json.delivery_id)
      expect(again!.headers['webhook-id']).toBe(inFlight!.headers['webhook-id'])
      expect(again!.json.event.event_id).toBe(event.event_id)
      await new Promise((r) => setTimeout(r, 500))
      expect(receiver.requests).toHaveLength(2)
    })
  })
}

const postgres = STORES.find((s) => s.name === 'postgres')!

describe.skipIf(postgres.skipReason !== undefined)('two server processes on one PostgreSQL', () => {
  it('deliver each delivery exactly once between them', async () => {
    const { database, writer, admin, receiver } = await setUp(postgres)
    receiver.answer = () => ({ status: 204, delayMs: 5 })
    const [a, b] = await Promise.all([spawnServer(database.url, FAST), spawnServer(database.url, FAST)])
    children.push(a!, b!)
    for (const path of ['/one', '/two']) {
      const res = await request(
        a!.url,
        'POST',
        '/v1/webhooks',
        { url: `${receiver.url}${path}`, events: ['*'] },
        { key: admin },
      )
      expect(res.status).toBe(201)
    }
    const events = Array.from({ length: 300 }, (_, i) =>
      makeEvent('campaign.sent', { company: 'co_n', customer: `c${i % 7}` }),
    )
    // Both nodes ingest (each fans out its own commits and polls the other's).
    await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) =>
        request(
          i % 2 ? a!.url : b!.url,
          'POST',
          '/v1/events',
          { events: events.slice(i * 50, i * 50 + 50) },
          { key: writer },
        ),
      ),
    )
    await receiver.waitFor(600, 30_000)
    await new Promise((r) => setTimeout(r, 1_000))
    const ids = receiver.requests.map((r) => r.json.delivery_id)
    expect(ids).toHaveLength(600)
    expect(new Set(ids).size).toBe(600)
    const perSubscription = new Set(receiver.requests.map((r) => `${r.path} ${r.json.event.event_id}`))
    expect(perSubscription.size).toBe(600)
    // Both nodes did part of the work, and their attempts add up to the deliveries.
    const delivered = await Promise.all(
      [a!, b!].map(async (node) => {
        const text = (await request(node.url, 'GET', '/metrics', undefined)).body as string
        return Number(/cebe_webhook_attempts_total\{outcome="delivered"\} (\d+)/.exec(text)?.[1] ?? 0)
      }),
    )
    expect(delivered[0]! + delivered[1]!).toBe(600)
    expect(Math.min(...delivered)).toBeGreaterThan(0)
  })
})
