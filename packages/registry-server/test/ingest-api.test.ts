/**
 * POST /v1/events as the contract says, on every store: auth, limits, per-event results,
 * duplicates and conflicts, identity resolution, and tenant isolation.
 */
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeEvent } from './support/events.js'
import { startTestServer, type TestServer } from './support/test-server.js'
import { STORES } from './support/test-stores.js'

for (const flavour of STORES) {
  describe.skipIf(flavour.skipReason !== undefined)(`POST /v1/events: ${flavour.name}`, () => {
    let server: TestServer
    let key: string

    beforeAll(async () => {
      server = await startTestServer(flavour)
      key = await server.writeKey('co_a')
    })
    afterAll(async () => server?.close())

    const send = (events: unknown[], init: { key?: string; gzip?: boolean } = {}) =>
      server.post('/v1/events', { events }, { key, ...init })

    it('accepts a batch and answers after it is stored', async () => {
      const events = [
        makeEvent('campaign.sent', { company: 'co_a' }),
        makeEvent('ticket.created', { company: 'co_a' }),
      ]
      const res = await send(events)
      expect(res.status).toBe(200)
      expect(res.body).toEqual({
        accepted: 2,
        duplicates: 0,
        conflicts: [],
        rejected: [],
        results: ['accepted', 'accepted'],
      })
      for (const e of events)
        expect((await server.store.getEvent('co_a', e.event_id))?.eventName).toBe(e.event_name)
    })

    it('answers {"events": []} with zero counts', async () => {
      const res = await send([])
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({ accepted: 0, duplicates: 0, rejected: [] })
    })

    it('stores the valid events of a partial batch and rejects the rest with paths and messages', async () => {
      const good = makeEvent('campaign.sent', { company: 'co_a' })
      const badAttr = makeEvent('campaign.sent', { company: 'co_a', attributes: { campaign_id: 42 } })
      const otherCompany = makeEvent('campaign.sent', { company: 'co_b' })
      const wrongModule = { ...makeEvent('campaign.sent', { company: 'co_a' }), source_module: 'deals' }
      const res = await send([
        good,
        badAttr,
        'not an event',
        otherCompany,
        wrongModule,
        { event_name: 'nope.nope' },
      ])
      expect(res.status).toBe(200)
      expect(res.body.accepted).toBe(1)
      expect(res.body.results).toEqual([
        'accepted',
        'rejected',
        'rejected',
        'rejected',
        'rejected',
        'rejected',
      ])
      const byIndex = Object.fromEntries(res.body.rejected.map((r: any) => [r.index, r]))
      expect(byIndex[1].event_id).toBe(badAttr.event_id)
      expect(byIndex[1].errors[0]).toMatchObject({ path: '/event_attributes/campaign_id' })
      expect(byIndex[2].event_id).toBeNull()
      expect(byIndex[3].errors[0]).toMatchObject({ path: '/company_id' })
      expect(byIndex[4].errors[0].path).toBe('/source_module')
      expect(byIndex[5].errors[0].message).toMatch(/unknown event/)
      expect(await server.store.getEvent('co_a', badAttr.event_id)).toBeUndefined()
      expect(await server.store.countEvents('co_b')).toBe(0)
    })

    it('counts repeats as duplicates and changed content under a used id as a conflict (first write wins)', async () => {
      const a = makeEvent('deal.created', { company: 'co_a' })
      expect((await send([a])).body.accepted).toBe(1)
      const retry = { ...a, sent_at: new Date().toISOString() }
      const changed = { ...a, trigger_from: 'import' }
      const res = await send([retry, changed])
      expect(res.body).toMatchObject({ accepted: 0, duplicates: 1, results: ['duplicate', 'conflict'] })
      expect(res.body.conflicts).toEqual([
        { index: 1, event_id: a.event_id, message: expect.stringMatching(/first write/) },
      ])
      expect((await server.store.getEvent('co_a', a.event_id))?.body.trigger_from).toBe(a.trigger_from)
      const metrics = await server.get('/metrics')
      expect(metrics.body).toMatch(
        /cebe_ingest_events_total\{outcome="conflict",module="deals",event="deal.created"\} 1/,
      )
    })

    it('records source-to-commit lag and counts stored events over the 5 s SLA', async () => {
      const read = async () => {
        const text = (await server.get('/metrics')).body as string
        const value = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? 0)
        return {
          lagged: value('cebe_event_commit_lag_seconds_count'),
          overSla: value('cebe_events_over_sla_total'),
        }
      }
      const before = await read()
      const minuteAgo = new Date(Date.now() - 60_000).toISOString()
      const late = makeEvent('deal.created', { company: 'co_a', timestamp: minuteAgo })
      const fresh = makeEvent('deal.created', { company: 'co_a' })
      const backfill = makeEvent('deal.created', { company: 'co_a', timestamp: '2026-01-01T00:00:00Z' })
      expect((await send([late, fresh, backfill])).body.accepted).toBe(3)
      expect((await send([late])).body.duplicates).toBe(1) // a duplicate is not a new commit
      const after = await read()
      expect(after.lagged - before.lagged).toBe(3)
      // The minute-old event breaks the SLA; a backfilled one (older than an hour) does not count.
      expect(after.overSla - before.overSla).toBe(1)
    })

    it('writes concurrent requests in shared transactions and acks each one', async () => {
      const batches = Array.from({ length: 12 }, () =>
        Array.from({ length: 40 }, () =>
          makeEvent('campaign.clicked', { company: 'co_a', customer: 'u_group' }),
        ),
      )
      const results = await Promise.all(batches.map((b) => send(b)))
      expect(results.map((r) => r.body.accepted)).toEqual(batches.map(() => 40))
      const [aggregate] = await server.store.customerAggregates('co_a', 'u_group')
      expect(aggregate?.count).toBe(480)
    })

    it('accepts gzip bodies', async () => {
      const res = await send([makeEvent('campaign.sent', { company: 'co_a' })], { gzip: true })
      expect(res.status).toBe(200)
      expect(res.body.accepted).toBe(1)
    })

    it('resolves events through identifiers and links unresolved ones later', async () => {
      const lead = makeEvent('ad.lead_captured', {
        company: 'co_a',
        customer: null,
        attributes: { phone: '+62899001' },
      })
      expect((await send([lead])).body.accepted).toBe(1)
      expect((await server.store.getEvent('co_a', lead.event_id))?.customerId).toBeNull()
      const profile = makeEvent('customer.created', {
        company: 'co_a',
        customer: 'cust_x',
        attributes: { phone: '+62899001' },
      })
      expect((await send([profile])).body.accepted).toBe(1)
      expect((await server.store.getEvent('co_a', lead.event_id))?.customerId).toBe('cust_x')
      const claim = makeEvent('customer.updated', {
        company: 'co_a',
        customer: 'cust_y',
        attributes: { phone: '+62899001', email: 'y@example.io' },
      })
      const res = await send([claim])
      expect(res.body.warnings).toEqual([expect.objectContaining({ index: 0, code: 'identity_conflict' })])
    })

    it('rejects one event over 32 KB and keeps the rest', async () => {
      const big = makeEvent('campaign.sent', { company: 'co_a' })
      big.event_description = 'x'.repeat(1000)
      ;(big as any).event_attributes = { ...big.event_attributes }
      const huge = { ...big, event_description: 'y'.repeat(1024) }
      const tooBig = makeEvent('ticket.created', { company: 'co_a' })
      ;(tooBig.event_attributes as any).subject = 'z'.repeat(40_000)
      const res = await send([huge, tooBig])
      expect(res.body.results[0]).toBe('accepted')
      expect(res.body.results[1]).toBe('rejected')
    })

    describe('errors', () => {
      it('401 without or with a wrong key, 403 for a read key', async () => {
        expect((await send([], { key: '' })).status).toBe(401)
        const wrong = await send([], { key: 'cebe_w_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })
        expect(wrong.status).toBe(401)
        expect(wrong.body.error.code).toBe('unauthorized')
        const read = await server.readKey('co_a', 'analyst')
        expect((await send([], { key: read })).status).toBe(403)
      })

      it('400 for unparseable bodies and bodies without events', async () => {
        const res = await server.post('/v1/events', '{"events": [', { key })
        expect(res.status).toBe(400)
        expect(res.body.error.code).toBe('invalid_json')
        expect((await server.post('/v1/events', { nope: 1 }, { key })).status).toBe(400)
        expect((await server.post('/v1/events', [1, 2], { key })).status).toBe(400)
        expect(
          (await server.post('/v1/events', 'gzip?', { key, headers: { 'content-encoding': 'gzip' } })).status,
        ).toBe(400)
      })

      it('413 beyond 500 events or 1 MB decompressed, including gzip bombs', async () => {
        const many = Array.from({ length: 501 }, () => ({}))
        expect((await send(many)).status).toBe(413)
        const large = JSON.stringify({ events: [], pad: 'x'.repeat(1_100_000) })
        expect((await server.post('/v1/events', large, { key })).status).toBe(413)
        const bomb = gzipSync(Buffer.from(JSON.stringify({ events: [], pad: ' '.repeat(20_000_000) })))
        const res = await server.post('/v1/events', bomb, { key, headers: { 'content-encoding': 'gzip' } })
        expect(res.status).toBe(413)
        expect(res.body.error.code).toBe('payload_too_large')
        expect(res.body.error.message).toMatch(/limit of 1 MiB \(1048576 bytes\) after decompression: split/)
      })

      it('413 for a plain body past the limit says the limit and what to do, in the error shape', async () => {
        // 2 MB: past the limit plus gzip's framing, so the HTTP layer stops reading before the parser.
        for (const size of [1_100_000, 2_000_000]) {
          const body = JSON.stringify({ events: [], pad: 'x'.repeat(size) })
          const res = await server.post('/v1/events', body, { key })
          expect(res.status).toBe(413)
          expect(res.body).toEqual({
            error: {
              code: 'payload_too_large',
              message:
                'the request body is larger than the limit of 1 MiB (1048576 bytes) after decompression: split the batch into smaller requests; gzip them (Content-Encoding: gzip) to send fewer bytes, the limit counts decompressed bytes',
              details: { limit_bytes: 1048576 },
            },
          })
        }
      })

      it('415 for bodies that are not JSON or use an unknown encoding', async () => {
        const text = await server.post('/v1/events', 'hello', {
          key,
          headers: { 'content-type': 'text/plain' },
        })
        expect(text.status).toBe(415)
        expect(text.body.error.code).toBe('unsupported_media_type')
        const br = await server.post('/v1/events', '{}', { key, headers: { 'content-encoding': 'br' } })
        expect(br.status).toBe(415)
      })
    })

    describe('tenant isolation', () => {
      it("a key of company A can neither write company B's events nor see them as duplicates", async () => {
        const keyB = await server.writeKey('co_b2')
        const eventB = makeEvent('campaign.sent', { company: 'co_b2' })
        expect((await server.post('/v1/events', { events: [eventB] }, { key: keyB })).body.accepted).toBe(1)
        const res = await send([eventB])
        expect(res.body.results).toEqual(['rejected'])
        expect(res.body.rejected[0].errors[0].path).toBe('/company_id')
        // the same event id under company A is a different event, not a duplicate of B's
        const ownCopy = { ...eventB, company_id: 'co_a' }
        expect((await send([ownCopy])).body.results).toEqual(['accepted'])
        expect((await server.store.getEvent('co_b2', eventB.event_id))?.body.company_id).toBe('co_b2')
      })

      it('a write key limited to modules cannot write other modules', async () => {
        const campaignOnly = await server.writeKey('co_a', ['campaign'])
        const res = await send(
          [makeEvent('campaign.sent', { company: 'co_a' }), makeEvent('deal.won', { company: 'co_a' })],
          {
            key: campaignOnly,
          },
        )
        expect(res.body.results).toEqual(['accepted', 'rejected'])
      })
    })
  })
}
