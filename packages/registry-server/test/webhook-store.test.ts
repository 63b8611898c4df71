/**
 * The webhook storage port on both backends: fan-out is idempotent and keeps delivery ids,
 * claims lease rows (hidden until the lease ends, then the same id again), the per-subscription
 * share holds, replay revives dead letters, and pruning removes what retention allows — outbox
 * included.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { InspectableStore } from '../src/index.js'
import type { FanOutMatcher, Subscription } from '../src/storage/webhook-store.js'
import { makeEvent, rowOf } from './support/events.js'
import { STORES, type TestDatabase } from './support/test-stores.js'

const all: FanOutMatcher = (s, e) => s.createdAt <= e.committedAt
let counter = 0
const newId = () => `msg_${String(++counter).padStart(6, '0')}`

function subscription(id: string, createdAt: number, companyId = 'co_s'): Subscription {
  return {
    id,
    companyId,
    url: 'http://127.0.0.1:9/hook',
    events: ['*'],
    filter: null,
    segments: [],
    secret: `whsec_${Buffer.alloc(32, 3).toString('base64')}`,
    description: null,
    status: 'enabled',
    disabledReason: null,
    createdAt,
  }
}

for (const flavour of STORES) {
  describe.skipIf(flavour.skipReason !== undefined)(`webhook store (${flavour.name})`, () => {
    let database: TestDatabase
    let store: InspectableStore
    beforeEach(async () => {
      database = await flavour.create()
      store = await database.open()
    })
    afterEach(async () => {
      await store.close()
      await database.drop()
    })

    const commit = async (n: number, receivedAt = Date.now()) => {
      const events = Array.from({ length: n }, () =>
        makeEvent('campaign.sent', { company: 'co_s', customer: 'c1' }),
      )
      await store.commit(events.map(rowOf), { receivedAt })
      return events
    }

    it('fans out once, leases claims, and redelivers the same id after the lease', async () => {
      const t0 = Date.now()
      await store.webhooks.createSubscription(subscription('whk_a', t0 - 1000))
      await store.webhooks.createSubscription(subscription('whk_other_co', t0 - 1000, 'co_other'))
      const events = await commit(3, t0)
      expect(await store.webhooks.fanOut(all, newId, t0, 1000)).toBe(3)
      expect(await store.webhooks.fanOut(all, newId, t0, 1000)).toBe(0)
      expect(await store.webhooks.deliveryCounts('whk_a')).toEqual({ pending: 3, delivered: 0, dead: 0 })
      expect(await store.webhooks.deliveryCounts('whk_other_co')).toEqual({
        pending: 0,
        delivered: 0,
        dead: 0,
      })

      const busy = new Map<string, number>()
      const first = await store.webhooks.claim({
        now: t0,
        leaseUntil: t0 + 60_000,
        limit: 10,
        perSubscription: 2,
        busy,
      })
      expect(first).toHaveLength(2)
      expect(first.every((d) => d.attempt === 1 && d.body !== null)).toBe(true)
      expect(
        first.map((d) => JSON.parse(d.body!).event_id).every((id) => events.some((e) => e.event_id === id)),
      ).toBe(true)
      // The share is per subscription, counting what this node already has in flight.
      busy.set('whk_a', 2)
      expect(
        await store.webhooks.claim({ now: t0, leaseUntil: t0 + 60_000, limit: 10, perSubscription: 2, busy }),
      ).toEqual([])
      busy.clear()
      const rest = await store.webhooks.claim({
        now: t0,
        leaseUntil: t0 + 60_000,
        limit: 10,
        perSubscription: 2,
        busy,
      })
      expect(rest).toHaveLength(1)
      // Leased rows are hidden until the lease ends; then the same delivery comes back, attempt 2.
      expect(
        await store.webhooks.claim({
          now: t0 + 59_000,
          leaseUntil: t0 + 120_000,
          limit: 10,
          perSubscription: 9,
          busy,
        }),
      ).toEqual([])
      const again = await store.webhooks.claim({
        now: t0 + 60_000,
        leaseUntil: t0 + 120_000,
        limit: 10,
        perSubscription: 9,
        busy,
      })
      expect(again.map((d) => d.id).sort()).toEqual([...first, ...rest].map((d) => d.id).sort())
      expect(again.every((d) => d.attempt === 2 && d.dueAt === t0 + 60_000)).toBe(true)

      await store.webhooks.markDelivered(again[0]!.id, t0 + 61_000, { status: 200, error: null })
      await store.webhooks.markDead(again[1]!.id, t0 + 61_000, { status: 500, error: 'HTTP 500' })
      await store.webhooks.scheduleRetry(again[2]!.id, t0 + 90_000, { status: null, error: 'timeout' })
      const stats = await store.webhooks.stats(t0 + 95_000)
      expect(stats).toMatchObject({ pending: 1, due: 1, dead: 1, oldestDueAt: t0 + 90_000, outboxPending: 0 })
      const dead = await store.webhooks.deliveries('whk_a', { status: 'dead', limit: 10 })
      expect(dead).toMatchObject([{ id: again[1]!.id, attempts: 2, lastStatus: 500, lastError: 'HTTP 500' }])
      expect(await store.webhooks.replay('whk_a', t0 + 100_000, ['msg_nope'])).toBe(0)
      expect(await store.webhooks.replay('whk_a', t0 + 100_000)).toBe(1)
      const revived = await store.webhooks.claim({
        now: t0 + 100_000,
        leaseUntil: t0 + 160_000,
        limit: 10,
        perSubscription: 9,
        busy,
      })
      expect(revived.map((d) => [d.id, d.attempt]).sort()).toEqual(
        [
          [again[1]!.id, 1],
          [again[2]!.id, 3],
        ].sort(),
      )
    })

    it('gives a subscription only events committed after it, and none to disabled ones', async () => {
      const t0 = Date.now()
      await commit(2, t0 - 5_000)
      await store.webhooks.createSubscription(subscription('whk_late', t0))
      await store.webhooks.createSubscription({ ...subscription('whk_off', t0 - 10_000), status: 'disabled' })
      await commit(1, t0 + 1)
      expect(await store.webhooks.fanOut(all, newId, t0 + 2, 1000)).toBe(3)
      expect((await store.webhooks.deliveryCounts('whk_late')).pending).toBe(1)
      expect((await store.webhooks.deliveryCounts('whk_off')).pending).toBe(0)
      expect(await store.webhooks.deleteSubscription('co_s', 'whk_late')).toBe(true)
      expect(await store.webhooks.deleteSubscription('co_s', 'whk_late')).toBe(false)
      expect(
        await store.webhooks.claim({
          now: t0 + 10,
          leaseUntil: t0 + 100,
          limit: 10,
          perSubscription: 9,
          busy: new Map(),
        }),
      ).toEqual([])
    })

    it('turns the pending deliveries of a disabled subscription into dead letters', async () => {
      const t0 = Date.now()
      await store.webhooks.createSubscription(subscription('whk_gone', t0 - 1000))
      await commit(2, t0)
      await store.webhooks.fanOut(all, newId, t0, 1000)
      await store.webhooks.disableSubscription('whk_gone', 'the receiver answered 410 Gone')
      expect(await store.webhooks.deliveryCounts('whk_gone')).toEqual({ pending: 0, delivered: 0, dead: 2 })
      expect(
        (await store.webhooks.deliveries('whk_gone', { status: 'dead', limit: 5 }))[0]!.lastError,
      ).toMatch(/^subscription disabled: .*410/)
      expect((await store.webhooks.getSubscription('co_s', 'whk_gone'))?.status).toBe('disabled')
    })

    it('prunes delivered deliveries and drained outbox entries past retention, and nothing else', async () => {
      const t0 = Date.now()
      await store.webhooks.createSubscription(subscription('whk_p', t0 - 1000))
      await commit(2, t0)
      await store.webhooks.fanOut(all, newId, t0, 1000)
      const claimed = await store.webhooks.claim({
        now: t0,
        leaseUntil: t0 + 1000,
        limit: 10,
        perSubscription: 9,
        busy: new Map(),
      })
      await store.webhooks.markDelivered(claimed[0]!.id, t0 + 10, { status: 204, error: null })
      await store.webhooks.markDead(claimed[1]!.id, t0 + 10, { status: 500, error: 'x' })
      await commit(1, t0 + 20) // not yet fanned out: must survive any prune
      expect(await store.webhooks.prune(t0)).toBe(0)
      expect(await store.webhooks.prune(t0 + 1_000)).toBeGreaterThanOrEqual(2)
      expect(await store.webhooks.deliveryCounts('whk_p')).toEqual({ pending: 0, delivered: 0, dead: 1 })
      expect((await store.webhooks.stats(t0 + 1_000)).outboxPending).toBe(1)
      expect(await store.webhooks.fanOut(all, newId, t0 + 1_000, 1000)).toBe(1)
      expect(await store.countEvents('co_s')).toBe(3)
    })
  })
}
