/**
 * POST /v1/backfill on both stores: NDJSON (plain and gzip) with per-line results, idempotent
 * re-sends, timelines and aggregates updated — and no webhook fired by history.
 */
import { gzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { customerTimeline } from '../src/retrieval/customer-timeline.js'
import { makeEvent } from './support/events.js'
import { request, startTestServer, type TestServer } from './support/test-server.js'
import { STORES } from './support/test-stores.js'
import { type Receiver, startReceiver } from './support/webhook-receiver.js'

const ndjson = { 'content-type': 'application/x-ndjson' }

for (const flavour of STORES) {
  describe.skipIf(flavour.skipReason !== undefined)(`POST /v1/backfill (${flavour.name})`, () => {
    let server: TestServer
    let writer: string
    let receiver: Receiver
    beforeEach(async () => {
      server = await startTestServer(flavour, { config: { webhookPollMs: 20 } })
      writer = await server.writeKey('co_b')
      receiver = await startReceiver()
    })
    afterEach(async () => {
      await server.close()
      await receiver.close()
    })

    it('stores valid lines, reports bad ones by line, and fires no webhook', async () => {
      const admin = await server.readKey('co_b', 'admin')
      const sub = await server.post('/v1/webhooks', { url: receiver.url, events: ['*'] }, { key: admin })
      expect(sub.status).toBe(201)
      const day = 86_400_000
      const history = Array.from({ length: 30 }, (_, i) =>
        makeEvent(i % 2 ? 'campaign.sent' : 'ticket.created', {
          company: 'co_b',
          customer: `cust_${i % 3}`,
          timestamp: new Date(Date.now() - (300 - i) * day).toISOString(),
        }),
      )
      const lines = history.map((e) => JSON.stringify(e))
      lines.splice(3, 0, '{not json')
      lines.splice(7, 0, '')
      lines.splice(10, 0, JSON.stringify({ ...history[0], event_id: 'x-1', company_id: 'co_other' }))
      lines.splice(12, 0, JSON.stringify({ ...history[1], event_id: 'x-2', event_attributes: {} }))
      lines.push(`{"pad":"${'x'.repeat(70_000)}"}`)
      const body = `${lines.join('\n')}\n`
      const res = await server.post('/v1/backfill', gzipSync(body), {
        key: writer,
        headers: { ...ndjson, 'content-encoding': 'gzip' },
      })
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      expect(res.body).toMatchObject({
        lines: 34,
        accepted: 30,
        duplicates: 0,
        rejected: 4,
        rejects_truncated: false,
      })
      expect(
        res.body.rejects.map((r: { line: number; errors: { code: string }[] }) => [
          r.line,
          r.errors[0]!.code,
        ]),
      ).toEqual([
        [4, 'invalid_json'],
        [11, 'invalid_value'],
        [13, expect.any(String)],
        [35, 'too_big'],
      ])
      expect(res.body.rejects[1].event_id).toBe('x-1')

      const aggregates = await server.store.customerAggregates('co_b', 'cust_0')
      expect(aggregates.reduce((n, a) => n + a.count, 0)).toBe(10)
      const timeline = await customerTimeline(server.store.readSide, {
        companyId: 'co_b',
        customerId: 'cust_1',
        limit: 100,
      })
      expect(timeline).toHaveLength(10)
      expect(await server.store.outbox('co_b')).toEqual([])

      // Re-sending (a resumed backfill) stores nothing twice.
      const again = await server.post('/v1/backfill', body, { key: writer, headers: ndjson })
      expect(again.body).toMatchObject({ accepted: 0, duplicates: 30, rejected: 4 })
      expect(await server.store.countEvents('co_b')).toBe(30)

      // A live event still fires: the dispatcher runs, history simply never reaches it.
      const live = makeEvent('campaign.sent', { company: 'co_b', customer: 'cust_0' })
      await server.post('/v1/events', { events: [live] }, { key: writer })
      const [delivered] = await receiver.waitFor(1)
      await new Promise((r) => setTimeout(r, 300))
      expect(receiver.requests).toHaveLength(1)
      expect(delivered!.json.event.event_id).toBe(live.event_id)
    })

    it('reports a conflicting line and refuses what is not an NDJSON stream from a write key', async () => {
      const event = makeEvent('ticket.created', { company: 'co_b', customer: 'c1' })
      await server.post('/v1/backfill', JSON.stringify(event), { key: writer, headers: ndjson })
      const changed = { ...event, event_attributes: { ...event.event_attributes, ticket_id: 'other' } }
      const res = await server.post('/v1/backfill', JSON.stringify(changed), { key: writer, headers: ndjson })
      expect(res.body).toMatchObject({
        accepted: 0,
        rejected: 1,
        rejects: [{ line: 1, errors: [{ code: 'conflict' }] }],
      })

      const reader = await server.readKey('co_b', 'admin')
      expect((await server.post('/v1/backfill', '', { key: reader, headers: ndjson })).status).toBe(403)
      expect((await server.post('/v1/backfill', { events: [] }, { key: writer })).status).toBe(415)
      const broken = await server.post('/v1/backfill', Buffer.from('not gzip'), {
        key: writer,
        headers: { ...ndjson, 'content-encoding': 'gzip' },
      })
      expect(broken.status).toBe(400)
      expect(broken.body.error.code).toBe('bad_request')
      const empty = await request(server.url, 'POST', '/v1/backfill', '', { key: writer, headers: ndjson })
      expect(empty.body).toMatchObject({ lines: 0, accepted: 0 })
    })
  })
}
