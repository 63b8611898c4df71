/**
 * Webhooks end to end on both stores, with real HTTP receivers: subscriptions, signed deliveries
 * (checked with the docs snippet and the Standard Webhooks reference library), patterns and
 * filters, retries until a receiver recovers, dead letters and replay, 410, isolation of a slow
 * receiver, and metrics.
 */
import { Webhook } from 'standardwebhooks'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MAX_SUBSCRIPTIONS } from '../src/routes/webhook-routes.js'
import { docsSnippetVerifier } from './support/docs-snippet.js'
import { makeEvent } from './support/events.js'
import { request, startTestServer, type TestServer } from './support/test-server.js'
import { STORES } from './support/test-stores.js'
import { type Receiver, startReceiver } from './support/webhook-receiver.js'

const FAST = {
  webhookPollMs: 25,
  webhookTimeoutMs: 1_000,
  webhookLeaseMs: 3_000,
  webhookRetryScheduleMs: [30, 60, 90],
}

for (const flavour of STORES) {
  describe.skipIf(flavour.skipReason !== undefined)(`webhooks (${flavour.name})`, () => {
    let server: TestServer
    let admin: string
    let writer: string
    const receivers: Receiver[] = []
    const receiver = async () => {
      const r = await startReceiver()
      receivers.push(r)
      return r
    }
    const subscribe = async (body: Record<string, unknown>) => {
      const res = await server.post('/v1/webhooks', body, { key: admin })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      return res.body as { id: string; secret: string }
    }
    const ingest = async (events: Record<string, unknown>[]) => {
      const res = await server.post('/v1/events', { events }, { key: writer })
      expect(res.body.accepted).toBe(events.length)
    }

    beforeEach(async () => {
      server = await startTestServer(flavour, { config: FAST })
      admin = await server.readKey('co_w', 'admin')
      writer = await server.writeKey('co_w')
    })
    afterEach(async () => {
      await server.close()
      for (const r of receivers.splice(0)) await r.close()
    })

    it('manages subscriptions with an admin read key, with clear errors', async () => {
      const hook = await receiver()
      const marketing = await server.readKey('co_w', 'marketing')
      expect(
        (await server.post('/v1/webhooks', { url: hook.url, events: ['*'] }, { key: marketing })).status,
      ).toBe(403)
      expect(
        (await server.post('/v1/webhooks', { url: hook.url, events: ['*'] }, { key: writer })).status,
      ).toBe(403)
      expect((await server.post('/v1/webhooks', { url: hook.url, events: ['*'] })).status).toBe(401)

      const bad = await server.post(
        '/v1/webhooks',
        {
          url: 'ftp://x',
          events: ['campaign.*', 'camp*ign'],
          filter: { a: { op: 'like', value: 1 } },
          secret: 'nope',
        },
        { key: admin },
      )
      expect(bad.status).toBe(400)
      expect(bad.body.error.code).toBe('bad_request')
      expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual([
        '/url',
        '/events/1',
        '/filter/a/op',
        '/secret',
      ])

      const created = await subscribe({ url: hook.url, events: ['campaign.*'], description: 'crm' })
      expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/)
      const chosen = `whsec_${Buffer.alloc(32, 7).toString('base64')}`
      expect((await subscribe({ url: hook.url, events: ['*'], secret: chosen })).secret).toBe(chosen)

      const list = await server.get('/v1/webhooks', admin)
      expect(list.body.webhooks).toHaveLength(2)
      expect(JSON.stringify(list.body)).not.toContain('whsec_')
      const other = await server.readKey('co_other', 'admin')
      expect((await server.get('/v1/webhooks', other)).body.webhooks).toEqual([])
      expect((await server.get(`/v1/webhooks/${created.id}`, other)).status).toBe(404)

      const one = await server.get(`/v1/webhooks/${created.id}`, admin)
      expect(one.body).toMatchObject({
        id: created.id,
        status: 'enabled',
        deliveries: { pending: 0, delivered: 0, dead: 0 },
      })
      const del = await request(server.url, 'DELETE', `/v1/webhooks/${created.id}`, undefined, { key: admin })
      expect(del.status).toBe(204)
      expect(
        (await request(server.url, 'DELETE', `/v1/webhooks/${created.id}`, undefined, { key: admin })).status,
      ).toBe(404)
      expect((await server.get('/v1/webhooks', admin)).body.webhooks).toHaveLength(1)
    })

    it('keeps at most MAX_SUBSCRIPTIONS per company: one more is a 409 naming the limit', async () => {
      const url = 'https://receiver.example/hook'
      const lone = await server.readKey('co_limit', 'admin')
      const ids: string[] = []
      for (let i = 0; i < MAX_SUBSCRIPTIONS; i++) {
        const res = await server.post('/v1/webhooks', { url, events: ['*'] }, { key: lone })
        expect(res.status).toBe(201)
        ids.push(res.body.id)
      }
      const over = await server.post('/v1/webhooks', { url, events: ['*'] }, { key: lone })
      expect(over.status).toBe(409)
      expect(over.body.error.message).toContain(`has ${MAX_SUBSCRIPTIONS} webhook subscriptions`)
      expect(over.body.error.details).toEqual({ limit: MAX_SUBSCRIPTIONS })
      // Another company's count is its own; deleting one frees a place.
      expect((await server.post('/v1/webhooks', { url, events: ['*'] }, { key: admin })).status).toBe(201)
      expect(
        (await request(server.url, 'DELETE', `/v1/webhooks/${ids[0]}`, undefined, { key: lone })).status,
      ).toBe(204)
      expect((await server.post('/v1/webhooks', { url, events: ['*'] }, { key: lone })).status).toBe(201)
    })

    it('delivers signed events that verify with the docs snippet and the Standard Webhooks library', async () => {
      const hook = await receiver()
      const { id, secret } = await subscribe({ url: hook.url, events: ['ticket.sla_breached', 'campaign.*'] })
      const events = [
        makeEvent('campaign.sent', { company: 'co_w', customer: 'c1' }),
        makeEvent('ticket.sla_breached', { company: 'co_w', customer: 'c1' }),
        makeEvent('ticket.created', { company: 'co_w', customer: 'c1' }),
        makeEvent('campaign.replied', { company: 'co_w', customer: 'c2' }),
      ]
      await ingest(events)
      const got = await hook.waitFor(3)
      await new Promise((r) => setTimeout(r, 300))
      expect(hook.requests).toHaveLength(3)
      expect(got.map((r) => r.json.event.event_id).sort()).toEqual(
        [events[0]!, events[1]!, events[3]!].map((e) => e.event_id).sort(),
      )
      const snippet = docsSnippetVerifier()
      const reference = new Webhook(secret)
      for (const r of got) {
        expect(r.headers['webhook-id']).toBe(r.json.delivery_id)
        expect(r.json.delivery_id).toMatch(/^msg_/)
        expect(r.json.subscription_id).toBe(id)
        expect(Math.abs(Number(r.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(10)
        expect(r.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/)
        expect(snippet(secret, r.headers, r.body).delivery_id).toBe(r.json.delivery_id)
        expect(
          (reference.verify(r.body, r.headers as Record<string, string>) as { event: unknown }).event,
        ).toEqual(r.json.event)
        const sent = events.find((e) => e.event_id === r.json.event.event_id)!
        expect(r.json.event).toMatchObject({
          event_id: sent.event_id,
          event_attributes: sent.event_attributes,
        })
        // A tampered body, or another secret, fails both verifiers.
        const tampered = r.body.replace('"event":{', '"event":{"x":1,')
        expect(() => snippet(secret, r.headers, tampered)).toThrow()
        expect(() => reference.verify(tampered, r.headers as Record<string, string>)).toThrow()
        expect(() => snippet(`whsec_${Buffer.alloc(32).toString('base64')}`, r.headers, r.body)).toThrow()
      }
      await waitUntil(
        async () => (await server.get(`/v1/webhooks/${id}`, admin)).body.deliveries.delivered === 3,
      )
    })

    it('matches patterns and attribute filters exactly', async () => {
      const hook = await receiver()
      const star = await subscribe({ url: `${hook.url}/star`, events: ['*'] })
      const prefix = await subscribe({ url: `${hook.url}/prefix`, events: ['campaign.*'] })
      const filtered = await subscribe({
        url: `${hook.url}/filtered`,
        events: ['campaign.sent', 'campaign.replied'],
        filter: {
          campaign_id: 'camp_7',
          '$.source_module': 'campaign',
          missing: { op: 'exists', value: false },
        },
      })
      const numeric = await subscribe({
        url: `${hook.url}/numeric`,
        events: ['*'],
        filter: { campaign_id: { op: 'in', value: ['camp_8', 'camp_9'] } },
      })
      const events = [
        makeEvent('campaign.sent', {
          company: 'co_w',
          customer: 'c1',
          attributes: { campaign_id: 'camp_7' },
        }),
        makeEvent('campaign.replied', {
          company: 'co_w',
          customer: 'c1',
          attributes: { campaign_id: 'camp_8' },
        }),
        makeEvent('ticket.created', { company: 'co_w', customer: 'c1' }),
        makeEvent('add_to_cart', { company: 'co_w', customer: 'c1' }),
        makeEvent('campaign.clicked', {
          company: 'co_w',
          customer: 'c1',
          attributes: { campaign_id: 'camp_7' },
        }),
      ]
      await ingest(events)
      // Another company's events never reach co_w's subscriptions.
      const otherWriter = await server.writeKey('co_x')
      await server.post(
        '/v1/events',
        { events: [makeEvent('campaign.sent', { company: 'co_x' })] },
        { key: otherWriter },
      )
      await hook.waitFor(5 + 3 + 1 + 1)
      await new Promise((r) => setTimeout(r, 400))
      const by = (path: string) =>
        hook.requests
          .filter((r) => r.path === `/hook/${path}`)
          .map((r) => r.json.event.event_id)
          .sort()
      const ids = (...i: number[]) => i.map((n) => events[n]!.event_id).sort()
      expect(by('star')).toEqual(ids(0, 1, 2, 3, 4))
      expect(by('prefix')).toEqual(ids(0, 1, 4))
      expect(by('filtered')).toEqual(ids(0))
      expect(by('numeric')).toEqual(ids(1))
      expect(hook.requests).toHaveLength(10)
      for (const [sub, path] of [
        [star, 'star'],
        [prefix, 'prefix'],
        [filtered, 'filtered'],
        [numeric, 'numeric'],
      ] as const) {
        for (const r of hook.requests.filter((q) => q.path === `/hook/${path}`))
          expect(r.json.subscription_id).toBe(sub.id)
      }
    })

    it('retries a failing receiver until it recovers, with the same delivery id, honouring Retry-After', async () => {
      const hook = await receiver()
      const failures = new Map<string, number>()
      hook.answer = (r) => {
        const n = (failures.get(r.json.delivery_id) ?? 0) + 1
        failures.set(r.json.delivery_id, n)
        if (n === 1) return { status: 503, headers: { 'retry-after': '1' } }
        if (n === 2) return { status: 500 }
        return { status: 200 }
      }
      const { id } = await subscribe({ url: hook.url, events: ['*'] })
      const events = Array.from({ length: 6 }, (_, i) =>
        makeEvent('campaign.sent', { company: 'co_w', customer: `c${i}` }),
      )
      await ingest(events)
      await hook.waitFor(18, 20_000)
      for (const [deliveryId, n] of failures) {
        expect(n, deliveryId).toBe(3)
        const attempts = hook.requests.filter((r) => r.json.delivery_id === deliveryId)
        // Retry-After: 1 pushed the second attempt at least a second past the first.
        expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(950)
      }
      expect(new Set(hook.requests.map((r) => r.json.event.event_id)).size).toBe(6)
      await waitUntil(
        async () => (await server.get(`/v1/webhooks/${id}`, admin)).body.deliveries.delivered === 6,
      )
    })

    it('dead-letters after the retry budget; replay delivers with the same id', async () => {
      const hook = await receiver()
      let healthy = false
      // An internal service's error page: its body must never come back through the dead letters.
      hook.answer = () => (healthy ? { status: 204 } : { status: 500, body: 'db_password=hunter2' })
      const { id } = await subscribe({ url: hook.url, events: ['ticket.*'] })
      const events = [
        makeEvent('ticket.created', { company: 'co_w', customer: 'c1' }),
        makeEvent('ticket.resolved', { company: 'co_w', customer: 'c1' }),
      ]
      await ingest(events)
      await hook.waitFor(8) // 1 + 3 retries each
      await waitUntil(async () => (await server.get(`/v1/webhooks/${id}`, admin)).body.deliveries.dead === 2)
      const dead = await server.get(`/v1/webhooks/${id}/dead-letters?limit=1`, admin)
      expect(dead.body.deliveries).toHaveLength(1)
      expect(dead.body.deliveries[0]).toMatchObject({ attempts: 4, last_status: 500, last_error: 'HTTP 500' })
      expect(JSON.stringify(dead.body)).not.toContain('hunter2')
      // The recent deliveries, every state or one: the same two, dead, newest first.
      const recent = await server.get(`/v1/webhooks/${id}/deliveries`, admin)
      expect(recent.body.deliveries.map((d: { status: string }) => d.status)).toEqual(['dead', 'dead'])
      expect(recent.body.deliveries[0].delivery_id).toBe(dead.body.deliveries[0].delivery_id)
      expect(
        (await server.get(`/v1/webhooks/${id}/deliveries?status=delivered`, admin)).body.deliveries,
      ).toEqual([])
      const notOurs = await server.get(`/v1/webhooks/${id}/dead-letters?cursor=zzz`, admin)
      expect(notOurs.status).toBe(400)
      expect(notOurs.body.error.details).toEqual({ parameter: 'cursor', value: 'zzz' })
      const bad = await server.get(`/v1/webhooks/${id}/deliveries?status=sent`, admin)
      expect(bad.status).toBe(400)
      expect(bad.body.error.details).toEqual({ parameter: 'status', value: 'sent' })
      const rest = await server.get(
        `/v1/webhooks/${id}/dead-letters?limit=1&cursor=${dead.body.next_cursor}`,
        admin,
      )
      expect(rest.body.next_cursor).toBeNull()
      const deadIds = [dead.body.deliveries[0].delivery_id, rest.body.deliveries[0].delivery_id]
      expect(new Set(deadIds).size).toBe(2)

      healthy = true
      const one = await server.post(
        `/v1/webhooks/${id}/dead-letters/replay`,
        { delivery_ids: [deadIds[0]] },
        { key: admin },
      )
      expect(one.body).toEqual({ replayed: 1 })
      await hook.waitFor(9)
      expect(hook.requests[8]!.json.delivery_id).toBe(deadIds[0])
      const all = await server.post(`/v1/webhooks/${id}/dead-letters/replay`, {}, { key: admin })
      expect(all.body).toEqual({ replayed: 1 })
      await hook.waitFor(10)
      expect(hook.requests[9]!.json.delivery_id).toBe(deadIds[1])
      await waitUntil(
        async () => (await server.get(`/v1/webhooks/${id}`, admin)).body.deliveries.delivered === 2,
      )
      expect((await server.get(`/v1/webhooks/${id}/dead-letters`, admin)).body.deliveries).toEqual([])
    })

    it('disables a subscription whose receiver answers 410', async () => {
      const hook = await receiver()
      hook.answer = () => ({ status: 410 })
      const { id } = await subscribe({ url: hook.url, events: ['*'] })
      await ingest([makeEvent('campaign.sent', { company: 'co_w', customer: 'c1' })])
      await hook.waitFor(1)
      await waitUntil(async () => (await server.get(`/v1/webhooks/${id}`, admin)).body.status === 'disabled')
      const sub = (await server.get(`/v1/webhooks/${id}`, admin)).body
      expect(sub.disabled_reason).toMatch(/410/)
      await ingest([makeEvent('campaign.sent', { company: 'co_w', customer: 'c1' })])
      await new Promise((r) => setTimeout(r, 300))
      expect(hook.requests).toHaveLength(1)
      expect((await server.get(`/v1/webhooks/${id}`, admin)).body.deliveries.pending).toBe(0)
      const replay = await server.post(`/v1/webhooks/${id}/dead-letters/replay`, {}, { key: admin })
      expect(replay.status).toBe(409)
    })

    it('keeps other subscriptions and ingest flowing while one receiver hangs', async () => {
      // Had the hanging receiver held up ingest or the others, they would wait out its timeout:
      // bounds at half of it prove they did not, with room for a loaded machine.
      const timeoutMs = 60_000
      await server.close()
      server = await startTestServer(flavour, {
        config: { ...FAST, webhookTimeoutMs: timeoutMs, webhookLeaseMs: 2 * timeoutMs },
      })
      admin = await server.readKey('co_w', 'admin')
      writer = await server.writeKey('co_w')
      const slow = await receiver()
      slow.answer = () => 'hang'
      const fast = await receiver()
      await subscribe({ url: slow.url, events: ['*'] })
      await subscribe({ url: fast.url, events: ['*'] })
      const started = Date.now()
      for (let i = 0; i < 4; i++) {
        const before = Date.now()
        await ingest(
          Array.from({ length: 10 }, () => makeEvent('campaign.sent', { company: 'co_w', customer: 'c1' })),
        )
        expect(Date.now() - before).toBeLessThan(timeoutMs / 2)
      }
      await fast.waitFor(40, timeoutMs / 2)
      expect(Date.now() - started).toBeLessThan(timeoutMs / 2)
      // The hanging receiver holds at most its per-subscription share of slots.
      expect(slow.requests.length).toBeLessThanOrEqual(4)
    })

    it('reports delivery state on /metrics', async () => {
      const hook = await receiver()
      await subscribe({ url: hook.url, events: ['*'] })
      await ingest([makeEvent('campaign.sent', { company: 'co_w', customer: 'c1' })])
      await hook.waitFor(1)
      await waitUntil(async () =>
        (await server.get('/metrics')).body.includes('cebe_webhook_attempts_total{outcome="delivered"} 1'),
      )
      const text = (await server.get('/metrics')).body as string
      for (const name of [
        'cebe_webhook_deliveries_pending',
        'cebe_webhook_deliveries_dead',
        'cebe_webhook_oldest_due_seconds',
        'cebe_webhook_outbox_pending',
        'cebe_webhook_dispatch_lag_seconds_bucket',
      ]) {
        expect(text).toContain(name)
      }
    })

    it('lists the webhook routes in /openapi.json', async () => {
      const doc = (await server.get('/openapi.json')).body
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/v1/webhooks',
          '/v1/webhooks/{id}',
          '/v1/webhooks/{id}/dead-letters/replay',
        ]),
      )
    })
  })
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 50))
  }
}
